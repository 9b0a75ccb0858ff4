//! Limits checked by the clients (to tell the user early) and enforced by the
//! server (the only place that counts). Lengths are in Unicode scalar values,
//! so a Japanese message may be as long in characters as an English one.

/// Longest message body, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4000;

/// Longest optional nickname a parent may give, in characters.
pub const MAX_NICKNAME_CHARS: usize = 40;

/// Longest staff display name, in characters.
pub const MAX_STAFF_NAME_CHARS: usize = 60;

/// Largest WebSocket frame the server reads, in bytes. A 4000-character
/// message of 4-byte characters with JSON escaping fits comfortably.
pub const MAX_FRAME_BYTES: usize = 64 * 1024;

/// Longest client id: a UUID in its 36-character text form.
pub const MAX_CLIENT_ID_CHARS: usize = 36;

/// Length of a visitor token: 32 random bytes as lowercase hex.
pub const VISITOR_TOKEN_HEX_CHARS: usize = 64;

/// How often clients send `Ping` when nothing else is sent (ms). Below the
/// 30 s after which some proxies drop idle connections.
pub const HEARTBEAT_INTERVAL_MS: u32 = 25_000;

/// How long a client waits for any frame after a `Ping` before it declares
/// the connection dead and reconnects (ms).
pub const HEARTBEAT_TIMEOUT_MS: u32 = 10_000;

/// The server closes a socket from which nothing arrived for this long (ms):
/// three missed heartbeats.
pub const SERVER_IDLE_TIMEOUT_MS: u32 = 75_000;

/// First reconnection delay (ms); doubles on each failure, with jitter.
pub const RECONNECT_MIN_MS: u32 = 500;

/// Longest reconnection delay (ms).
pub const RECONNECT_MAX_MS: u32 = 30_000;

/// Preview length of the last message in the console's conversation list.
pub const PREVIEW_CHARS: usize = 80;

/// Conversations in the console's `Welcome` and in each further page: the
/// first screen stays small however many conversations an organisation has.
pub const CONVERSATION_PAGE: usize = 50;

/// At most this many conversations answer a console's search.
pub const SEARCH_RESULTS: usize = 50;

/// A search query longer than this (in characters) is cut: nobody types
/// more to find a conversation.
pub const SEARCH_QUERY_CHARS: usize = 100;

/// Checks a message body as the server will, so clients can say why early.
/// The server stores [`crate::text::normalise_body`] of what it was sent, so
/// this judges that: a body is empty when nothing in it is visible, and its
/// length is counted after cleaning (`\r\n` is one character).
pub fn check_message_body(body: &str) -> Result<(), crate::ErrorCode> {
    let body = crate::text::normalise_body(body);
    if !crate::text::has_visible(&body) {
        Err(crate::ErrorCode::EmptyMessage)
    } else if body.chars().count() > MAX_MESSAGE_CHARS {
        Err(crate::ErrorCode::MessageTooLong)
    } else {
        Ok(())
    }
}

/// The nickname rule: cleaned to one line ([`crate::text::clean_nickname`]),
/// none when nothing visible is left, at most [`MAX_NICKNAME_CHARS`]
/// characters, and never one that poses as staff
/// ([`crate::text::poses_as_staff`]).
pub fn normalise_nickname(nickname: Option<&str>) -> Result<Option<String>, crate::ErrorCode> {
    let Some(name) = nickname
        .map(crate::text::clean_nickname)
        .filter(|name| crate::text::has_visible(name))
    else {
        return Ok(None);
    };
    if name.chars().count() > MAX_NICKNAME_CHARS {
        return Err(crate::ErrorCode::NicknameTooLong);
    }
    if crate::text::poses_as_staff(&name) {
        return Err(crate::ErrorCode::NicknameNotAllowed);
    }
    Ok(Some(name))
}

/// At most this many labels on a conversation.
pub const MAX_LABELS: usize = 6;

/// A label longer than this (in characters) is refused.
pub const MAX_LABEL_CHARS: usize = 20;

/// A conversation's labels as staff typed them, cleaned as the server keeps
/// them: split at commas (`,` `、` `，`, so a console may send the box's text
/// as it is), each one's spaces collapsed (like a nickname), blank ones and
/// repeats dropped, in the order given; `InvalidSettings` for too many or
/// too long.
pub fn clean_labels(labels: &[String]) -> Result<Vec<String>, crate::ErrorCode> {
    let mut kept: Vec<String> = Vec::new();
    for label in labels
        .iter()
        .flat_map(|typed| typed.split([',', '、', '，']))
    {
        let label = crate::text::clean_nickname(label);
        if !crate::text::has_visible(&label) || kept.contains(&label) {
            continue;
        }
        if label.chars().count() > MAX_LABEL_CHARS || kept.len() == MAX_LABELS {
            return Err(crate::ErrorCode::InvalidSettings);
        }
        kept.push(label);
    }
    Ok(kept)
}

/// WebSocket close code: the credential the socket was opened with (token,
/// staff session) is no longer valid; authenticate again.
pub const CLOSE_REVOKED: u16 = 1008;

/// WebSocket close code: the server is stopping (a restart or a rolling
/// deployment); reconnect at once, another node (or the restarted one)
/// answers. RFC 6455's "Service Restart".
pub const CLOSE_SERVICE_RESTART: u16 = 1012;

/// WebSocket close code: too many sockets from this address; try later.
pub const CLOSE_TRY_AGAIN_LATER: u16 = 1013;

/// True when `token` is a visitor token as widgets make them: exactly
/// [`VISITOR_TOKEN_HEX_CHARS`] lowercase hex digits (256 random bits).
pub fn is_well_formed_token(token: &str) -> bool {
    token.len() == VISITOR_TOKEN_HEX_CHARS
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Cuts `text` to at most `max` characters for a preview, adding `…` when cut.
pub fn preview(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        head + "…"
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn blank_messages_are_refused() {
        assert_eq!(check_message_body(""), Err(ErrorCode::EmptyMessage));
        assert_eq!(
            check_message_body(" \n\u{3000}"),
            Err(ErrorCode::EmptyMessage)
        );
    }

    #[test]
    fn bodies_of_invisible_or_control_characters_are_empty() {
        for blank in [
            "\u{200B}\u{200D}",
            "\u{3000}\u{FEFF}",
            "\0\u{7}",
            "\u{202E}",
        ] {
            assert_eq!(check_message_body(blank), Err(ErrorCode::EmptyMessage));
        }
        assert_eq!(check_message_body("\u{200B}あ"), Ok(()));
    }

    #[test]
    fn length_is_counted_after_cleaning() {
        let crlf = "あ\r\n".repeat(MAX_MESSAGE_CHARS / 2);
        assert_eq!(check_message_body(&crlf), Ok(()));
        let padded = format!("{}{}", "あ".repeat(MAX_MESSAGE_CHARS), "\0".repeat(10));
        assert_eq!(check_message_body(&padded), Ok(()));
    }

    #[test]
    fn nicknames_are_cleaned_blank_means_none_and_staff_is_refused() {
        assert_eq!(normalise_nickname(None), Ok(None));
        assert_eq!(normalise_nickname(Some(" \u{200B}\u{3000}")), Ok(None));
        assert_eq!(
            normalise_nickname(Some(" さくら\nママ\u{202E} ")),
            Ok(Some("さくら ママ".to_owned()))
        );
        assert_eq!(
            normalise_nickname(Some("スタッフ さくら (Staff)")),
            Err(ErrorCode::NicknameNotAllowed)
        );
        let long = "名".repeat(MAX_NICKNAME_CHARS + 1);
        assert_eq!(
            normalise_nickname(Some(&long)),
            Err(ErrorCode::NicknameTooLong)
        );
        let spaced = format!("  {}  ", "名".repeat(MAX_NICKNAME_CHARS));
        assert!(normalise_nickname(Some(&spaced)).is_ok());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let japanese = "あ".repeat(MAX_MESSAGE_CHARS);
        assert_eq!(check_message_body(&japanese), Ok(()));
        let too_long = "あ".repeat(MAX_MESSAGE_CHARS + 1);
        assert_eq!(
            check_message_body(&too_long),
            Err(ErrorCode::MessageTooLong)
        );
    }

    #[test]
    fn labels_are_cleaned_deduplicated_and_bounded() {
        let typed = |labels: &[&str]| {
            clean_labels(&labels.iter().map(|l| (*l).to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(
            typed(&[" 睡眠 ", "", "要 \n フォロー", "睡眠", "\u{200B}"]),
            Ok(vec!["睡眠".to_owned(), "要 フォロー".to_owned()])
        );
        assert_eq!(
            typed(&["sleep, 夜泣き、sleep，follow up"]),
            Ok(vec![
                "sleep".to_owned(),
                "夜泣き".to_owned(),
                "follow up".to_owned()
            ])
        );
        assert_eq!(typed(&[]), Ok(Vec::new()));
        let long = "長".repeat(MAX_LABEL_CHARS + 1);
        assert_eq!(typed(&[&long]), Err(ErrorCode::InvalidSettings));
        let many: Vec<String> = (0..=MAX_LABELS).map(|n| n.to_string()).collect();
        assert_eq!(clean_labels(&many), Err(ErrorCode::InvalidSettings));
    }

    #[test]
    fn tokens_are_64_lowercase_hex_digits() {
        assert!(is_well_formed_token(&"0f".repeat(32)));
        assert!(!is_well_formed_token(&"0F".repeat(32)));
        assert!(!is_well_formed_token(&"0f".repeat(31)));
        assert!(!is_well_formed_token(&"zz".repeat(32)));
    }

    #[test]
    fn preview_cuts_on_characters() {
        assert_eq!(preview("こんにちは", 3), "こんに…");
        assert_eq!(preview("hi", 3), "hi");
    }
}
