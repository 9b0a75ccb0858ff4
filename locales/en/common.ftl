# Strings shared by the parent widget and the staff console.

-brand = Yorisoi

language-label = Language
send = Send
author-you = You
author-parent = Parent
status-connecting = Connecting…
status-offline = Offline — your messages will be sent when you're back
status-reconnecting = Reconnecting… your messages will be sent when the connection is back
status-back = Connected again
# Delivery state shown on the user's own messages (browser tests check these exact texts).
message-sending = Sending…
message-sent = Sent
message-read = Read
message-failed = Not sent
message-retry = Retry
chars-remaining =
    { $count ->
        [one] 1 character left
       *[other] { $count } characters left
    }
chars-over =
    { $count ->
        [one] 1 character over the limit
       *[other] { $count } characters over the limit
    }
