# Server only (see server/src/consent_cards.rs): not in locales/en/, which the wasm apps' build reads.
# The card where staff ask the parent's consent to share their story.
consent-heading = May we share your story?
consent-explain = So that other parents in the same situation know they are not alone, we would like to share the text below, for example on social media. Names, places and anything else that could identify you have been left out. Nothing is shared unless you approve, and you can withdraw your consent later.
consent-short = Short version
consent-long = Full text
consent-approve = Approve
consent-decline = Decline
consent-approved = Thank you. You agreed to share this text. You can withdraw your consent at any time.
consent-withdraw = Withdraw consent
consent-declined = Thank you for letting us know. This text will not be shared.
consent-withdrawn = You have withdrawn your consent. This text will not be shared from now on.
