# The parent's chat widget.

widget-title = Parenting chat
widget-subtitle = { -brand } · a place to talk about raising children
widget-close = Close chat
# Opens the emergency numbers (always in the header).
widget-help = Emergency help
widget-welcome = Hello. You can write about anything to do with raising your children, whenever you like. You don't need to give your name. A staff member will reply when they're free.
widget-nickname = Nickname (optional)
widget-log-label = Conversation
message-label = Message
widget-placeholder = Write whatever is on your mind…
# "Forget this device": the conversation stays with the staff, only this browser forgets it.
forget-open = Forget this device
forget-explain = This browser will no longer show your conversation. The staff keep it. If you write again, a new conversation starts.
forget-confirm = Yes, forget
forget-cancel = Cancel
forget-waiting = Forgetting…
forget-done = Done. You can start a new conversation any time.
forget-dismiss = OK
forget-offline = This needs a connection. Please try again once you're online.
# Shown when this browser keeps nothing for the chat (storage refused everywhere).
widget-not-kept = This browser won't let the chat keep your conversation: once you close this page, you won't be able to come back to it here. To continue later, get a consultation code below before you write, and keep it.

# The consultation code: continue the conversation on another device, or after a page that could keep nothing.
code-get = Get a consultation code
code-yours = Your consultation code:
code-keep = Please keep it somewhere safe. With it you can continue this conversation on any device. Getting a new code replaces this one.
code-have = Have a consultation code?
code-label = Consultation code
code-continue = Continue the conversation
# Who answers and when (issue 12). The chooser is a radio group; each option starts with the staff member's name.
team-legend = Who would you like to talk to?
team-anyone = Anyone
team-now = Available now
# $time: "10:00" today, else the date and time.
team-from = Available from { $time }
reply-away = We're away right now. You can still leave a message, and we'll reply when we're back.
reply-soon = Usually replies within a few minutes
reply-by = Usually replies by { $time }
# The parent asked for someone who will not be there for a while.
ask-anyone = { $name } won't be available for a while. May someone else on the team reply?
ask-anyone-yes = Yes, anyone is fine
ask-anyone-wait = I'll wait
staff-typing = { $name } is typing…
