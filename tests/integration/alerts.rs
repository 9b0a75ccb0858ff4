//! The overdue alert (issue 12, "care for the carers"): when a parent's
//! message has had no staff reply for `overdue_alert_hours`, the other
//! staff's consoles are told, once per wait, never someone in quiet hours,
//! never about an answered conversation. Time moves on the server's clock;
//! each node sweeps often (`overdue_sweep_ms`) and each sweep's alerts come
//! as one frame, so "not before" is seen as "not in an earlier frame".

use std::time::Duration;

use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{ConversationId, Lang};
use yorisoi_tests::hours::{HOUR_MS, next_monday_in_tokyo, set_quiet_hours};
use yorisoi_tests::{
    ConsoleSocket, StaffClient, TestServer, WidgetSocket, new_client_id, random_token,
};

const MINUTE_MS: i64 = 60 * 1000;

/// A server that looks for overdue waits every 20 ms (of real time), with
/// the default threshold of two hours.
async fn server() -> TestServer {
    TestServer::start_with(|config| config.overdue_sweep_ms = 20).await
}

fn advance(server: &TestServer, by_ms: i64) {
    server.advance_clock(Duration::from_millis(
        u64::try_from(by_ms).expect("forward"),
    ));
}

/// A staff member's console, its `Welcome` read, with their HTTP client
/// (to keep) and id.
async fn console(
    server: &TestServer,
    email: &str,
    name: &str,
) -> (StaffClient, ConsoleSocket, i64) {
    let (client, mut console, staff) = server.console_as(email, name).await;
    console
        .next_matching("the Welcome", |frame| {
            matches!(frame, ConsoleServer::Welcome { .. })
        })
        .await;
    (client, console, staff.id)
}

/// A parent (asking for `nominee`, if any) writes `body`; returns their
/// socket and the conversation, as `watcher`'s console learns of it.
async fn parent_writes(
    server: &TestServer,
    watcher: &mut ConsoleSocket,
    nominee: Option<i64>,
    body: &str,
) -> (WidgetSocket, ConversationId) {
    let mut widget = server.widget().await;
    widget.hello(&random_token(), Lang::Ja, 0).await;
    if nominee.is_some() {
        widget.send(&ClientFrame::Nominate { staff: nominee }).await;
        widget
            .next_matching("the Team", |frame| matches!(frame, ServerFrame::Team(_)))
            .await;
    }
    widget.say(body).await;
    widget
        .next_matching("the Ack", |frame| matches!(frame, ServerFrame::Ack { .. }))
        .await;
    let frame = watcher
        .next_matching("the new conversation", |frame| {
            matches!(frame, ConsoleServer::Conversation(summary) if summary.preview == body)
        })
        .await;
    let ConsoleServer::Conversation(summary) = frame else {
        unreachable!("next_matching returns a Conversation")
    };
    assert_eq!(summary.nominee, nominee, "the parent's choice is kept");
    (widget, summary.id)
}

/// The conversations of the next overdue alert this console gets.
async fn next_alert(console: &mut ConsoleSocket) -> Vec<ConversationId> {
    let frame = console
        .next_matching("an overdue alert", |frame| {
            matches!(frame, ConsoleServer::Overdue { .. })
        })
        .await;
    let ConsoleServer::Overdue {
        hours,
        conversations,
    } = frame
    else {
        unreachable!("next_matching returns an Overdue")
    };
    assert_eq!(hours, 2, "the default threshold");
    assert!(
        conversations.iter().all(|c| c.waiting_since_ms.is_some()),
        "only waiting parents"
    );
    conversations.iter().map(|summary| summary.id).collect()
}

#[tokio::test]
async fn an_overdue_wait_alerts_the_other_staff_once_and_not_before() {
    let server = server().await;
    let (_aiko, mut aiko, _) = console(&server, "aiko@example.org", "Aiko").await;
    let (_mio, mut mio, mio_id) = console(&server, "mio@example.org", "Mio").await;
    // The server reads its team again after half a minute: Mio is on it.
    advance(&server, MINUTE_MS);

    // A parent asks for Mio; half an hour later another asks anyone.
    let (_first_parent, for_mio) =
        parent_writes(&server, &mut aiko, Some(mio_id), "ミオさんに相談です").await;
    advance(&server, 30 * MINUTE_MS);
    let (_second_parent, for_anyone) =
        parent_writes(&server, &mut aiko, None, "どなたか教えてください").await;

    // Two hours and a minute after the first: only the first is overdue,
    // and Aiko is told (Mio was asked for, so she knows already).
    advance(&server, 90 * MINUTE_MS + MINUTE_MS);
    assert_eq!(next_alert(&mut aiko).await, [for_mio], "not the second yet");
    // Half an hour on, the second: to both, and the first is not repeated.
    advance(&server, 30 * MINUTE_MS);
    assert_eq!(next_alert(&mut aiko).await, [for_anyone], "each wait once");
    assert_eq!(
        next_alert(&mut mio).await,
        [for_anyone],
        "not the one asked for her"
    );

    // Both still wait, but a later wait's alert names only itself.
    let (_third_parent, later) = parent_writes(&server, &mut aiko, None, "夜分にすみません").await;
    advance(&server, 2 * HOUR_MS + MINUTE_MS);
    assert_eq!(next_alert(&mut aiko).await, [later]);
    assert_eq!(next_alert(&mut mio).await, [later]);
}

#[tokio::test]
async fn an_answered_parent_is_not_alerted_about_and_their_next_wait_is() {
    let server = server().await;
    let (_aiko, mut aiko, _) = console(&server, "aiko@example.org", "Aiko").await;
    let (_mio, mut mio, _) = console(&server, "mio@example.org", "Mio").await;
    let (mut answered_parent, answered) =
        parent_writes(&server, &mut aiko, None, "ミルクの量について").await;
    let (_waiting_parent, waiting) =
        parent_writes(&server, &mut aiko, None, "夜泣きが続いています").await;

    // Mio answers the first within the hour.
    advance(&server, HOUR_MS);
    let client_id = new_client_id();
    mio.send(&ConsoleFrame::Send {
        conversation: answered,
        client_id: client_id.clone(),
        body: "お返事します".into(),
    })
    .await;
    mio.next_matching(
        "the Ack",
        |frame| matches!(frame, ConsoleServer::Ack { client_id: id, .. } if *id == client_id),
    )
    .await;

    advance(&server, HOUR_MS + MINUTE_MS);
    assert_eq!(
        next_alert(&mut aiko).await,
        [waiting],
        "not the answered one"
    );

    // The answered parent writes again: a new wait, alerted in its turn.
    answered_parent.say("もう一つ質問です").await;
    answered_parent
        .next_matching("the Ack", |frame| matches!(frame, ServerFrame::Ack { .. }))
        .await;
    advance(&server, 2 * HOUR_MS + MINUTE_MS);
    assert_eq!(next_alert(&mut aiko).await, [answered]);
}

#[tokio::test]
async fn nobody_is_alerted_in_their_quiet_hours() {
    let server = server().await;
    // Days ahead first, so the staff sessions are fresh when it is night.
    let two_am = next_monday_in_tokyo(server.now_ms(), 2);
    advance(&server, two_am - server.now_ms());
    let (_aiko, mut aiko, _) = console(&server, "aiko@example.org", "Aiko").await;
    let (mio_client, mut mio, _) = console(&server, "mio@example.org", "Mio").await;
    set_quiet_hours(&server, "mio@example.org", "00:00-06:00").await;
    // A console opened now is told its quiet hours right after `Welcome`
    // (the team is read again after half a minute): it makes no sound.
    advance(&server, MINUTE_MS);
    let mut another = mio_client.console().await.expect("another console");
    let greeting = another.frames_before_pong().await;
    assert!(
        matches!(
            greeting.as_slice(),
            [
                ConsoleServer::Welcome { .. },
                ConsoleServer::Quiet { quiet: true }
            ]
        ),
        "{greeting:?}"
    );
    drop(another);

    // 02:00 in Tokyo: a parent writes; at 04:01 Mio sleeps, Aiko is told.
    let (_night_parent, at_night) =
        parent_writes(&server, &mut aiko, None, "熱が下がりません😢").await;
    advance(&server, 2 * HOUR_MS + MINUTE_MS);
    assert_eq!(next_alert(&mut aiko).await, [at_night]);

    // Another writes at 04:01; at 06:02 Mio's quiet hours are over: her
    // first alert is this one, the night's never reached her.
    let (_morning_parent, at_dawn) =
        parent_writes(&server, &mut aiko, None, "朝早くにすみません").await;
    advance(&server, 2 * HOUR_MS + MINUTE_MS);
    assert_eq!(next_alert(&mut aiko).await, [at_dawn]);
    assert_eq!(
        next_alert(&mut mio).await,
        [at_dawn],
        "nothing in quiet hours"
    );
    // Out of quiet hours a new console hears nothing of them.
    let mut morning = mio_client.console().await.expect("a morning console");
    let greeting = morning.frames_before_pong().await;
    assert!(
        matches!(greeting.as_slice(), [ConsoleServer::Welcome { .. }]),
        "{greeting:?}"
    );
}
