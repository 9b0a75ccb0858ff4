# The parent's chat widget.

widget-title = Parenting chat
widget-subtitle = { -brand } · a place to talk about raising children
widget-close = Close chat
widget-welcome = Hello. You can write about anything to do with raising your children, whenever you like. You don't need to give your name. A staff member will reply when they're free.
widget-nickname = Nickname (optional)
widget-log-label = Conversation
message-label = Message
widget-placeholder = Write whatever is on your mind…
