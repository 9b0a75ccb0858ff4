/* Yorisoi loader (plain JS, budget 2 KB gzip after terser): draws the chat
   launcher inside a shadow root, so the host page's CSS and ours never meet,
   and loads the widget in an iframe from the chat server only when the parent
   opens it. If the server is down, or does not allow this site, the panel
   says so and the page stays usable. Messages from the frame are accepted
   only from the chat server's origin and that frame's window. The launcher
   wears the colour and sits on the side the site's organisation chose (its
   public face, /api/widget/face): it shows once that answer is in, or
   after 3 s without one in the standard colour on the right, so it never
   flashes the wrong look and never waits forever.
   Keyboard: opening puts focus in the frame (the widget then focuses its
   message box); Esc, here or inside the chat ("close"), closes the panel
   and puts focus back on the launcher. The widget says its language
   ("lang") so the launcher's label and the frame's title follow it, also
   after a reload: the choice is one of the widget's items kept here
   (below), read before the launcher is drawn.
   Storage: a frame from another site may find its own storage partitioned,
   fleeting or refused, so the loader keeps the widget's items (its visitor
   token, its unsent messages) in this page's localStorage, under the chat
   server's origin, and hands them only to that frame: all of them when it
   asks ("storage-get" -> "storage", items null when this page cannot store
   either), each change another tab makes ("stored"), and it stores or
   removes ("storage-set", value null) what the frame says.
   Badge: when staff replies wait unseen, the launcher shows how many, in
   its name too. The loader asks the server (/api/widget/unread, the
   widget's token as a plain-text POST: no preflight, never in a URL) when
   the page loads, without loading the chat, and each time the widget,
   hidden in its closed panel, hears a reply ("unread"); opening clears it
   (the widget then marks the replies read). */
(() => {
  const script = document.currentScript;
  if (!script || window.yorisoiLoaded) return;
  window.yorisoiLoaded = 1;
  const origin = new URL(script.src).origin;
  const here = location.origin;
  const site = encodeURIComponent(here);
  const strings = /*STRINGS*/{};
  const pick = (tag) => (/^(ja|en)/i.exec(tag || "") || [""])[0].toLowerCase();
  // The widget's items live in this page's storage under `space` + key.
  const probe = `yorisoi@${origin}`;
  const space = probe + " ";
  let store, kept, unread;
  try {
    kept = (store = localStorage)[space + "yorisoi.lang"];
  } catch {}
  // The parent's own choice (kept by the widget) first, then the page's.
  const lang =
    pick(kept) ||
    pick(script.dataset.lang) ||
    pick(document.documentElement.lang) ||
    pick(navigator.language) ||
    "en";
  let t = strings[lang];
  const css = `:host{all:initial}\
b{position:absolute;top:-6px;right:-6px;min-width:18px;border:2px solid;border-radius:50%;background:#3a2e28;font:700 12px/18px system-ui,sans-serif;display:grid;place-items:center}\
button{position:fixed;right:20px;bottom:20px;z-index:2147483647;width:60px;height:60px;padding:0;border:0;border-radius:50%;background:#b4532a;color:#fff;cursor:pointer;box-shadow:0 4px 14px #0004;display:grid;place-items:center}\
button:focus-visible{outline:3px solid #1d4ed8;outline-offset:3px}\
svg{width:28px;height:28px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}\
div{position:fixed;right:20px;bottom:92px;z-index:2147483647;width:380px;height:min(640px,100vh - 112px);border-radius:16px;overflow:hidden;box-shadow:0 8px 32px #0004;background:#fffaf5;color:#3a2e28;font:16px/1.6 system-ui,sans-serif}\
[hidden]{display:none}\
iframe{display:block;width:100%;height:100%;border:0}\
p{margin:0;padding:32px 24px;text-align:center}\
@media(max-width:480px){div{inset:0;width:auto;height:auto;border-radius:0}:host(.ready) button{display:none}}`;
  const chat = '<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1.1-4.6A8 8 0 1 1 21 12z"/>';
  const cross = '<path d="M6 6l12 12M18 6L6 18"/>';
  const host = document.createElement("yorisoi-chat");
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = '<div hidden><p role="status"></p></div><button type="button" aria-expanded="false"><svg viewBox="0 0 24 24" aria-hidden="true"></svg><b aria-hidden="true"></b></button>';
  const [panel, button] = root.children;
  const note = panel.firstChild;
  const [icon, badge] = button.children;
  let frame, timer;
  // Only ever to the chat server's origin.
  const post = (message) => frame && frame.contentWindow.postMessage(message, origin);
  // Names the launcher and draws its badge with `count` replies waiting:
  // only while the panel is closed, so opening clears them ("#" in the
  // string stands for the count).
  const name = (count) => {
    unread = panel.hidden && count > 0 && count;
    badge.textContent = unread;
    badge.hidden = !unread;
    button.setAttribute("aria-label", unread ? t.unread.replace("#", unread) : panel.hidden ? t.open : t.close);
  };
  const json = (answer) => answer.ok && answer.json();
  // Asks the server how many replies wait, with the token the widget keeps
  // here for this site.
  const ask = (token) =>
    (token = store && store[space + "yorisoi.token@" + here]) &&
    fetch(`${origin}/api/widget/unread`, { method: "POST", body: token })
      .then(json)
      .then(name, name);
  const show = (open) => {
    panel.hidden = !open;
    button.setAttribute("aria-expanded", open);
    name(unread);
    icon.innerHTML = open ? cross : chat;
    const ready = frame && frame.dataset.ready;
    host.className = open && ready ? "ready" : "";
    // Tell the widget whether it is seen (it marks messages read only then,
    // and puts focus in its message box when shown); only the chat server's
    // origin may receive it.
    if (ready) {
      if (open) frame.focus();
      post({ yorisoi: open ? "open" : "closed" });
    }
  };
  // The frame could not start: the server is down (no word within the time)
  // or it refused this site. Remove it and say why.
  const fail = (text) => {
    clearTimeout(timer);
    frame.remove();
    frame = null;
    note.hidden = false;
    note.textContent = text;
  };
  const load = () => {
    note.textContent = t.loading;
    frame = document.createElement("iframe");
    frame.title = t.title;
    frame.hidden = true;
    frame.src = `${origin}/widget?lang=${lang}&host=${site}`;
    panel.append(frame);
    timer = setTimeout(() => fail(t.down), 15000);
  };
  button.onclick = () => {
    const open = panel.hidden;
    if (open && !frame) load();
    show(open);
  };
  addEventListener("message", (event) => {
    if (!frame || event.origin !== origin || event.source !== frame.contentWindow) return;
    const data = event.data || {};
    const what = data.yorisoi;
    if (what === "storage-get") {
      // Null when this page's storage refuses to be read or written.
      let items = null;
      try {
        store.setItem(probe, 1);
        store.removeItem(probe);
        items = {};
        for (const key in store) if (key.startsWith(space)) items[key.slice(space.length)] = store[key];
      } catch {}
      post({ yorisoi: "storage", items });
    } else if (what === "storage-set") {
      try {
        data.value == null ? store.removeItem(space + data.key) : store.setItem(space + data.key, data.value);
      } catch {}
    } else if (what === "ready") {
      clearTimeout(timer);
      note.hidden = true;
      frame.hidden = false;
      frame.dataset.ready = 1;
      show(!panel.hidden);
    } else if (what === "refused") {
      fail(t.refused);
    } else if (what === "lang" && /^(ja|en)$/.test(data.lang)) {
      // The parent switched language in the chat: the launcher and the
      // frame's title follow.
      t = strings[data.lang];
      frame.title = t.title;
      name(unread);
    } else if (what === "unread") {
      ask();
    } else if (what === "close") {
      show(false);
      button.focus();
    }
  });
  addEventListener("storage", ({ key, newValue }) => {
    if (key && key.startsWith(space)) post({ yorisoi: "stored", items: { [key.slice(space.length)]: newValue } });
  });
  addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) {
      show(false);
      button.focus();
    }
  });
  show(false);
  // The launcher is in the page at once (a click already opens the chat)
  // but shows only when the organisation's colour and side are known: the
  // face's answer, a failure or 3 s, whichever comes first. Only a
  // well-formed colour and a known side are used.
  const sheet = root.adoptedStyleSheets ? new CSSStyleSheet() : root.appendChild(document.createElement("style"));
  const paint = (style) => (sheet.replaceSync ? sheet.replaceSync(style) : (sheet.textContent = style));
  if (sheet.replaceSync) root.adoptedStyleSheets = [sheet];
  paint(css + "button{opacity:0}");
  document.body.append(host);
  let drawn;
  const draw = (face) => {
    if (drawn) return;
    drawn = 1;
    face = face || {};
    let style = css;
    if (/^#[0-9a-f]{6}$/i.test(face.accent_color)) style = style.replace("#b4532a", face.accent_color);
    if (face.launcher_side == "left") style = style.replace(/right:20/g, "left:20");
    paint(style);
  };
  // A plain GET: fetch sends no cookies to another origin.
  fetch(`${origin}/api/widget/face?host=${site}`)
    .then(json)
    .then(draw, draw);
  setTimeout(draw, 3000);
  ask();
})();
