//! Who answers and when, as the widget holds it: the team the server
//! tells (in `Welcome`, then `Team` when it changes), whom the parent asked
//! for, whether they said they would wait for that person, and who is
//! typing a reply. The views (`chooser`, `expectation`) read these signals;
//! the session feeds them and sends the parent's choices.
//!
//! The signals reuse types the widget already has (a toggled `bool` for
//! "the members changed", a string for the typing hint): each new signal
//! type costs the wasm its own copy of the reactive code.

use leptos::prelude::*;
use yorisoi_protocol::team::Team;

use crate::browser;

/// `chosen` before the parent chose anything on this page.
const NOT_CHOSEN: i64 = -1;
/// `chosen` for "anyone".
const ANYONE: i64 = 0;

/// The widget's view of the team; a cheap `Copy` handle.
#[derive(Clone, Copy)]
pub struct TeamState {
    /// The team as last told; none before the first `Welcome`. Read after
    /// tracking `changed` (a stored value and a flag cost the wasm less
    /// than a signal of a new type).
    pub team: StoredValue<Option<Team>>,
    /// Flips whenever the team is told.
    pub changed: RwSignal<bool>,
    /// Flips when the team is told other than in answer to the parent's own
    /// choice: the chooser is redrawn only then, so a keyboard user moving
    /// through its radios keeps their place.
    pub members_changed: RwSignal<bool>,
    /// A `Nominate` was sent and its answer not yet told.
    choice_sent: StoredValue<bool>,
    /// The typing hint: the staff member's name and `0` or `1` alternating
    /// with each hint (each is drawn anew, so its fading out in
    /// widget.css starts again; no timer needed).
    pub typing: RwSignal<Option<String>>,
    /// The parent answered "I'll wait" to the question about someone else.
    pub waiting_for_nominee: RwSignal<bool>,
    /// The parent's choice on this page ([`NOT_CHOSEN`], [`ANYONE`] or a
    /// staff id), asked again after a reconnection before the first message.
    chosen: StoredValue<i64>,
    /// When this widget last told the server the parent is typing.
    typed_at_ms: StoredValue<i64>,
}

impl TeamState {
    /// Nothing known yet.
    pub fn new() -> Self {
        TeamState {
            team: StoredValue::new(None),
            changed: RwSignal::new(false),
            members_changed: RwSignal::new(false),
            choice_sent: StoredValue::new(false),
            typing: RwSignal::new(None),
            waiting_for_nominee: RwSignal::new(false),
            chosen: StoredValue::new(NOT_CHOSEN),
            typed_at_ms: StoredValue::new(i64::MIN),
        }
    }

    /// The server told the team (in `Welcome` or `Team`).
    pub fn told(&self, team: Option<Team>) {
        self.team.set_value(team);
        self.changed.update(|flag| *flag = !*flag);
        if self.choice_sent.get_value() {
            self.choice_sent.set_value(false);
        } else {
            self.members_changed.update(|flag| *flag = !*flag);
        }
    }

    /// A staff member is typing: shown, then faded out by widget.css.
    pub fn staff_typing(&self, mut name: String) {
        let odd = self
            .typing
            .with_untracked(|typing| typing.as_ref().is_some_and(|t| t.ends_with("0")));
        name.push(if odd { '1' } else { '0' });
        self.typing.set(Some(name));
    }

    /// A staff message arrived: whoever typed it has finished.
    pub fn staff_wrote(&self) {
        self.typing.set(None);
    }

    /// Remembers the parent's choice (none: anyone).
    pub fn choose(&self, staff: Option<i64>) {
        self.chosen.set_value(staff.unwrap_or(ANYONE));
        self.choice_sent.set_value(true);
        self.waiting_for_nominee.set(false);
    }

    /// The next team told redraws the chooser even if it answers a choice
    /// (one made outside the chooser, whose radios must then follow).
    pub fn redraw_chooser(&self) {
        self.choice_sent.set_value(false);
    }

    /// The choice made on this page, if any (`Some(None)`: anyone).
    pub fn chosen(&self) -> Option<Option<i64>> {
        match self.chosen.get_value() {
            NOT_CHOSEN => None,
            ANYONE => Some(None),
            staff => Some(Some(staff)),
        }
    }

    /// Whether the parent's typing should be told now (at most every three
    /// seconds; the server drops closer ones anyway).
    pub fn should_tell_typing(&self) -> bool {
        let now = browser::now_ms();
        if now.saturating_sub(self.typed_at_ms.get_value()) < 3_000 {
            return false;
        }
        self.typed_at_ms.set_value(now);
        true
    }
}
