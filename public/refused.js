// Tells the embedding loader that this site may not embed the chat. The
// message carries no data, so any parent may receive it.
window.parent.postMessage({ yorisoi: "refused" }, "*");
