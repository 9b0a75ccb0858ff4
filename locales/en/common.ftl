# Strings shared by the parent widget and the staff console.

-brand = Yorisoi

language-label = Language
send = Send
author-you = You
author-parent = Parent
status-connecting = Connecting…
status-offline = Offline — your messages will be sent when you're back
message-sending = Sending…
message-failed = Not sent
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
