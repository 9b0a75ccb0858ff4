// The buttons of the console's cases page (/console/cases), which the server
// writes as HTML in the staff member's language (server/src/http/case_page).
// Each button calls the console's JSON API for cases, with the CSRF header the
// console sends (app/src/api/staff.rs), then reloads the page: simple and
// always what the server says. Refusals are explained in the page's language
// from the words the server put in #case-words. A file of its own because the
// page's CSP allows no inline script.

const API = "/api/console/cases";
const LANG_KEY = "yorisoi.console.lang"; // the console's remembered language
const words = JSON.parse(document.getElementById("case-words")?.textContent || "{}");
const main = document.getElementById("cases");
const alertRegion = document.getElementById("case-alert");
const statusRegion = document.getElementById("case-status");
const url = new URL(location.href);

// The console's language lives in this browser only: follow it unless the
// address chose one.
// Storage may be refused (a privacy setting): then nothing is remembered.
const storage = (kind) => {
  try {
    return window[kind];
  } catch {
    return null;
  }
};
const remembered = storage("localStorage")?.getItem(LANG_KEY);
const switching =
  !url.searchParams.has("lang") &&
  /^(ja|en)$/.test(remembered || "") &&
  remembered != document.documentElement.lang;
if (switching) {
  url.searchParams.set("lang", remembered);
  location.replace(url);
}

// Choosing a language here chooses it for the console too, as its own switch does.
for (const link of document.querySelectorAll("a[data-lang]")) {
  link.addEventListener("click", () => storage("localStorage")?.setItem(LANG_KEY, link.dataset.lang));
}

const say = (region, text) => {
  // Emptied first so the same words said twice are announced twice.
  region.textContent = "";
  setTimeout(() => (region.textContent = text), 50);
};

/// POSTs `body` to `path`; the answer's JSON, or throws the words to show.
async function post(path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-yorisoi-csrf": "1" },
      body: JSON.stringify(body ?? null),
    });
  } catch {
    throw words.failed;
  }
  const answer = await response.json().catch(() => null);
  if (response.ok) return answer;
  if (response.status == 401) throw words.signedOut;
  throw (answer && words.refusals?.[answer.reason]) || words.failed;
}

// After a step the page comes back where the staff member was: at that
// case (whose heading is read out), not at the top of a long list.
const FOCUS_KEY = "yorisoi.cases.focus";
const back = storage("sessionStorage")?.getItem(FOCUS_KEY);
if (back) {
  storage("sessionStorage").removeItem(FOCUS_KEY);
  document.getElementById(back)?.focus();
}

/// Runs one step with its button disabled; reloads after it unless `stay`.
async function step(button, work, stay) {
  button.disabled = true;
  say(statusRegion, words.working);
  try {
    await work();
    const article = button.closest("article[data-case]");
    if (article && !stay) storage("sessionStorage")?.setItem(FOCUS_KEY, article.id);
    if (!stay) return location.reload();
    statusRegion.textContent = "";
  } catch (problem) {
    statusRegion.textContent = "";
    say(alertRegion, String(problem));
  }
  button.disabled = false;
}

/// The edit of a draft's article, or null when nothing was changed.
function edit(article) {
  const field = (name) => article.querySelector(`[data-field="${name}"]`);
  const [short, long, hide] = ["short", "long", "hide"].map(field);
  const hidden = (hide?.value || "")
    .split(/[,、，\n]/)
    .map((word) => word.trim())
    .filter(Boolean);
  const changed = (area) => area && area.value != area.defaultValue;
  if (!changed(short) && !changed(long) && !hidden.length) return null;
  return {
    short: changed(short) ? short.value : null,
    long: changed(long) ? long.value : null,
    hide: hidden,
  };
}

async function copy(button) {
  const area = document.getElementById(button.dataset.copy);
  try {
    await navigator.clipboard.writeText(area.value);
  } catch {
    area.select();
    if (!document.execCommand("copy")) return say(alertRegion, words.copyFailed);
  }
  say(statusRegion, words.copied);
}

const actions = {
  propose: (button) =>
    step(button, () => post(API, { conversation: Number(button.dataset.conversation) })),
  save: (button, article, id) =>
    step(button, async () => {
      const changes = edit(article);
      if (changes) await post(`${API}/${id}/edit`, changes);
    }),
  // Unsaved changes go first: the parent is shown what the page shows.
  send: (button, article, id) =>
    step(button, async () => {
      const changes = edit(article);
      if (changes) await post(`${API}/${id}/edit`, changes);
      await post(`${API}/${id}/send`);
    }),
  review: (button, article, id) => step(button, () => post(`${API}/${id}/review`)),
  export: (button, article, id) =>
    step(
      button,
      async () => {
        const exported = await post(`${API}/${id}/export`);
        const box = document.getElementById(`case-${id}-export`);
        for (const area of box.querySelectorAll("textarea[data-export]")) {
          area.value = exported.texts[area.dataset.export];
        }
        box.hidden = false;
        box.querySelector("textarea").focus();
      },
      true,
    ),
  copy: (button) => copy(button),
};

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || button.disabled) return;
  const article = button.closest("article[data-case]");
  alertRegion.textContent = "";
  actions[button.dataset.action]?.(button, article, article?.dataset.case);
});

// `?propose=1` (the console's "Propose as a case"): once, at once, and never
// again on a reload (nor here when the page is about to change language: the
// page in that language proposes).
if (!switching && url.searchParams.has("propose")) {
  url.searchParams.delete("propose");
  history.replaceState(null, "", url);
  const propose = document.querySelector('button[data-action="propose"]');
  if (main?.dataset.proposeNow && propose) {
    say(statusRegion, words.proposing);
    actions.propose(propose);
  }
}
