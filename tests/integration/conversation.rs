//! The live round trip: a parent writes, staff see it and answer, the parent
//! sees the answer; other tabs and consoles stay in step.

use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::widget::ServerFrame as WidgetServer;
use yorisoi_protocol::{Author, Lang};
use yorisoi_tests::{TestServer, new_client_id, random_token};

#[tokio::test]
async fn parent_to_staff_to_parent_round_trip_is_live() {
    let server = TestServer::start().await;
    let (_client, mut console, staff) = server.console_as("aiko@example.org", "Aiko").await;
    let ConsoleServer::Welcome {
        staff: me,
        conversations,
        ..
    } = console.next().await
    else {
        panic!("console must start with Welcome");
    };
    assert_eq!((me.id, conversations.len()), (staff.id, 0));

    let mut widget = server.widget().await;
    let welcome = widget.hello(&random_token(), Lang::Ja, 0).await;
    let [
        WidgetServer::Welcome {
            has_conversation: false,
            messages,
            read_seq: 0,
            team: Some(team),
        },
    ] = welcome.as_slice()
    else {
        panic!("a Welcome to a new parent, with the team: {welcome:?}");
    };
    assert!(messages.is_empty());
    let names: Vec<&str> = team
        .members
        .iter()
        .map(|member| member.name.as_str())
        .collect();
    assert_eq!(names, ["Aiko"], "the first screen can say who answers");
    let client_id = widget.say("help please").await;
    let WidgetServer::Ack {
        client_id: acked,
        seq,
        ..
    } = widget.next().await
    else {
        panic!("Ack")
    };
    assert_eq!((acked, seq), (client_id, 1));

    let ConsoleServer::Message {
        conversation,
        message,
    } = console
        .next_matching("the parent's message", |f| {
            matches!(f, ConsoleServer::Message { .. })
        })
        .await
    else {
        unreachable!()
    };
    assert_eq!(
        (message.body.as_str(), message.author),
        ("help please", Author::Visitor)
    );
    let ConsoleServer::Conversation(summary) = console
        .next_matching("a summary", |f| matches!(f, ConsoleServer::Conversation(_)))
        .await
    else {
        unreachable!()
    };
    assert_eq!(
        (summary.id, summary.unread, summary.lang),
        (conversation, 1, Lang::Ja)
    );

    let reply_id = new_client_id();
    console
        .send(&ConsoleFrame::Send {
            conversation,
            client_id: reply_id.clone(),
            body: "I'm here".into(),
        })
        .await;
    let ack = console
        .next_matching("the reply's Ack", |f| {
            matches!(f, ConsoleServer::Ack { .. })
        })
        .await;
    assert!(
        matches!(ack, ConsoleServer::Ack { seq: 2, ref client_id, .. } if *client_id == reply_id)
    );

    let WidgetServer::Message(reply) = widget.next().await else {
        panic!("the reply arrives live")
    };
    assert_eq!(reply.body, "I'm here");
    assert_eq!(
        reply.author,
        Author::Staff {
            id: staff.id,
            name: "Aiko".into()
        }
    );
    assert_eq!(reply.seq, 2);

    console
        .send(&ConsoleFrame::MarkRead {
            conversation,
            seq: 2,
        })
        .await;
    let read = console
        .next_matching(
            "the read summary",
            |f| matches!(f, ConsoleServer::Conversation(s) if s.unread == 0),
        )
        .await;
    assert!(
        matches!(read, ConsoleServer::Conversation(s) if s.last_seq == 2 && s.preview == "I'm here")
    );
    server.stop().await;
}

#[tokio::test]
async fn other_tabs_see_the_message_but_the_sender_gets_only_the_ack() {
    let server = TestServer::start().await;
    let token = random_token();
    let mut first_tab = server.widget().await;
    first_tab.hello(&token, Lang::En, 0).await;
    first_tab.say("first").await;
    assert!(matches!(
        first_tab.next().await,
        WidgetServer::Ack { seq: 1, .. }
    ));

    let mut second_tab = server.widget().await;
    let welcome = second_tab.hello(&token, Lang::En, 1).await;
    assert!(
        matches!(
            welcome.as_slice(),
            [WidgetServer::Welcome { has_conversation: true, messages, read_seq: 0, .. }]
                if messages.is_empty()
        ),
        "{welcome:?}"
    );
    let sent = second_tab.say("from the second tab").await;
    assert!(matches!(
        second_tab.next().await,
        WidgetServer::Ack { seq: 2, .. }
    ));
    assert_eq!(
        second_tab.frames_before_pong().await,
        [],
        "the sender gets no echo"
    );

    let WidgetServer::Message(message) = first_tab.next().await else {
        panic!("live to the other tab")
    };
    assert_eq!((message.seq, message.client_id), (2, sent));
}

#[tokio::test]
async fn opening_a_conversation_gives_its_history_and_unknown_ones_are_refused() {
    let server = TestServer::start().await;
    let mut widget = server.widget().await;
    widget.hello(&random_token(), Lang::Ja, 0).await;
    for body in ["one", "two", "three"] {
        widget.say(body).await;
    }
    let frames = widget
        .frames_until(|f| matches!(f, WidgetServer::Ack { seq: 3, .. }))
        .await;
    assert_eq!(frames.len(), 3, "three Acks: {frames:?}");

    let (_client, mut console, _staff) = server.console_as("ken@example.org", "Ken").await;
    let ConsoleServer::Welcome { conversations, .. } = console.next().await else {
        panic!("Welcome")
    };
    let [summary] = conversations.as_slice() else {
        panic!("one conversation: {conversations:?}")
    };
    assert_eq!(
        (summary.unread, summary.last_seq, summary.preview.as_str()),
        (3, 3, "three")
    );

    console
        .send(&ConsoleFrame::Open {
            conversation: summary.id,
            last_seq: 1,
        })
        .await;
    let ConsoleServer::History { messages, .. } = console.next().await else {
        panic!("History")
    };
    let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, ["two", "three"]);

    let missing = yorisoi_protocol::ConversationId(summary.id.0 + 100);
    console
        .send(&ConsoleFrame::Open {
            conversation: missing,
            last_seq: 0,
        })
        .await;
    assert!(matches!(
        console.next().await,
        ConsoleServer::Error {
            code: yorisoi_protocol::ErrorCode::UnknownConversation,
            ..
        }
    ));
}
