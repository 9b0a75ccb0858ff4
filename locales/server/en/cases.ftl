# Server-only (see server/src/case_words.rs): kept out of locales/en/, which
# every wasm app's build compiles.
# Cases shared with the parent's consent (issue 13): the words the server
# writes into a case's text. Headings stand above each side's messages in
# the long text of a case written in English.

case-heading-parent = Question:
case-heading-staff = Answer:

# Why a step of a case was refused (`CaseRefusal::fluent_id`), for the
# case screens of staff and parents.
case-refusal-unknown-case = This case could not be found.
case-refusal-unknown-conversation = This conversation could not be found.
case-refusal-nothing-to-propose = This conversation has no messages to draft a case from yet.
case-refusal-edit-reveals-hidden = This edit brings back personal details that were hidden. Please keep them hidden.
case-refusal-edit-adds-contact = Phone numbers and email addresses cannot go into a case.
case-refusal-empty-text = The text is empty.
case-refusal-text-too-long = The text is too long. Please shorten it.
case-refusal-wording-fixed = The parent approved these exact words, so they can no longer change.
case-refusal-closed = The parent declined or withdrew their consent, so this case is closed.
case-refusal-not-sent = This case has not been sent to the parent yet.
case-refusal-already-decided = The parent has already answered.
case-refusal-wording-changed = The wording has changed. Please read the new wording first.
case-refusal-not-approved = The parent has not approved this case yet.
case-refusal-own-proposal = A staff member other than the one who proposed it needs to review this case.
case-refusal-not-reviewed = A second staff member needs to review this case before it is exported.
case-refusal-declined = The parent declined, so this case cannot be exported.
case-refusal-withdrawn = The parent withdrew their consent, so this case cannot be exported.

# The steps of a case's audit trail (`CaseStep::fluent_id`) and who took them.
case-step-proposed = Proposed
case-step-edited = Edited
case-step-sent-to-parent = Sent to the parent
case-step-approved = Approved by the parent
case-step-declined = Declined by the parent
case-step-withdrawn = Consent withdrawn by the parent
case-step-reviewed = Reviewed
case-step-exported = Exported
case-actor-parent = Parent
