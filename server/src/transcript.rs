//! A parent's conversation as a plain UTF-8 text file ("Download my
//! conversation", issue 13), and the file's name. A leaf: it is given the
//! messages, the time zone and a [`Texts`] that looks up the interface's
//! words (Fluent's `privacy.ftl` today, the server's i18n once merged), and
//! imports nothing of the server. It only ever sees messages: internal
//! notes live in their own table, which nothing here can reach.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use yorisoi_protocol::{Author, Lang, Message};

/// The zone used when the parent's is unknown or not a zone: most parents
/// Yorisoi serves live in Japan.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Tokyo";

/// Looks up one interface text by its Fluent id with named arguments, in
/// the parent's language.
pub trait Texts {
    /// The text `id` with `args` filled in.
    fn text(&self, id: &str, args: &[(&str, &str)]) -> String;
}

/// What a transcript shows.
#[derive(Debug, Clone)]
pub struct Transcript<'a> {
    /// The organisation's name in the parent's language.
    pub organisation: &'a str,
    /// The conversation's number (its id, as staff see it).
    pub number: i64,
    /// The parent's nickname, if they gave one.
    pub nickname: Option<&'a str>,
    /// The messages, in order (never notes).
    pub messages: &'a [Message],
    /// When the file is made, ms since the Unix epoch.
    pub now_ms: i64,
    /// The parent's language (date formats).
    pub lang: Lang,
    /// The parent's time zone, or [`DEFAULT_TIME_ZONE`].
    pub zone: TimeZone,
}

/// The IANA zone `name`, or Tokyo's when unknown.
pub fn zone_or_default(name: Option<&str>) -> TimeZone {
    name.and_then(|name| TimeZone::get(name).ok())
        .or_else(|| TimeZone::get(DEFAULT_TIME_ZONE).ok())
        .unwrap_or(TimeZone::UTC)
}

/// The whole file: a header (organisation, conversation number, dates),
/// then each message with its local time and author.
pub fn render(transcript: &Transcript<'_>, texts: &impl Texts) -> String {
    let local = |at_ms: i64| local_time(at_ms, &transcript.zone, transcript.lang);
    let mut file = String::new();
    let number = transcript.number.to_string();
    let downloaded = local(transcript.now_ms);
    for (id, args) in [
        (
            "transcript-title",
            vec![("organisation", transcript.organisation)],
        ),
        ("transcript-number", vec![("number", number.as_str())]),
    ] {
        file.push_str(&texts.text(id, &args));
        file.push('\n');
    }
    if let (Some(first), Some(last)) = (transcript.messages.first(), transcript.messages.last()) {
        let (first, last) = (local(first.sent_at_ms), local(last.sent_at_ms));
        let args = [("first", first.as_str()), ("last", last.as_str())];
        file.push_str(&texts.text("transcript-period", &args));
        file.push('\n');
    }
    let args = [("date", downloaded.as_str())];
    file.push_str(&texts.text("transcript-downloaded", &args));
    file.push_str("\n\n");
    if transcript.messages.is_empty() {
        file.push_str(&texts.text("transcript-empty", &[]));
        file.push('\n');
    }
    let you = match transcript.nickname {
        Some(nickname) => nickname.to_owned(),
        None => texts.text("transcript-you", &[]),
    };
    for message in transcript.messages {
        let author = match &message.author {
            Author::Visitor => you.as_str(),
            Author::Staff { name, .. } => name.as_str(),
        };
        file.push_str(&format!("{}  {author}\n", local(message.sent_at_ms)));
        file.push_str(message.body.trim_end());
        file.push_str("\n\n");
    }
    file
}

/// A time as the parent reads it: `2026年12月4日 10:41` or `4 Dec 2026,
/// 10:41`.
fn local_time(at_ms: i64, zone: &TimeZone, lang: Lang) -> String {
    let Ok(at) = Timestamp::from_millisecond(at_ms) else {
        return String::new();
    };
    let format = match lang {
        Lang::Ja => "%Y年%-m月%-d日 %H:%M",
        Lang::En => "%-d %b %Y, %H:%M",
    };
    at.to_zoned_datetime(zone.clone())
        .strftime(format)
        .to_string()
}

/// The file's name: the organisation's name (or `yorisoi`) and the local
/// date, e.g. `ひだまり-2026-12-04.txt`; characters a file system or a
/// header would choke on are left out.
pub fn file_name(organisation: Option<&str>, now_ms: i64, zone: &TimeZone) -> String {
    let name: String = organisation
        .unwrap_or_default()
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '/' | '\\' | '"' | ':' | '*' | '?' | '<' | '>' | '|')
        })
        .collect();
    let name = match name.trim() {
        "" => "yorisoi",
        name => name,
    };
    let date = Timestamp::from_millisecond(now_ms)
        .map(|at| {
            at.to_zoned_datetime(zone.clone())
                .strftime("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default();
    format!("{name}-{date}.txt")
}

#[cfg(test)]
mod tests {
    use yorisoi_protocol::ClientId;

    use super::*;

    /// Texts that show their id and arguments, so the test sees what was
    /// asked for.
    struct Ids;

    impl Texts for Ids {
        fn text(&self, id: &str, args: &[(&str, &str)]) -> String {
            let args: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("[{id} {}]", args.join(" "))
        }
    }

    fn message(seq: u64, author: Author, body: &str, sent_at_ms: i64) -> Message {
        Message {
            seq,
            client_id: ClientId(format!("00000000-0000-4000-8000-{seq:012}")),
            author,
            body: body.to_owned(),
            sent_at_ms,
        }
    }

    /// 2026-12-04 01:41 UTC: 10:41 in Tokyo.
    const AT: i64 = 1_796_348_460_000;

    #[test]
    fn messages_show_local_time_and_author_in_order() {
        let messages = [
            message(1, Author::Visitor, "夜泣きのことで相談です\n", AT),
            message(
                2,
                Author::Staff {
                    id: 3,
                    name: "保育士のあき".into(),
                },
                "お話を聞かせてください。",
                AT + 60_000,
            ),
        ];
        let transcript = Transcript {
            organisation: "ひだまり",
            number: 12,
            nickname: None,
            messages: &messages,
            now_ms: AT + 120_000,
            lang: Lang::Ja,
            zone: zone_or_default(None),
        };
        let file = render(&transcript, &Ids);
        assert_eq!(
            file,
            "[transcript-title organisation=ひだまり]\n\
             [transcript-number number=12]\n\
             [transcript-period first=2026年12月4日 10:41 last=2026年12月4日 10:42]\n\
             [transcript-downloaded date=2026年12月4日 10:43]\n\n\
             2026年12月4日 10:41  [transcript-you ]\n夜泣きのことで相談です\n\n\
             2026年12月4日 10:42  保育士のあき\nお話を聞かせてください。\n\n"
        );
    }

    #[test]
    fn the_parents_zone_and_nickname_are_used_when_known() {
        let messages = [message(1, Author::Visitor, "Hello", AT)];
        let transcript = Transcript {
            organisation: "Hidamari",
            number: 1,
            nickname: Some("Mika"),
            messages: &messages,
            now_ms: AT,
            lang: Lang::En,
            zone: zone_or_default(Some("Europe/London")),
        };
        let file = render(&transcript, &Ids);
        assert!(file.contains("4 Dec 2026, 01:41  Mika\nHello\n"), "{file}");
        assert_eq!(zone_or_default(Some("Not/AZone")), zone_or_default(None));
    }

    #[test]
    fn file_names_keep_the_organisation_and_the_local_date() {
        let tokyo = zone_or_default(None);
        assert_eq!(
            file_name(Some("ひだまり"), AT, &tokyo),
            "ひだまり-2026-12-04.txt"
        );
        assert_eq!(file_name(Some("a/b\"c"), AT, &tokyo), "abc-2026-12-04.txt");
        assert_eq!(file_name(None, AT, &tokyo), "yorisoi-2026-12-04.txt");
    }
}
