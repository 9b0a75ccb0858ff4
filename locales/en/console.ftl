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
# The header's link to the settings page (everyone's profile and hours; the
# organisation's settings for admins); the browser tests follow it by this name.
console-settings = Profile and settings
# Keyboard shortcuts (issue 14): the header's button and the list it opens
# (a line a shortcut, keys first).
shortcuts-open = Keyboard shortcuts
shortcuts-list =
    Alt+Shift+N (Mac: Option+Shift+N): open the conversation waiting longest for a reply
    Enter: send the reply · Shift+Enter: new line
    ?: this list · Esc: close it
# The tab's title while parents' messages are unread: "(3) Yorisoi console".
console-title-unread = ({ $count }) { $title }
console-parent-typing = { $name } is typing…
# The staff member's presence; parents see it in when a reply can be expected.
presence-label = Status
presence-online = Online
presence-away = Away
presence-offline = Offline
# In the list: the parent asked for this staff member.
console-for-you = Asked for you
# In the list: since when the parent has waited for a reply ($time: "21:04" today, else with the date).
console-waiting-since = Waiting since { $time }
# The language badge's title when the parent writes in another language than their screen's.
console-parent-writes = Writes in { $lang } (screen in { $screen })
# Above the list (issue 12): the search box and the filter; their names are contracts of the browser tests.
console-search = Search
console-search-placeholder = Text, nickname or #12
console-searching = Searching…
console-found-none = No conversation matches your search.
console-filter = Filter
console-filter-all = Everyone's
console-filter-mine = Mine
console-filter-asked = Asked for me
console-filter-unassigned = Unassigned
console-state = Open or resolved
console-state-open = Open
console-state-resolved = Resolved
console-state-both = Both
console-filter-empty = No conversation matches this filter.
console-order = Order
console-order-newest = Newest first
console-order-waiting = Waiting longest first
# Who holds a conversation, and whether it is resolved (in the list and above the open conversation).
console-assigned = Assigned to { $name }
console-assigned-you = Assigned to you
console-resolved-mark = Resolved
# The open conversation's buttons; "Assign" and "Resolve" are contracts of the browser tests.
console-assign = Assign
console-take-over = Take over
console-hand-back = Hand back
console-resolve = Resolve
console-reopen = Reopen
# Internal notes: for staff only, never sent to the parent. "Internal note" names the box (a contract).
console-notes =
    { $count ->
        [0] Internal notes
        [one] Internal notes (1)
       *[other] Internal notes ({ $count })
    }
console-note = Internal note
console-note-hint = Only staff see notes. They are never sent to the parent.
console-note-add = Add note
# The open conversation's labels box (a contract of the browser tests), and its hint.
console-labels = Labels
console-labels-placeholder = Labels, separated by commas
# Canned replies (定型文) beside the reply box: the button (and its list's
# name; the browser tests press it by this name), and the list when empty.
canned-open = Canned replies
canned-none = No canned replies yet. Add them under Profile and settings.
# Sound and browser notifications for waiting parents (the status line's toggle, remembered per staff member on this device).
alerts-toggle = Sound and notifications
alerts-allow = Allow notifications
alerts-quiet = Quiet hours: no sound
# A browser notification's title for a parent's new message; its body is the parent's name and the start of the message.
alerts-new-message = New message from a parent
# When parents have had no reply for $hours hours ($names: who, comma-separated).
alerts-overdue =
    { $count ->
        [one] A parent has been waiting { $hours } hours: { $names }
       *[other] Parents have been waiting { $hours } hours: { $names }
    }
# A conversation whose parent wrote words that suggest danger (suicide, self-harm, harm to a child, an emergency), until a staff member replies: its mark in the list, and the alert above it ($names: who, comma-separated), also a notification's title.
console-danger = Danger sign
alerts-danger = Words that suggest danger: { $names }. Please reply first.
# Sends the emergency numbers (the widget's emergency notice, in the parent's language) into the conversation as a message, and opens the notice on the parent's screen.
console-send-help = Send emergency numbers
# Opens the cases page in a new tab, proposing the open conversation as a case to share (with the parent's consent).
console-propose-case = Propose as a case
alerts-dismiss = Dismiss
# The (visually hidden) list of what the console announced, for screen readers.
alerts-log = Announcements
