# The loader's launcher button and panel, on the host page (public/widget.js).
loader-open = Open chat
loader-close = Close chat
loader-frame-title = Parenting support chat
loader-loading = Opening the chat…
loader-unavailable = The chat can't be reached right now. Please try again a little later.
loader-refused = This chat isn't available on this site.
# The launcher's name when staff replies wait unseen; { $count } is how many
# (one form serves every count: the loader fills it in).
loader-open-unread = Open chat, { $count } unread
