# The staff console.

console-title = { -brand } staff console
login-heading = Staff login
login-email = Email
login-password = Password
login-submit = Log in
logout = Log out
console-signed-in = Signed in as { $name }
console-loading = Loading…
console-conversations = Conversations
console-workspace = Conversations with parents
console-empty-list = No conversations yet.
console-more-conversations = Show older conversations
console-anonymous = Anonymous parent
# Marks a nickname as the name the parent chose for themselves, never a staff name.
console-nickname = Nickname
console-unread =
    { $count ->
        [one] 1 unread message
       *[other] { $count } unread messages
    }
console-parent-lang = Parent's language: { $lang }
console-choose = Choose a conversation from the list.
console-back = Back to the list
console-history-label = Messages
reply-label = Reply
console-reply-placeholder = Write a reply…
logout-all = Log out everywhere
logout-all-failed = Could not log out everywhere. Please check the connection and try again.
login-session-ended = Your session has ended. Please log in again.
login-logged-out-everywhere = You have been logged out on every device.
login-rate-limited = Too many login attempts. Please wait a few minutes and try again.
# Organisation settings (admins only). The browser tests find the fields by these names.
settings-open = Organisation settings
settings-back = Back to conversations
settings-intro = What parents see on your website: the chat's name, its greeting, its colour and where its button sits.
settings-name-ja = Name (Japanese)
settings-name-en = Name (English)
settings-greeting-ja = Greeting (Japanese)
settings-greeting-en = Greeting (English)
settings-greeting-hint = Shown to parents before their first message, up to { $max } characters. Leave it empty for the standard welcome.
settings-accent = Accent colour
settings-accent-hint = A # and six hexadecimal digits, for example #b4532a. It colours the chat button and the Send button, with white text on top.
settings-side = Launcher side
settings-side-left = Left
settings-side-right = Right
settings-save = Save settings
settings-saved = Settings saved.
settings-problem-name = Please enter the name in both Japanese and English, up to { $max } characters each.
settings-problem-greeting = Each greeting can be up to { $max } characters. Please shorten it.
settings-problem-accent-format = Please enter the colour as a # and six hexadecimal digits, for example #b4532a.
settings-problem-accent-contrast = This colour is too light: white text on it would be hard to read. Please choose a darker colour.
# Keyboard shortcuts (issue 14): the header's button and the list it opens
# (a line a shortcut, keys first).
shortcuts-open = Keyboard shortcuts
shortcuts-list =
    Alt+Shift+N (Mac: Option+Shift+N): open the conversation waiting longest for a reply
    Enter: send the reply · Shift+Enter: new line
    ?: this list · Esc: close it
