# Emergency help: the notice the widget's header opens at any time (the server writes it into the page).
help-title = If you need help now
help-intro = If a life is in danger or you need help right now, please don't wait for a reply here: call one of these numbers. Tap a number to call.
help-ambulance-name = Ambulance and fire
help-ambulance-what = When a life is in danger: unconscious, struggling to breathe, a seizure that does not stop. 24 hours; ask for English if you need it.
help-child-night-name = Children's medical advice (nights and holidays)
help-child-night-what = When your child is suddenly ill or hurt at night or on a holiday and you are not sure whether to go to hospital. Mostly in Japanese.
help-child-guidance-name = Child guidance centre line
help-child-guidance-what = When parenting feels too much and you fear you might hurt your child, or you worry a child is being abused. 24 hours, no name needed. In Japanese.
help-lifeline-name = Inochi no Denwa (lifeline)
help-lifeline-what = When you feel like dying or need someone to listen. Daily 10:00–22:00, in Japanese.
help-tell-name = TELL Lifeline (English)
help-tell-what = English-language counselling: when you need someone to listen in English.
# The heading of what the organisation added to the notice.
help-local = From { $name }
help-close = Close
# The privacy notice shown before the first message (an organisation may write its own).
privacy-standard = Only { $name }'s staff read this conversation, and nothing from it is shared without your consent.{ $days ->
        [0] {""}
       *[other] {" "}Resolved conversations are deleted after { $days } days.
    }
