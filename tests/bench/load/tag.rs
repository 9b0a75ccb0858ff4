//! What each bench message says about itself, in its body: who sent it,
//! in which step, its number in its conversation's stream, and when it was
//! sent. The receiver checks order and exactly-once delivery from the
//! number and takes the latency from the time, with no table shared
//! between the sending and the receiving task. The rest of the body is
//! ordinary Japanese text, so the server handles a realistic message.

use std::time::Duration;

use crate::stats::{epoch, micros_now};

/// A parent's message.
pub const PARENT: &str = "bench";
/// A staff reply.
pub const REPLY: &str = "reply";

/// What the text after the tag looks like: a parent's question of a
/// typical length (about 60 characters, 全角).
const FILLER: &str = "夜泣きが続いていて、寝かしつけのことで相談したいです。二歳の子どもがいます。昼寝は一時間ほどで、夜は九時に布団に入ります。";

/// A message's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag {
    /// [`PARENT`] or [`REPLY`].
    pub kind: &'static str,
    /// The measurement step it belongs to.
    pub step: u32,
    /// The widget (conversation) it belongs to.
    pub widget: usize,
    /// Its number in this step's stream of its kind; `None` for the
    /// warm-up message that creates the conversation.
    pub number: Option<u64>,
    /// When it was sent, in microseconds since the bench's epoch.
    pub sent_micros: u64,
}

impl Tag {
    /// A tag stamped now.
    pub fn now(kind: &'static str, step: u32, widget: usize, number: Option<u64>) -> Tag {
        Tag {
            kind,
            step,
            widget,
            number,
            sent_micros: micros_now(),
        }
    }

    /// The message body carrying this tag.
    pub fn body(&self) -> String {
        let number = self
            .number
            .map_or_else(|| "warm".to_owned(), |n| n.to_string());
        format!(
            "{} s={} w={} k={number} t={} {FILLER}",
            self.kind, self.step, self.widget, self.sent_micros
        )
    }

    /// Reads the tag of a body; `None` for a body the bench did not write.
    pub fn parse(body: &str) -> Option<Tag> {
        let mut words = body.split_whitespace();
        let kind = match words.next()? {
            PARENT => PARENT,
            REPLY => REPLY,
            _ => return None,
        };
        let mut field = |name: &str| words.next()?.strip_prefix(name).map(str::to_owned);
        let step = field("s=")?.parse().ok()?;
        let widget = field("w=")?.parse().ok()?;
        let number = match field("k=")?.as_str() {
            "warm" => None,
            number => Some(number.parse().ok()?),
        };
        let sent_micros = field("t=")?.parse().ok()?;
        Some(Tag {
            kind,
            step,
            widget,
            number,
            sent_micros,
        })
    }

    /// Microseconds from sending to now.
    pub fn age_micros(&self) -> u64 {
        let sent = epoch() + Duration::from_micros(self.sent_micros);
        crate::stats::micros(sent.elapsed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_survives_its_body() {
        let tag = Tag::now(REPLY, 3, 917, Some(42));
        assert_eq!(Tag::parse(&tag.body()), Some(tag));
        let warm = Tag::now(PARENT, 0, 1, None);
        assert_eq!(Tag::parse(&warm.body()), Some(warm));
        assert_eq!(Tag::parse("こんにちは"), None);
        assert_eq!(Tag::parse("bench s=1 w=x k=1 t=1"), None);
    }
}
