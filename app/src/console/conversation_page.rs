//! The conversation list as it is paged in: the list's order (most recently
//! updated first, ties by the higher id, as the server pages it) and how
//! pages and pushed summaries merge into what is held. A leaf module: no
//! view, no socket, so the rules are tested without a browser.

use std::cmp::Ordering;

use yorisoi_protocol::model::ConversationSummary;

/// Where the list stands with respect to older conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Older conversations exist: offer to show them.
    More,
    /// A page was asked for and has not come yet.
    Asking,
    /// Everything is paged in.
    Complete,
}

/// Whose conversations the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Who {
    /// Everyone's.
    #[default]
    All,
    /// Assigned to me.
    Mine,
    /// The parent asked for me.
    AskedForMe,
    /// Nobody took it yet.
    Unassigned,
}

/// Which conversations the list shows: whose, and open, resolved or both
/// (`None`); and in which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    /// Whose.
    pub who: Who,
    /// `Some(false)`: open only; `Some(true)`: resolved only; `None`: both.
    pub resolved: Option<bool>,
    /// Parents waiting for a reply first, the longest waiting at the top;
    /// otherwise most recently updated first.
    pub waiting_first: bool,
}

impl Default for Filter {
    /// Open conversations, everyone's: what needs doing.
    fn default() -> Self {
        Filter {
            who: Who::All,
            resolved: Some(false),
            waiting_first: false,
        }
    }
}

impl Filter {
    /// True when `summary` is shown to staff member `me`.
    pub fn shows(&self, summary: &ConversationSummary, me: i64) -> bool {
        let whose = match self.who {
            Who::All => true,
            Who::Mine => summary.assignee == Some(me),
            Who::AskedForMe => summary.nominee == Some(me),
            Who::Unassigned => summary.assignee.is_none(),
        };
        whose
            && self
                .resolved
                .is_none_or(|resolved| resolved == summary.resolved_at_ms.is_some())
    }

    /// The conversations of `list` it shows, in its order (`list` is most
    /// recently updated first): any whose parent wrote words that suggest
    /// danger (unanswered) always at the top, newest first.
    pub fn apply(&self, list: &[ConversationSummary], me: i64) -> Vec<ConversationSummary> {
        // Where a conversation goes: lower first, ties in the list's order.
        let rank = |summary: &ConversationSummary| {
            if summary.danger_since_ms.is_some() {
                i64::MIN
            } else if self.waiting_first {
                summary.waiting_since_ms.unwrap_or(i64::MAX)
            } else {
                i64::MAX
            }
        };
        let mut shown: Vec<ConversationSummary> = Vec::new();
        for summary in list.iter().filter(|summary| self.shows(summary, me)) {
            // Inserted in place rather than sorted after: std's sort would
            // bring kilobytes of wasm for lists of tens. Those not waiting
            // keep the newest-first order, after every waiting one.
            let key = rank(summary);
            let at = shown.partition_point(|held| rank(held) <= key);
            shown.insert(at, summary.clone());
        }
        shown
    }
}

/// The list's order: most recently updated first, then the higher id.
fn order(a: &ConversationSummary, b: &ConversationSummary) -> Ordering {
    (b.updated_at_ms, b.id).cmp(&(a.updated_at_ms, a.id))
}

/// Puts each summary of `incoming` into `list` in order, replacing any the
/// list holds under the same id (a pushed summary may be in a page too, and
/// the later frame is the fresher).
pub fn merge(list: &mut Vec<ConversationSummary>, incoming: Vec<ConversationSummary>) {
    for summary in incoming {
        list.retain(|held| held.id != summary.id);
        let at = list.partition_point(|held| order(held, &summary) == Ordering::Less);
        list.insert(at, summary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yorisoi_protocol::{ConversationId, Lang};

    fn summary(id: i64, updated_at_ms: i64) -> ConversationSummary {
        ConversationSummary {
            id: ConversationId(id),
            nickname: None,
            lang: Lang::Ja,
            unread: 0,
            last_seq: 1,
            visitor_read_seq: 0,
            preview: format!("相談{id}"),
            updated_at_ms,
            waiting_since_ms: None,
            nominee: None,
            assignee: None,
            written: None,
            resolved_at_ms: None,
            labels: Vec::new(),
            danger_since_ms: None,
        }
    }

    #[test]
    fn the_filter_shows_whose_and_which_state_was_asked_for() {
        let mut mine = summary(1, 10);
        mine.assignee = Some(7);
        let mut asked = summary(2, 20);
        asked.nominee = Some(7);
        asked.assignee = Some(8);
        let mut done = summary(3, 30);
        done.resolved_at_ms = Some(40);
        let all = [mine, asked, done];
        let shown = |filter: Filter| -> Vec<i64> {
            all.iter()
                .filter(|s| filter.shows(s, 7))
                .map(|s| s.id.0)
                .collect()
        };
        assert_eq!(shown(Filter::default()), vec![1, 2]);
        let who = |who| Filter {
            who,
            resolved: None,
            waiting_first: false,
        };
        assert_eq!(shown(who(Who::Mine)), vec![1]);
        assert_eq!(shown(who(Who::AskedForMe)), vec![2]);
        assert_eq!(shown(who(Who::Unassigned)), vec![3]);
        assert_eq!(shown(who(Who::All)), vec![1, 2, 3]);
        let resolved = Filter {
            who: Who::All,
            resolved: Some(true),
            waiting_first: false,
        };
        assert_eq!(shown(resolved), vec![3]);
    }

    #[test]
    fn waiting_first_puts_the_longest_waiting_on_top() {
        // Newest first as the list holds them: 4 (not waiting), 3 (since 5),
        // 2 (not waiting), 1 (since 9).
        let mut list = vec![
            summary(4, 40),
            summary(3, 30),
            summary(2, 20),
            summary(1, 10),
        ];
        list[1].waiting_since_ms = Some(5);
        list[3].waiting_since_ms = Some(9);
        let ids = |filter: Filter| -> Vec<i64> {
            filter.apply(&list, 7).iter().map(|s| s.id.0).collect()
        };
        assert_eq!(ids(Filter::default()), vec![4, 3, 2, 1]);
        let waiting = Filter {
            waiting_first: true,
            ..Filter::default()
        };
        assert_eq!(ids(waiting), vec![3, 1, 4, 2]);
    }

    fn ids(list: &[ConversationSummary]) -> Vec<i64> {
        list.iter().map(|summary| summary.id.0).collect()
    }

    #[test]
    fn a_page_appends_older_conversations_without_duplicates() {
        let mut list = vec![summary(9, 90), summary(8, 80), summary(7, 70)];
        // 8 was pushed while the page was on its way: one entry, the page's.
        merge(
            &mut list,
            vec![summary(8, 85), summary(5, 50), summary(4, 50)],
        );
        assert_eq!(ids(&list), vec![9, 8, 7, 5, 4]);
        assert_eq!(list[1].updated_at_ms, 85);
    }

    #[test]
    fn a_pushed_summary_moves_to_its_place_even_when_not_paged_in() {
        let mut list = vec![summary(9, 90), summary(8, 80)];
        merge(&mut list, vec![summary(3, 100)]);
        merge(&mut list, vec![summary(2, 10)]);
        merge(&mut list, vec![summary(8, 95)]);
        assert_eq!(ids(&list), vec![3, 8, 9, 2]);
    }

    #[test]
    fn ties_put_the_higher_id_first_like_the_server() {
        let mut list = Vec::new();
        merge(&mut list, vec![summary(1, 5), summary(3, 5), summary(2, 5)]);
        assert_eq!(ids(&list), vec![3, 2, 1]);
    }
}
