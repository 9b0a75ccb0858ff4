// The console's sound and browser notifications, as `window.yorisoiAlerts`
// for its wasm (app/src/console/alerts.rs decides when; this only does it):
// plain JS because the Web Audio and Notification bindings cost the wasm
// kilobytes. Imported by console-boot.js before the app starts; minified
// by the build.

let audio;

// One note of the chime at `frequency` Hz from `at` seconds, fading out.
function note(frequency, at) {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0, at);
  gain.gain.linearRampToValueAtTime(0.12, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.5);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(at);
  oscillator.stop(at + 0.55);
}

// A soft two-tone chime, no sound file to download: two sine notes a fifth
// apart (E6 then A5), quiet enough not to startle. One context, made on the
// first chime and reused (a browser allows only a few); one made before any
// click starts suspended, hence resume.
function chime() {
  audio ||= new AudioContext();
  audio.resume();
  note(1318.5, audio.currentTime);
  note(880, audio.currentTime + 0.18);
}

const permission = () => (window.Notification ? Notification.permission : "");

// Where staff member `staff`'s mute is kept on this device ("1": muted).
const muteKey = (staff) => "yorisoi.console.mute." + staff;

window.yorisoiAlerts = {
  permission,
  ask: () => Notification.requestPermission(),
  // localStorage throws where storage is refused (privacy settings): then
  // nothing is remembered and the console starts unmuted.
  muted(staff) {
    try {
      return localStorage.getItem(muteKey(staff)) == "1";
    } catch {
      return false;
    }
  },
  mute(staff, on) {
    try {
      localStorage.setItem(muteKey(staff), on ? "1" : "0");
    } catch {}
  },
  // The page is visible and its window has the focus.
  watched: () => !document.hidden && document.hasFocus(),
  // Chimes, shows a notification when allowed (one per conversation: the tag
  // replaces an older one; a click focuses the console and sends the window
  // `yorisoi-open` with the conversation's id), and writes what was said
  // into the console's log of announcements (#alerts-log).
  announce(title, body, id) {
    // Neither may keep the other or the log from happening (no audio
    // device; a browser that shows notifications only from a worker).
    try {
      chime();
    } catch {}
    try {
      if (permission() == "granted") {
        const shown = new Notification(title, { body, tag: "yorisoi-" + id });
        shown.onclick = () => {
          window.focus();
          dispatchEvent(new CustomEvent("yorisoi-open", { detail: id }));
          shown.close();
        };
      }
    } catch {}
    const log = document.getElementById("alerts-log");
    const line = document.createElement("p");
    line.textContent = body ? title + " — " + body : title;
    log?.append(line);
    if (log?.children.length > 20) log.firstChild.remove();
  },
};
