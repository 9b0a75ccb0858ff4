//! Delivery that cannot silently fail, frame by frame: a retried console
//! reply stores one message and repeats the original Ack; two tabs sending
//! a new visitor's first message at once end in one conversation; read
//! receipts flow both ways and never move backwards (checked by waiting for
//! what proves each mark was handled, never for a frame that may race it).

use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::widget::{ClientFrame as WidgetFrame, ServerFrame as WidgetServer};
use yorisoi_protocol::{ConversationId, Lang};
use yorisoi_tests::{TestServer, WidgetSocket, new_client_id, random_token};

/// A parent with one message; returns their socket, token and the conversation.
async fn parent_with_a_message(server: &TestServer) -> (WidgetSocket, String, ConversationId) {
    let token = random_token();
    let mut widget = server.widget().await;
    widget.hello(&token, Lang::Ja, 0).await;
    widget.say("こんにちは").await;
    widget
        .next_matching("Ack", |f| matches!(f, WidgetServer::Ack { .. }))
        .await;
    let summaries = server.records().await.summaries().await;
    (widget, token, summaries[0].id)
}

#[tokio::test]
async fn a_retried_console_reply_stores_one_message_and_repeats_the_original_ack() {
    let server = TestServer::start().await;
    let (_widget, _token, conversation) = parent_with_a_message(&server).await;
    let (client, mut console, _staff) = server.console_as("aoi@example.org", "Aoi").await;
    console.next().await;
    let reply = ConsoleFrame::Send {
        conversation,
        client_id: new_client_id(),
        body: "ここにいますよ".into(),
    };
    console.send(&reply).await;
    let first = console
        .next_matching("Ack", |f| matches!(f, ConsoleServer::Ack { .. }))
        .await;
    assert!(
        matches!(first, ConsoleServer::Ack { seq: 2, .. }),
        "{first:?}"
    );

    // The retry comes on a new connection, as after a dropped network.
    let mut again = client.console().await.expect("reconnect");
    again.next().await;
    again.send(&reply).await;
    let retried = again
        .next_matching("Ack", |f| matches!(f, ConsoleServer::Ack { .. }))
        .await;
    assert_eq!(retried, first, "the original Ack, time included");
    let stored = server.records().await.messages(conversation).await;
    assert_eq!(stored.len(), 2, "one message per client id: {stored:?}");
}

#[tokio::test]
async fn two_tabs_sending_a_new_visitors_first_message_at_once_make_one_conversation() {
    const VISITORS: usize = 8;
    let server = TestServer::start().await;
    for _ in 0..VISITORS {
        let token = random_token();
        let mut tabs = [server.widget().await, server.widget().await];
        for tab in &mut tabs {
            tab.hello(&token, Lang::Ja, 0).await;
        }
        let [first, second] = &mut tabs;
        let (one, two) = tokio::join!(first.say("tab one"), second.say("tab two"));
        let (ack_one, ack_two) = tokio::join!(
            first.next_matching("Ack", |f| matches!(f, WidgetServer::Ack { .. })),
            second.next_matching("Ack", |f| matches!(f, WidgetServer::Ack { .. })),
        );
        let seq_of = |ack: &WidgetServer| match ack {
            WidgetServer::Ack { seq, .. } => *seq,
            _ => unreachable!(),
        };
        let mut seqs = [seq_of(&ack_one), seq_of(&ack_two)];
        seqs.sort_unstable();
        assert_eq!(seqs, [1, 2], "{one:?} and {two:?} share one sequence");
    }
    let summaries = server.records().await.summaries().await;
    assert_eq!(summaries.len(), VISITORS, "one conversation per token");
    assert!(summaries.iter().all(|s| s.last_seq == 2));
}

#[tokio::test]
async fn read_receipts_flow_both_ways_and_never_move_back() {
    let server = TestServer::start().await;
    let (mut widget, token, conversation) = parent_with_a_message(&server).await;
    let (_client, mut console, _staff) = server.console_as("mei@example.org", "Mei").await;
    console.next().await;
    for body in ["one", "two"] {
        console
            .send(&ConsoleFrame::Send {
                conversation,
                client_id: new_client_id(),
                body: body.into(),
            })
            .await;
    }
    widget
        .next_matching(
            "the second reply",
            |f| matches!(f, WidgetServer::Message(m) if m.seq == 3),
        )
        .await;

    // The parent has seen up to 2: staff see it in the summary.
    widget.send(&WidgetFrame::MarkRead { seq: 2 }).await;
    console
        .next_matching(
            "visitor_read_seq 2",
            |f| matches!(f, ConsoleServer::Conversation(s) if s.visitor_read_seq == 2),
        )
        .await;
    // A lower mark is ignored and a higher one clamped to the last message.
    // The widget's own `Pong` proves each mark was handled; the database
    // then says where the mark stands. Live, staff see it move straight to
    // 3 (summaries computed before the marks may still arrive, never one at
    // 1 or past 3).
    let stored_mark = || async {
        let summaries = server.records().await.summaries().await;
        summaries[0].visitor_read_seq
    };
    widget.send(&WidgetFrame::MarkRead { seq: 1 }).await;
    widget.frames_before_pong().await;
    assert_eq!(stored_mark().await, 2, "a lower mark is ignored");
    widget.send(&WidgetFrame::MarkRead { seq: 99 }).await;
    widget.frames_before_pong().await;
    assert_eq!(stored_mark().await, 3, "a higher mark is clamped");
    let summaries = console
        .frames_until(|f| matches!(f, ConsoleServer::Conversation(s) if s.visitor_read_seq >= 3))
        .await;
    let marks: Vec<u64> = summaries
        .iter()
        .filter_map(|f| match f {
            ConsoleServer::Conversation(s) => Some(s.visitor_read_seq),
            _ => None,
        })
        .collect();
    assert!(
        marks.last() == Some(&3) && !marks.contains(&1),
        "staff see the mark go from 2 to 3 and nowhere else: {marks:?}"
    );

    // Staff read the parent's message: the parent sees `Read`, live and on
    // the next Welcome.
    console
        .send(&ConsoleFrame::MarkRead {
            conversation,
            seq: 1,
        })
        .await;
    let read = widget
        .next_matching("Read", |f| matches!(f, WidgetServer::Read { .. }))
        .await;
    assert_eq!(read, WidgetServer::Read { seq: 1 });

    // A lower mark changes nothing. The console's own `Pong` proves the
    // server has handled it (one connection's frames are handled in order),
    // so a fresh widget's `Welcome` then shows what is stored.
    console
        .send(&ConsoleFrame::MarkRead {
            conversation,
            seq: 0,
        })
        .await;
    console.frames_before_pong().await;
    let mut later = server.widget().await;
    let frames = later.hello(&token, Lang::Ja, 3).await;
    assert!(
        matches!(
            frames.as_slice(),
            [WidgetServer::Welcome { read_seq: 1, .. }]
        ),
        "the stored mark did not move back: {frames:?}"
    );

    // Live, the parent's next `Read` is the next real one: marks reach the
    // widget in the order staff made them, so a `Read` for the lower mark
    // would have come first.
    console
        .send(&ConsoleFrame::MarkRead {
            conversation,
            seq: 3,
        })
        .await;
    let read = widget
        .next_matching("Read", |f| matches!(f, WidgetServer::Read { .. }))
        .await;
    assert_eq!(read, WidgetServer::Read { seq: 3 }, "no Read backwards");
}

#[tokio::test]
async fn a_tab_open_before_the_conversation_existed_receives_the_other_tabs_messages() {
    let server = TestServer::start().await;
    let token = random_token();
    let mut waiting_tab = server.widget().await;
    waiting_tab.hello(&token, Lang::Ja, 0).await;
    let mut writing_tab = server.widget().await;
    writing_tab.hello(&token, Lang::Ja, 0).await;
    let sent = writing_tab.say("first, from the other tab").await;
    let WidgetServer::Message(message) = waiting_tab.next().await else {
        panic!("the first message reaches the tab that was already open")
    };
    assert_eq!((message.seq, message.client_id), (1, sent));
}
