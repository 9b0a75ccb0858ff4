//! Text that hides or rearranges (NUL, ESC sequences, BEL, bidi overrides,
//! zero-width or blank bodies, nicknames posing as staff) against the real
//! server, from both sides: what a staff member or a parent receives is the
//! cleaned text, a body with nothing visible is refused, a nickname naming
//! the team is refused, and ordinary Japanese and emoji arrive byte-exact.
//! The cases are in `tests/data/text-corpus.txt`.

use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::widget::{ClientFrame as WidgetFrame, ServerFrame as WidgetServer};
use yorisoi_protocol::{ConversationId, ErrorCode, Lang};
use yorisoi_tests::{ConsoleSocket, TestServer, WidgetSocket, new_client_id, random_token};

const CORPUS: &str = include_str!("../data/text-corpus.txt");

/// The corpus lines of `kind`, each split into its unescaped fields.
fn cases(kind: &str) -> Vec<Vec<String>> {
    let found: Vec<Vec<String>> = CORPUS
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split(" | ");
            (fields.next() == Some(kind)).then(|| fields.map(unescape).collect())
        })
        .collect();
    assert!(!found.is_empty(), "no `{kind}` case in the corpus");
    found
}

/// Body cases as (sent, expected): `body` lines, and `same` lines which must
/// arrive exactly as sent.
fn body_cases() -> Vec<(String, String)> {
    let cleaned = cases("body")
        .into_iter()
        .map(|f| (f[0].clone(), f[1].clone()));
    let same = cases("same")
        .into_iter()
        .map(|f| (f[0].clone(), f[0].clone()));
    cleaned.chain(same).collect()
}

/// Reads the corpus escapes: `\u{…}`, `\n`, `\r`, `\t` and `\\`.
fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                let code = u32::from_str_radix(&hex, 16).expect("hex in \\u{…}");
                out.push(char::from_u32(code).expect("a Unicode scalar value"));
            }
            other => panic!("unknown escape \\{other:?} in {field:?}"),
        }
    }
    out
}

/// Sends a parent's message with an optional nickname; returns the
/// server's answer (Ack or Error).
async fn send(widget: &mut WidgetSocket, body: &str, nickname: Option<&str>) -> WidgetServer {
    widget
        .send(&WidgetFrame::Send {
            client_id: new_client_id(),
            body: body.into(),
            nickname: nickname.map(Into::into),
            proof: None,
        })
        .await;
    widget
        .next_matching("Ack or Error", |f| {
            matches!(f, WidgetServer::Ack { .. } | WidgetServer::Error { .. })
        })
        .await
}

/// Sends a staff reply; returns the server's answer (Ack or Error).
async fn reply(
    console: &mut ConsoleSocket,
    conversation: ConversationId,
    body: &str,
) -> ConsoleServer {
    console
        .send(&ConsoleFrame::Send {
            conversation,
            client_id: new_client_id(),
            body: body.into(),
        })
        .await;
    console
        .next_matching("Ack or Error", |f| {
            matches!(f, ConsoleServer::Ack { .. } | ConsoleServer::Error { .. })
        })
        .await
}

/// A console and a parent with a conversation holding one message.
async fn talking(server: &TestServer) -> (ConsoleSocket, WidgetSocket, ConversationId, String) {
    let (_staff, mut console, _) = server.console_as("yui@example.org", "由衣").await;
    console.next().await;
    let token = random_token();
    let mut widget = server.widget().await;
    widget.hello(&token, Lang::Ja, 0).await;
    let answer = send(&mut widget, "相談させてください", None).await;
    assert!(matches!(answer, WidgetServer::Ack { .. }), "{answer:?}");
    let conversation = next_message(&mut console).await.0;
    (console, widget, conversation, token)
}

/// The next message the console hears of.
async fn next_message(console: &mut ConsoleSocket) -> (ConversationId, String) {
    match console
        .next_matching("a message", |f| matches!(f, ConsoleServer::Message { .. }))
        .await
    {
        ConsoleServer::Message {
            conversation,
            message,
        } => (conversation, message.body),
        _ => unreachable!("next_matching returns a Message"),
    }
}

#[tokio::test]
async fn parents_messages_reach_the_console_cleaned_and_ordinary_text_byte_exact() {
    let server = TestServer::start().await;
    let (mut console, mut widget, conversation, token) = talking(&server).await;
    let cases = body_cases();
    for (sent, expected) in &cases {
        let answer = send(&mut widget, sent, None).await;
        assert!(
            matches!(answer, WidgetServer::Ack { .. }),
            "{sent:?}: {answer:?}"
        );
        let (_, body) = next_message(&mut console).await;
        assert_eq!(body.as_bytes(), expected.as_bytes(), "sent {sent:?}");
    }

    // Stored cleaned: the console's history and the parent's next visit agree.
    let expected: Vec<&str> = cases.iter().map(|(_, stored)| stored.as_str()).collect();
    let history = console.open(conversation, 1).await;
    let bodies: Vec<&str> = history.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, expected);
    let mut later = server.widget().await;
    let frames = later.hello(&token, Lang::Ja, 1).await;
    let [WidgetServer::Welcome { messages, .. }] = frames.as_slice() else {
        panic!("{frames:?}")
    };
    let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, expected);
}

#[tokio::test]
async fn staff_replies_reach_the_parent_cleaned_and_ordinary_text_byte_exact() {
    let server = TestServer::start().await;
    let (mut console, mut widget, conversation, _token) = talking(&server).await;
    for (sent, expected) in body_cases() {
        let answer = reply(&mut console, conversation, &sent).await;
        assert!(
            matches!(answer, ConsoleServer::Ack { .. }),
            "{sent:?}: {answer:?}"
        );
        let WidgetServer::Message(message) = widget
            .next_matching("the reply", |f| matches!(f, WidgetServer::Message(_)))
            .await
        else {
            unreachable!("next_matching returns a Message")
        };
        assert_eq!(
            message.body.as_bytes(),
            expected.as_bytes(),
            "sent {sent:?}"
        );
    }
}

#[tokio::test]
async fn bodies_with_nothing_visible_are_refused_from_both_sides() {
    let server = TestServer::start().await;
    let (mut console, mut widget, conversation, _token) = talking(&server).await;
    for case in cases("empty") {
        let sent = &case[0];
        let answer = send(&mut widget, sent, None).await;
        assert!(
            matches!(
                answer,
                WidgetServer::Error {
                    code: ErrorCode::EmptyMessage,
                    client_id: Some(_),
                    retry_after_secs: None,
                }
            ),
            "parent sent {sent:?}: {answer:?}"
        );
        let answer = reply(&mut console, conversation, sent).await;
        assert!(
            matches!(
                answer,
                ConsoleServer::Error {
                    code: ErrorCode::EmptyMessage,
                    client_id: Some(_)
                }
            ),
            "staff sent {sent:?}: {answer:?}"
        );
    }
    let history = console.open(conversation, 0).await;
    assert_eq!(history.len(), 1, "nothing refused was stored: {history:?}");
}

#[tokio::test]
async fn nicknames_reach_the_console_as_one_clean_line() {
    let server = TestServer::start().await;
    let (staff, _console, _) = server.console_as("yui@example.org", "由衣").await;
    for case in cases("nickname") {
        let (sent, expected) = (&case[0], &case[1]);
        let mut widget = server.widget().await;
        widget.hello(&random_token(), Lang::Ja, 0).await;
        let answer = send(&mut widget, "はじめまして", Some(sent)).await;
        assert!(
            matches!(answer, WidgetServer::Ack { .. }),
            "{sent:?}: {answer:?}"
        );

        // A console opened now lists the conversation just created.
        let mut fresh = staff.console().await.expect("a console socket");
        let ConsoleServer::Welcome { conversations, .. } = fresh.next().await else {
            panic!("Welcome first")
        };
        let newest = conversations
            .iter()
            .max_by_key(|summary| summary.id.0)
            .expect("the new conversation");
        assert_eq!(
            newest.nickname.as_deref(),
            Some(expected.as_str()),
            "sent {sent:?}"
        );
    }
}

#[tokio::test]
async fn nicknames_posing_as_staff_are_refused_and_start_nothing() {
    let server = TestServer::start().await;
    let (staff, _console, _) = server.console_as("yui@example.org", "由衣").await;
    for case in cases("staff") {
        let sent = &case[0];
        let token = random_token();
        let mut widget = server.widget().await;
        widget.hello(&token, Lang::Ja, 0).await;
        let answer = send(&mut widget, "はじめまして", Some(sent)).await;
        assert!(
            matches!(
                answer,
                WidgetServer::Error {
                    code: ErrorCode::NicknameNotAllowed,
                    client_id: Some(_),
                    retry_after_secs: None,
                }
            ),
            "{sent:?}: {answer:?}"
        );
        let mut again = server.widget().await;
        let frames = again.hello(&token, Lang::Ja, 0).await;
        assert!(
            matches!(
                frames.as_slice(),
                [WidgetServer::Welcome {
                    has_conversation: false,
                    ..
                }]
            ),
            "{sent:?}: {frames:?}"
        );
    }
    let mut fresh = staff.console().await.expect("a console socket");
    let ConsoleServer::Welcome { conversations, .. } = fresh.next().await else {
        panic!("Welcome first")
    };
    assert_eq!(conversations, [], "no conversation was started");
}
