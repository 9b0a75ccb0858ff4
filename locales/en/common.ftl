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
message-waiting = Waiting to send
message-cancel = Cancel
# Why a message waits; it is sent again by itself, nothing to do.
waiting-rate-limited = Several messages in a row: this one follows by itself in a moment.
waiting-busy-network = Many chats are starting on your network (shared Wi-Fi, say) right now. This one will go by itself in a few minutes.
waiting-server = Our server had a problem. Trying again by itself.
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
# Message times (issue 14): a 24-hour clock, the date when not today ($time is "18:47").
# The months' short names, in order, spaces between.
time-months = Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
# $when: this-year or other (today shows the time alone); $month is its name from time-months.
message-time =
    { $when ->
        [this-year] { $day } { $month } { $time }
       *[other] { $day } { $month } { $year } { $time }
    }
# Status line (issue 14): a change of your own messages, told once to screen
# readers. Sent and Read are told as message-sent and message-read; a refused
# one as its state (message-waiting or message-failed), then why.
status-news-refused = { $state }. { $reason }
