//! Japanese is first-class: full-width text, emoji and long lines without
//! spaces travel byte-exact both ways and survive storage.

use yorisoi_protocol::Lang;
use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::widget::ServerFrame as WidgetServer;
use yorisoi_tests::{TestServer, new_client_id, random_token};

#[tokio::test]
async fn japanese_text_with_emoji_and_long_unbroken_lines_round_trips_byte_exact() {
    let server = TestServer::start().await;
    let (_client, mut console, _staff) = server.console_as("yui@example.org", "由衣").await;
    console.next().await;
    let parent_text = format!(
        "夜泣きがひどくて眠れません😢👶🏻\n{}\u{3000}ＡＢＣ１２３ family👨‍👩‍👧",
        "あいうえおかきくけこ".repeat(300)
    );
    let token = random_token();
    let mut widget = server.widget().await;
    widget.hello(&token, Lang::Ja, 0).await;
    widget.say(&parent_text).await;
    widget
        .frames_until(|f| matches!(f, WidgetServer::Ack { .. }))
        .await;

    let ConsoleServer::Message {
        conversation,
        message,
    } = console
        .next_matching("the message", |f| {
            matches!(f, ConsoleServer::Message { .. })
        })
        .await
    else {
        unreachable!()
    };
    assert_eq!(message.body.as_bytes(), parent_text.as_bytes());

    let reply = "お話ししてくださってありがとうございます🌸 いつでもどうぞ。";
    console
        .send(&ConsoleFrame::Send {
            conversation,
            client_id: new_client_id(),
            body: reply.into(),
        })
        .await;
    let WidgetServer::Message(received) = widget.next().await else {
        panic!("the reply")
    };
    assert_eq!(received.body.as_bytes(), reply.as_bytes());
    assert_eq!(
        received.author,
        yorisoi_protocol::Author::Staff {
            id: 1,
            name: "由衣".into()
        }
    );

    let mut later = server.widget().await;
    let frames = later.hello(&token, Lang::Ja, 0).await;
    let [WidgetServer::Welcome { messages, .. }] = frames.as_slice() else {
        panic!("{frames:?}")
    };
    assert_eq!(messages[0].body, parent_text);
    assert_eq!(messages[1].body, reply);
}

#[tokio::test]
async fn the_console_follows_the_parents_language_switch() {
    let server = TestServer::start().await;
    let (_client, mut console, _staff) = server.console_as("yui@example.org", "Yui").await;
    console.next().await;
    let mut widget = server.widget().await;
    widget.hello(&random_token(), Lang::En, 0).await;
    widget.say("hello").await;
    widget
        .frames_until(|f| matches!(f, WidgetServer::Ack { .. }))
        .await;
    widget
        .send(&yorisoi_protocol::widget::ClientFrame::SetLang { lang: Lang::Ja })
        .await;
    console
        .next_matching(
            "a Japanese summary",
            |f| matches!(f, ConsoleServer::Conversation(s) if s.lang == Lang::Ja),
        )
        .await;
}
