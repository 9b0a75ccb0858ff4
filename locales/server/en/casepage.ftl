# Server-only: the console's cases page (`/console/cases`, server/src/case_page.rs),
# written by the server so the console's wasm pays nothing for it. Kept out of
# locales/en/, which every wasm app's build compiles.

casepage-title = Shared cases
casepage-intro = Consultations shared with the parent's consent. Nothing is exported until the parent approves the exact words and a second staff member reviews them.
casepage-back = Back to the console
casepage-language = Language
casepage-all = All cases
casepage-of-conversation = Cases of conversation { $number }
casepage-none = No cases yet.
casepage-none-here = This conversation has no case yet.
casepage-propose = Propose as a case
casepage-proposing = Drafting the case…
casepage-unknown-conversation = This conversation could not be found.

# A case's heading and what it says about it.
casepage-case-of = Conversation { $number }
casepage-case-of-nickname = Conversation { $number } · { $nickname }
casepage-status = Status: { $status }
casepage-status-draft = Draft (the parent has not seen it)
casepage-status-sent = Waiting for the parent's answer
casepage-status-approved = Approved by the parent
casepage-status-declined = Declined by the parent
casepage-status-withdrawn = Consent withdrawn by the parent
casepage-proposed-by = Proposed by { $name } on { $date }
casepage-reviewed-by = Reviewed by { $name }
casepage-not-reviewed = Not reviewed yet
casepage-former-staff = a former staff member
casepage-language-of-case = Written in { $language }
casepage-language-ja = Japanese
casepage-language-en = English

# The texts and what staff do with them.
casepage-short = Short text (for a social-media post, up to { $max } characters)
casepage-long = Long text
casepage-hide = More words to hide (a name the detection missed; separate with commas)
casepage-redaction-note = Personal details are already hidden. You can rewrite and hide more, but never bring back what was hidden.
casepage-save = Save changes
casepage-send = Send to the parent
casepage-review = Approve review
casepage-review-own = You proposed this case, so another staff member reviews it.
casepage-export = Export
casepage-export-short = Short text to post
casepage-export-long = Long text to post

casepage-copied = Copied.
casepage-copy-failed = Could not copy. Please select the text and copy it.
casepage-working = Working…
casepage-failed = Something went wrong. Please try again.
casepage-signed-out = Your session has ended. Please log in to the console again.

# The parent's decision and the audit trail.
casepage-decision = The parent's decision
casepage-decision-none = The parent has not answered yet.
casepage-decision-unsent = Not sent to the parent yet.
casepage-decision-approved = Approved on { $date }
casepage-decision-declined = Declined on { $date }
casepage-decision-withdrawn = Consent withdrawn on { $date }
casepage-trail = Audit trail (times in { $zone })
casepage-trail-entry = { $step } · { $actor }
casepage-zone-tokyo = Japan time
casepage-copy-short = Copy the short text
casepage-copy-long = Copy the long text
