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
console-empty-list = No conversations yet.
console-anonymous = Anonymous parent
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
