//! Where "forget this device" (or "delete my conversation") stands: the one piece of state both the
//! session (which drives the revocation) and the panel (which shows it)
//! need. A leaf module, so `session` and `forget` each import it and never
//! each other's side of the circle.

/// Where "forget this device" stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForgetStep {
    /// Only the button shows.
    Idle,
    /// The confirmation is open.
    Asking,
    /// Confirmed; waiting for the server's `Forgotten`.
    Waiting,
    /// Confirmed while there was no connection: nothing was done.
    Offline,
    /// Forgotten: a calm note until dismissed or the next message.
    Done,
}

impl ForgetStep {
    /// The step's name in the panel's class (`on-<name>`), which shows the
    /// part of class `forget-<name>` (see widget.css).
    pub fn name(self) -> &'static str {
        match self {
            ForgetStep::Idle => "idle",
            ForgetStep::Asking | ForgetStep::Offline => "asking",
            ForgetStep::Waiting => "waiting",
            ForgetStep::Done => "done",
        }
    }
}

/// What the erase panel is about: which button opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erase {
    /// "Forget this device": only this browser's token goes.
    Forget,
    /// "Delete my conversation": the conversation goes from the server too.
    Delete,
}

impl Erase {
    /// The Fluent ids of its texts: what it does, its confirmation's
    /// button, and what is said once done.
    pub fn ids(self) -> [&'static str; 3] {
        match self {
            Erase::Forget => ["forget-explain", "forget-confirm", "forget-done"],
            Erase::Delete => ["delete-explain", "delete-confirm", "delete-done"],
        }
    }
}
