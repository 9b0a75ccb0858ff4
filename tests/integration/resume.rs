//! Coming back: the visitor token restores the conversation after a
//! reconnect, `last_seq` gives exactly the missed suffix, and an unknown
//! token starts afresh without losing anything.

use yorisoi_protocol::widget::ServerFrame as WidgetServer;
use yorisoi_protocol::{ErrorCode, Lang};
use yorisoi_tests::TestServer;

/// Sends `bodies` as a new visitor and returns the token.
async fn conversation_with(server: &TestServer, bodies: &[&str]) -> String {
    let mut widget = server.widget().await;
    widget.hello(None, Lang::Ja, 0).await;
    for body in bodies {
        widget.say(body).await;
    }
    let last = bodies.len() as u64;
    let frames = widget
        .frames_until(|f| matches!(f, WidgetServer::Ack { seq, .. } if *seq == last))
        .await;
    frames
        .into_iter()
        .find_map(|f| match f {
            WidgetServer::Started { token } => Some(token),
            _ => None,
        })
        .expect("a Started frame")
}

#[tokio::test]
async fn history_is_restored_with_the_token_after_reconnecting() {
    let server = TestServer::start().await;
    let token = conversation_with(&server, &["a", "b", "c"]).await;

    let mut widget = server.widget().await;
    let frames = widget.hello(Some(token.clone()), Lang::Ja, 0).await;
    let [
        WidgetServer::Welcome {
            has_conversation: true,
            messages,
        },
    ] = frames.as_slice()
    else {
        panic!("Welcome with the conversation: {frames:?}");
    };
    let restored: Vec<(u64, &str)> = messages.iter().map(|m| (m.seq, m.body.as_str())).collect();
    assert_eq!(restored, [(1, "a"), (2, "b"), (3, "c")]);

    let mut resumed = server.widget().await;
    let frames = resumed.hello(Some(token), Lang::Ja, 2).await;
    let [WidgetServer::Welcome { messages, .. }] = frames.as_slice() else {
        panic!("{frames:?}")
    };
    assert_eq!(
        messages.iter().map(|m| m.seq).collect::<Vec<_>>(),
        [3],
        "exactly the suffix"
    );
}

#[tokio::test]
async fn history_survives_a_server_restart() {
    let server = TestServer::start().await;
    let token = conversation_with(&server, &["kept"]).await;
    let config = server.config().clone();
    // A second server on the same database file, as after a restart.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(yorisoi_server::run(listener, config, async {
        let _ = stopped.await;
    }));
    let url = format!("ws://{address}/api/widget/ws");
    let mut widget = yorisoi_tests::WidgetSocket::connect(url)
        .await
        .expect("connect");
    let frames = widget.hello(Some(token), Lang::Ja, 0).await;
    let [WidgetServer::Welcome { messages, .. }] = frames.as_slice() else {
        panic!("{frames:?}")
    };
    assert_eq!(messages[0].body, "kept");
    let _ = stop.send(());
    let _ = task.await;
}

#[tokio::test]
async fn an_unknown_token_is_reported_then_the_visitor_starts_afresh() {
    let server = TestServer::start().await;
    let token = conversation_with(&server, &["mine"]).await;
    let mut widget = server.widget().await;
    let frames = widget.hello(Some("f".repeat(64)), Lang::En, 5).await;
    assert_eq!(
        frames,
        [
            WidgetServer::Error {
                code: ErrorCode::UnknownToken,
                client_id: None
            },
            WidgetServer::Welcome {
                has_conversation: false,
                messages: vec![]
            },
        ]
    );
    widget.say("new start").await;
    let WidgetServer::Started { token: fresh } = widget.next().await else {
        panic!("Started")
    };
    assert_ne!(fresh, token);
    assert!(matches!(
        widget.next().await,
        WidgetServer::Ack { seq: 1, .. }
    ));

    let mut original = server.widget().await;
    let frames = original.hello(Some(token), Lang::En, 0).await;
    assert!(
        matches!(frames.as_slice(), [WidgetServer::Welcome { messages, .. }] if messages.len() == 1),
        "the original conversation is untouched: {frames:?}"
    );
}
