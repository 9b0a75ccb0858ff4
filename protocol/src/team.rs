//! The team's wire types: for now only a staff member's presence, which the
//! schedule arithmetic needs to say when someone can next answer. The
//! staff profiles, schedules and nominations around it grow here.

use serde::{Deserialize, Serialize};

/// Whether a staff member is at their console, as they or their console
/// said last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Presence {
    /// At the console and answering.
    Online,
    /// Signed in but stepped away (a break, a call, another task).
    Away,
    /// No console open: the schedule says when they are usually there.
    #[default]
    Offline,
}
