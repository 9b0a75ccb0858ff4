//! Live fan-out between nodes: a parent on node 1 and a staff console on
//! node 2 see each other's messages and read marks as they happen, as if
//! they were on one server; and ending sessions on one node closes the
//! consoles opened with them on the other.

use reqwest::StatusCode;
use yorisoi_protocol::console::{ClientFrame as StaffFrame, ServerFrame as StaffEvent};
use yorisoi_protocol::http::{STAFF_LOGOUT, STAFF_LOGOUT_ALL, STAFF_ME};
use yorisoi_protocol::limits::CLOSE_REVOKED;
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::widget::{ClientFrame as ParentFrame, ServerFrame as ParentEvent};
use yorisoi_protocol::{Author, ConversationId, ErrorCode, Lang, Message};
use yorisoi_tests::process::staff_add;
use yorisoi_tests::{ConsoleSocket, new_client_id, random_token};

use super::{Cluster, NAME, PASSWORD, staff_post};

const QUESTION: &str = "夜泣きが続いていて、どうしたらいいか相談したいです🍼";
const ANSWER: &str = "お疲れさまです。まず、いつ頃から続いていますか？";

/// Waits on a console for the live message and the list row of a new
/// conversation (in whichever order they come).
async fn new_conversation(console: &mut ConsoleSocket) -> (ConversationSummary, Message) {
    let (mut row, mut live) = (None, None);
    while row.is_none() || live.is_none() {
        match console.next().await {
            StaffEvent::Conversation(summary) => row = Some(summary),
            StaffEvent::Message {
                conversation,
                message,
            } => live = Some((conversation, message)),
            other => panic!("unexpected frame on the console: {other:?}"),
        }
    }
    let (row, (conversation, message)) = (row.expect("a row"), live.expect("a message"));
    assert_eq!(
        row.id, conversation,
        "the row is the message's conversation"
    );
    (row, message)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_and_staff_on_different_nodes_see_each_other_live() {
    let cluster = Cluster::start().await;
    let cookie = cluster.login(1).await;
    let mut console = cluster.console(1, &cookie).await;
    match console.next().await {
        StaffEvent::Welcome { conversations, .. } => assert!(conversations.is_empty()),
        other => panic!("expected Welcome, got {other:?}"),
    }
    let mut widget = cluster.widget(0).await;
    widget.hello(&random_token(), Lang::Ja, 0).await;

    // The parent's first message, committed on node 1, reaches node 2.
    let question = widget.say(QUESTION).await;
    let acked = widget
        .next_matching("the Ack", |f| matches!(f, ParentEvent::Ack { .. }))
        .await;
    assert!(
        matches!(acked, ParentEvent::Ack { seq: 1, .. }),
        "{acked:?}"
    );
    let (row, message) = new_conversation(&mut console).await;
    assert_eq!(
        (
            message.seq,
            &message.client_id,
            &message.author,
            &*message.body
        ),
        (1, &question, &Author::Visitor, QUESTION)
    );
    assert_eq!((row.last_seq, row.unread), (1, 1), "the list row: {row:?}");
    assert!(
        QUESTION.starts_with(&row.preview),
        "preview {:?}",
        row.preview
    );
    let conversation: ConversationId = row.id;
    assert_eq!(console.open(conversation, 0).await, vec![message]);

    // The staff reply, committed on node 2, reaches the parent on node 1.
    let reply = new_client_id();
    console
        .send(&StaffFrame::Send {
            conversation,
            client_id: reply.clone(),
            body: ANSWER.into(),
        })
        .await;
    let acked = console
        .next_matching("the reply's Ack", |f| matches!(f, StaffEvent::Ack { .. }))
        .await;
    assert!(matches!(acked, StaffEvent::Ack { seq: 2, .. }), "{acked:?}");
    let ParentEvent::Message(answer) = widget
        .next_matching("the reply", |f| matches!(f, ParentEvent::Message(_)))
        .await
    else {
        unreachable!("next_matching returns a Message")
    };
    assert_eq!(
        (answer.seq, &answer.client_id, &*answer.body),
        (2, &reply, ANSWER)
    );
    assert!(
        matches!(&answer.author, Author::Staff { name, .. } if name == NAME),
        "signed by the staff member: {:?}",
        answer.author
    );

    // Staff read the question on node 2: the parent's widget says so.
    console
        .send(&StaffFrame::MarkRead {
            conversation,
            seq: 1,
        })
        .await;
    let read = widget
        .next_matching("the staff read mark", |f| {
            matches!(f, ParentEvent::Read { .. })
        })
        .await;
    assert_eq!(read, ParentEvent::Read { seq: 1 });

    // The parent read the reply on node 1: the console's row says so.
    widget.send(&ParentFrame::MarkRead { seq: 2 }).await;
    let row = console
        .next_matching(
            "the parent's read mark",
            |f| matches!(f, StaffEvent::Conversation(s) if s.visitor_read_seq > 0),
        )
        .await;
    let StaffEvent::Conversation(row) = row else {
        unreachable!("next_matching returns a Conversation")
    };
    assert_eq!((row.id, row.visitor_read_seq), (conversation, 2));
}

fn unauthorized() -> StaffEvent {
    StaffEvent::Error {
        code: ErrorCode::Unauthorized,
        client_id: None,
    }
}

/// Welcomes a fresh console socket on node `n`.
async fn welcomed_console(cluster: &Cluster, n: usize, cookie: &str) -> ConsoleSocket {
    let mut console = cluster.console(n, cookie).await;
    let welcome = console.next().await;
    assert!(matches!(welcome, StaffEvent::Welcome { .. }), "{welcome:?}");
    console
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_everywhere_on_one_node_closes_consoles_on_both() {
    let cluster = Cluster::start().await;
    let colleague_email = "ren@example.org";
    staff_add(
        cluster.dir.path(),
        &cluster.database.url,
        colleague_email,
        "Ren",
        PASSWORD,
    )
    .await;
    let (office, phone) = (cluster.login(0).await, cluster.login(1).await);
    let mut office_console = welcomed_console(&cluster, 0, &office).await;
    let mut phone_console = welcomed_console(&cluster, 1, &phone).await;
    let colleague = cluster.login_as(0, colleague_email).await;
    let mut colleague_console = welcomed_console(&cluster, 1, &colleague).await;

    let ended = staff_post(&cluster.url(0, STAFF_LOGOUT_ALL), Some(&office))
        .send()
        .await
        .expect("logout everywhere");
    assert_eq!(ended.status(), StatusCode::NO_CONTENT);
    for (node, console) in [(1, &mut office_console), (2, &mut phone_console)] {
        assert_eq!(
            console.next().await,
            unauthorized(),
            "console on node {node}"
        );
        assert_eq!(
            console.closed().await,
            Some(CLOSE_REVOKED),
            "console on node {node}"
        );
    }
    for (n, cookie) in [(0, &office), (1, &phone)] {
        assert_eq!(me(&cluster, n, cookie).await, StatusCode::UNAUTHORIZED);
    }
    // The colleague is untouched.
    assert_eq!(me(&cluster, 0, &colleague).await, StatusCode::OK);
    assert!(colleague_console.frames_before_pong().await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_on_one_node_closes_that_sessions_console_on_the_other() {
    let cluster = Cluster::start().await;
    let (office, phone) = (cluster.login(1).await, cluster.login(1).await);
    let mut office_console = welcomed_console(&cluster, 1, &office).await;
    let mut phone_console = welcomed_console(&cluster, 1, &phone).await;

    let ended = staff_post(&cluster.url(0, STAFF_LOGOUT), Some(&office))
        .send()
        .await
        .expect("logout");
    assert_eq!(ended.status(), StatusCode::NO_CONTENT);
    assert_eq!(office_console.next().await, unauthorized());
    assert_eq!(office_console.closed().await, Some(CLOSE_REVOKED));
    assert!(phone_console.frames_before_pong().await.is_empty());
    assert_eq!(me(&cluster, 1, &phone).await, StatusCode::OK);
}

/// `GET /api/staff/me` on node `n` with a session cookie: its status.
async fn me(cluster: &Cluster, n: usize, cookie: &str) -> StatusCode {
    reqwest::Client::new()
        .get(cluster.url(n, STAFF_ME))
        .header("cookie", cookie)
        .send()
        .await
        .expect("me")
        .status()
}

/// A node killed right after acknowledging a message has still told the
/// others: the notice goes out with the commit itself, so a console on
/// node 2 sees the message although nothing else ever happens in that
/// conversation (announcing after the commit would lose it with the node).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_acknowledged_just_before_its_node_dies_reaches_the_other_node() {
    let mut cluster = Cluster::start().await;
    let cookie = cluster.login(1).await;
    let mut console = cluster.console(1, &cookie).await;
    assert!(matches!(console.next().await, StaffEvent::Welcome { .. }));
    let mut widget = cluster.widget(0).await;
    widget.hello(&random_token(), Lang::Ja, 0).await;
    let question = widget.say(QUESTION).await;
    let acked = widget
        .next_matching("the Ack", |f| matches!(f, ParentEvent::Ack { .. }))
        .await;
    assert!(
        matches!(acked, ParentEvent::Ack { seq: 1, .. }),
        "{acked:?}"
    );
    cluster.take(0).kill().await;
    let (row, message) = new_conversation(&mut console).await;
    assert_eq!((message.seq, &message.client_id), (1, &question));
    assert_eq!(row.last_seq, 1, "the list row: {row:?}");
}
