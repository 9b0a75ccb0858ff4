# Privacy by default (issue 13): texts the server writes for a parent, such
# as the transcript a parent downloads ("Download my conversation").

transcript-title = Your conversation with { $organisation }
transcript-number = Conversation number: { $number }
transcript-period = From { $first } to { $last }
transcript-downloaded = Downloaded on { $date }. It holds what you wrote, so please keep it somewhere safe.
transcript-you = You
transcript-empty = There are no messages yet.
