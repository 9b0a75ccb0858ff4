//! Coming back: the visitor token restores the conversation after a
//! reconnect or a server restart, resuming from *every* possible last-seen
//! sequence gives exactly the missing suffix (widget `Hello` and console
//! `Open`), and an unknown token is simply a new visitor.

use yorisoi_protocol::console::ServerFrame as ConsoleServer;
use yorisoi_protocol::widget::ServerFrame as WidgetServer;
use yorisoi_protocol::{ConversationId, Lang, Message, Seq};
use yorisoi_tests::{TestServer, random_token};

/// Sends `bodies` as a new visitor and returns the token.
async fn conversation_with(server: &TestServer, bodies: &[&str]) -> String {
    let token = random_token();
    let mut widget = server.widget().await;
    widget.hello(&token, Lang::Ja, 0).await;
    for body in bodies {
        widget.say(body).await;
    }
    let last = bodies.len() as u64;
    widget
        .frames_until(|f| matches!(f, WidgetServer::Ack { seq, .. } if *seq == last))
        .await;
    token
}

fn seqs(messages: &[Message]) -> Vec<Seq> {
    messages.iter().map(|m| m.seq).collect()
}

#[tokio::test]
async fn history_is_restored_with_the_token_after_reconnecting() {
    let server = TestServer::start().await;
    let token = conversation_with(&server, &["a", "b", "c"]).await;

    let mut widget = server.widget().await;
    let frames = widget.hello(&token, Lang::Ja, 0).await;
    let [
        WidgetServer::Welcome {
            has_conversation: true,
            messages,
            ..
        },
    ] = frames.as_slice()
    else {
        panic!("Welcome with the conversation: {frames:?}");
    };
    let restored: Vec<(u64, &str)> = messages.iter().map(|m| (m.seq, m.body.as_str())).collect();
    assert_eq!(restored, [(1, "a"), (2, "b"), (3, "c")]);
}

#[tokio::test]
async fn resuming_from_every_last_seq_gives_exactly_the_missing_suffix() {
    const N: u64 = 12;
    let server = TestServer::start().await;
    let bodies: Vec<String> = (1..=N).map(|n| format!("message {n}")).collect();
    let body_refs: Vec<&str> = bodies.iter().map(String::as_str).collect();
    let token = conversation_with(&server, &body_refs).await;
    let (_client, mut console, _staff) = server.console_as("ren@example.org", "Ren").await;
    let ConsoleServer::Welcome { conversations, .. } = console.next().await else {
        panic!("Welcome")
    };
    let conversation: ConversationId = conversations[0].id;

    for last_seq in 0..=N + 1 {
        let expected: Vec<Seq> = (last_seq + 1..=N).collect();
        let mut widget = server.widget().await;
        let frames = widget.hello(&token, Lang::Ja, last_seq).await;
        let [WidgetServer::Welcome { messages, .. }] = frames.as_slice() else {
            panic!("{frames:?}")
        };
        assert_eq!(seqs(messages), expected, "widget resuming after {last_seq}");
        assert!(
            messages
                .iter()
                .all(|m| m.body == format!("message {}", m.seq))
        );

        let messages = console.open(conversation, last_seq).await;
        assert_eq!(
            seqs(&messages),
            expected,
            "console resuming after {last_seq}"
        );
    }
}

#[tokio::test]
async fn history_survives_a_server_restart() {
    // The database outlives both servers: it is this test's, not theirs.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("yorisoi.db");
    let on_the_file =
        |config: &mut yorisoi_server::Config| config.database = database.clone().into();

    let first = TestServer::start_with(on_the_file).await;
    let token = conversation_with(&first, &["kept"]).await;
    let first_url = first.url();
    // Waits for a clean shutdown and fails if the server ended in error.
    first.stop().await;
    assert!(
        reqwest::get(&first_url).await.is_err(),
        "the first server no longer answers"
    );

    let second = TestServer::start_with(on_the_file).await;
    // It answers as itself: a staff request without a session is refused.
    let me = second.staff_client().me().await;
    assert_eq!(
        me.status(),
        reqwest::StatusCode::UNAUTHORIZED,
        "the restarted server answers"
    );
    let mut widget = second.widget().await;
    let frames = widget.hello(&token, Lang::Ja, 0).await;
    let [
        WidgetServer::Welcome {
            has_conversation: true,
            messages,
            ..
        },
    ] = frames.as_slice()
    else {
        panic!("Welcome with the conversation: {frames:?}")
    };
    let restored: Vec<(Seq, &str)> = messages.iter().map(|m| (m.seq, m.body.as_str())).collect();
    assert_eq!(restored, [(1, "kept")]);
    drop(widget);
    // Fails if the second server ran into an error meanwhile.
    second.stop().await;
}

#[tokio::test]
async fn an_unknown_token_is_a_new_visitor_and_touches_nobody_else() {
    let server = TestServer::start().await;
    let token = conversation_with(&server, &["mine"]).await;
    let fresh = random_token();
    let mut widget = server.widget().await;
    let frames = widget.hello(&fresh, Lang::En, 5).await;
    assert!(
        matches!(
            frames.as_slice(),
            [WidgetServer::Welcome { has_conversation: false, messages, read_seq: 0, .. }]
                if messages.is_empty()
        ),
        "{frames:?}"
    );
    widget.say("new start").await;
    assert!(matches!(
        widget.next().await,
        WidgetServer::Ack { seq: 1, .. }
    ));

    let mut original = server.widget().await;
    let frames = original.hello(&token, Lang::En, 0).await;
    assert!(
        matches!(frames.as_slice(), [WidgetServer::Welcome { messages, .. }] if messages.len() == 1),
        "the original conversation is untouched: {frames:?}"
    );
}
