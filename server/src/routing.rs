//! Who is told about a parent's message, and who is alerted when a parent
//! has waited too long. A leaf of pure rules: the caller gathers each staff
//! member's availability and quiet hours (see [`crate::schedule`]) into
//! [`Candidate`]s and carries out the answer; nothing here knows a store,
//! a socket or the clock.
//!
//! A parent may nominate someone they already know. Then only that person
//! is told, so a conversation is not taken up by a stranger behind their
//! back; when the nominee cannot answer within the fallback time, the
//! parent is asked whether someone else may. Quiet hours always win: no
//! one's console sounds for them then, nominee or not.

/// One staff member as routing sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The staff member's id.
    pub staff: i64,
    /// When they can next be expected to answer (now when online); `None`
    /// when their schedule names no hours.
    pub available_at_ms: Option<i64>,
    /// In their quiet hours now: nothing may sound or alert for them.
    pub quiet: bool,
}

/// What to do with a parent's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    /// Staff whose consoles sound / notify for this conversation now (never
    /// someone in quiet hours).
    pub notify: Vec<i64>,
    /// The nominee will not be available within the fallback time (or has
    /// no hours / is unknown): the parent should be asked whether someone
    /// else may answer.
    pub ask_for_anyone: bool,
    /// When a reply can be expected (the nominee's availability, or the
    /// earliest of everyone's).
    pub reply_by_ms: Option<i64>,
}

/// Routes a parent's message. With no nominee (or one no longer among the
/// candidates, such as removed staff) everyone not in quiet hours is told
/// and a reply is expected at the earliest anyone is available. With a
/// nominee among the candidates only they are told (nobody while they are
/// quiet), a reply is expected when they are available, and the parent is
/// asked about anyone else when that is unknown or later than
/// `now_ms + fallback_after_ms`.
pub fn route(
    nominee: Option<i64>,
    candidates: &[Candidate],
    now_ms: i64,
    fallback_after_ms: i64,
) -> Routing {
    let nominated = nominee.and_then(|id| candidates.iter().find(|c| c.staff == id));
    match nominated {
        Some(nominee) => Routing {
            notify: if nominee.quiet {
                Vec::new()
            } else {
                vec![nominee.staff]
            },
            ask_for_anyone: nominee
                .available_at_ms
                .is_none_or(|at| at > now_ms.saturating_add(fallback_after_ms)),
            reply_by_ms: nominee.available_at_ms,
        },
        None => Routing {
            notify: not_quiet(candidates).collect(),
            ask_for_anyone: false,
            reply_by_ms: candidates.iter().filter_map(|c| c.available_at_ms).min(),
        },
    }
}

/// Staff to alert because a parent has waited longer than
/// `overdue_after_ms` (since `waiting_since_ms`; `None` means no one is
/// waiting): every candidate not in quiet hours except the assignee or
/// nominee, who was told already; everyone not quiet when there is none.
/// When the holder is the only one not quiet, they are reminded: a parent
/// must never wait unseen because the others are resting. Nobody before
/// the wait is overdue.
pub fn overdue_alerts(
    waiting_since_ms: Option<i64>,
    assignee_or_nominee: Option<i64>,
    candidates: &[Candidate],
    now_ms: i64,
    overdue_after_ms: i64,
) -> Vec<i64> {
    let overdue =
        waiting_since_ms.is_some_and(|since| now_ms.saturating_sub(since) > overdue_after_ms);
    if !overdue {
        return Vec::new();
    }
    let others: Vec<i64> = not_quiet(candidates)
        .filter(|&staff| Some(staff) != assignee_or_nominee)
        .collect();
    if others.is_empty() {
        not_quiet(candidates).collect()
    } else {
        others
    }
}

/// The ids of the candidates not in quiet hours, in the caller's order.
fn not_quiet(candidates: &[Candidate]) -> impl Iterator<Item = i64> + '_ {
    candidates.iter().filter(|c| !c.quiet).map(|c| c.staff)
}

#[cfg(test)]
mod tests;
