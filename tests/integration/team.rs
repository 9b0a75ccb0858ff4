//! Who answers and when (issue 12), on the server's clock: the team a
//! parent is told about (hours in Asia/Tokyo set with `yorisoi staff
//! hours`, presence from the console), nominating someone and being asked
//! about anyone else when they will not be there for a while, and typing
//! hints both ways.

use std::time::Duration;

use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::team::{NOW, Presence, Team};
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{ConversationId, Lang};
use yorisoi_tests::hours::{HOUR_MS, next_monday_in_tokyo, set_monday_hours};
use yorisoi_tests::{TestServer, WidgetSocket, random_token};

/// The team in a `Welcome`.
fn welcome_team(frames: &[ServerFrame]) -> Team {
    match frames.last() {
        Some(ServerFrame::Welcome {
            team: Some(team), ..
        }) => team.clone(),
        other => panic!("a Welcome with the team, not {other:?}"),
    }
}

/// Nominates `staff` and returns the team the server answers with.
async fn nominate(widget: &mut WidgetSocket, staff: Option<i64>) -> Team {
    widget.send(&ClientFrame::Nominate { staff }).await;
    match widget.next().await {
        ServerFrame::Team(team) => team,
        other => panic!("a Team, not {other:?}"),
    }
}

#[tokio::test]
async fn a_parent_is_told_who_answers_and_when_and_asked_about_anyone_else() {
    let server = TestServer::start().await;
    let aiko = server
        .add_staff("aiko@example.org", "Aiko", "a long password")
        .await;
    set_monday_hours(&server, "aiko@example.org", "10:00-12:00").await;
    let monday_six = next_monday_in_tokyo(server.now_ms(), 6);
    server.advance_clock(Duration::from_millis(
        u64::try_from(monday_six - server.now_ms()).expect("ahead"),
    ));
    let (_client, mut console, mio) = server.console_as("mio@example.org", "Mio").await;
    assert!(matches!(
        console.next().await,
        ConsoleServer::Welcome {
            presence: Presence::Offline,
            ..
        }
    ));

    // Monday 06:00 in Tokyo: Aiko answers from 10:00, Mio set no hours.
    let mut widget = server.widget().await;
    let team = welcome_team(&widget.hello(&random_token(), Lang::Ja, 0).await);
    let names: Vec<&str> = team
        .members
        .iter()
        .map(|member| member.name.as_str())
        .collect();
    assert_eq!(names, ["Aiko", "Mio"]);
    let ten = monday_six + 4 * HOUR_MS;
    let aiko_at = team.members[0].available_at_ms.expect("Aiko has hours");
    assert!(
        (aiko_at - ten).abs() < 1000,
        "Aiko from 10:00 ({aiko_at} vs {ten})"
    );
    assert_eq!(team.members[1].available_at_ms, None);
    assert!(team.away, "nobody answers at six");
    assert_eq!((team.nominee, team.ask_for_anyone), (None, false));
    assert_eq!(team.reply_by_ms, Some(aiko_at));

    // Asking for Aiko: she is there within the wait (12 h), no question.
    let team = nominate(&mut widget, Some(aiko.id)).await;
    assert_eq!((team.nominee, team.ask_for_anyone), (Some(aiko.id), false));
    // Asking for Mio, who set no hours and is offline: may someone else answer?
    let team = nominate(&mut widget, Some(mio.id)).await;
    assert_eq!((team.nominee, team.reply_by_ms), (Some(mio.id), None));
    assert!(team.ask_for_anyone);
    // Someone not on the team counts as anyone.
    let team = nominate(&mut widget, Some(mio.id + 1000)).await;
    assert_eq!(team.nominee, None);

    // Mio comes online: the parent's next heartbeat brings the change.
    let team = nominate(&mut widget, Some(mio.id)).await;
    assert!(team.ask_for_anyone);
    console
        .send(&ConsoleFrame::SetPresence {
            presence: Presence::Online,
        })
        .await;
    let _ = console.frames_before_pong().await;
    let frames = widget.frames_before_pong().await;
    let [ServerFrame::Team(team)] = frames.as_slice() else {
        panic!("the changed team before the Pong, not {frames:?}");
    };
    assert!(!team.away && !team.ask_for_anyone);
    assert_eq!(team.reply_by_ms, Some(NOW), "a reply now");
    assert!(widget.frames_before_pong().await.is_empty(), "told once");

    // The first message stores the nomination: consoles see whom it is for.
    widget.say("ミオさんにお願いしたいです").await;
    widget
        .next_matching("the Ack", |frame| matches!(frame, ServerFrame::Ack { .. }))
        .await;
    let summary = console
        .next_matching("the new conversation", |frame| {
            matches!(frame, ConsoleServer::Conversation(_))
        })
        .await;
    let ConsoleServer::Conversation(summary) = summary else {
        unreachable!()
    };
    assert_eq!(summary.nominee, Some(mio.id));

    // Past Aiko's hours, asking for her means a week's wait: the question.
    server.advance_clock(Duration::from_millis(7 * 3_600_000));
    let team = nominate(&mut widget, Some(aiko.id)).await;
    assert!(team.ask_for_anyone, "Aiko is next there a week later");
    let summary = console
        .next_matching("the changed nomination", |frame| {
            matches!(frame, ConsoleServer::Conversation(_))
        })
        .await;
    assert!(matches!(summary, ConsoleServer::Conversation(s) if s.nominee == Some(aiko.id)));
}

#[tokio::test]
async fn typing_hints_reach_the_other_side_and_are_not_repeated_within_two_seconds() {
    let server = TestServer::start().await;
    let (_client, mut console, _staff) = server.console_as("aiko@example.org", "Aiko").await;
    console.next().await;
    let mut widget = server.widget().await;
    widget.hello(&random_token(), Lang::Ja, 0).await;
    // Before the conversation exists nobody could be told.
    widget.send(&ClientFrame::Typing).await;
    widget.say("こんばんは").await;
    let summary = console
        .next_matching("the conversation", |frame| {
            matches!(frame, ConsoleServer::Conversation(_))
        })
        .await;
    let ConsoleServer::Conversation(summary) = summary else {
        unreachable!()
    };
    let conversation: ConversationId = summary.id;
    let _ = console.frames_before_pong().await;

    // Frames of one socket are handled in order: after the widget's Pong
    // both hints were handled, and only one may have gone out.
    widget.send(&ClientFrame::Typing).await;
    widget.send(&ClientFrame::Typing).await;
    let _ = widget.frames_before_pong().await;
    let typing = ConsoleServer::Typing { conversation };
    let hint = console
        .next_matching("the typing hint", |frame| *frame == typing)
        .await;
    assert_eq!(hint, typing);
    assert!(console.frames_before_pong().await.is_empty(), "one hint");
    server.advance_clock(Duration::from_secs(2));
    widget.send(&ClientFrame::Typing).await;
    console
        .next_matching("a hint two seconds later", |frame| *frame == typing)
        .await;

    let _ = widget.frames_before_pong().await;
    console.send(&ConsoleFrame::Typing { conversation }).await;
    let staff_typing = ServerFrame::Typing {
        name: "Aiko".into(),
    };
    widget
        .next_matching("Aiko typing", |frame| *frame == staff_typing)
        .await;
    // Another parent's widget hears nothing of it.
    let mut other = server.widget().await;
    other.hello(&random_token(), Lang::En, 0).await;
    server.advance_clock(Duration::from_secs(2));
    console.send(&ConsoleFrame::Typing { conversation }).await;
    widget
        .next_matching("Aiko typing again", |frame| *frame == staff_typing)
        .await;
    assert!(other.frames_before_pong().await.is_empty());
}
