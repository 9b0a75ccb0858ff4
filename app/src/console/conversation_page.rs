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
        }
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
