//! Organisations on one server are fully apart: the authorisation matrix
//! with the organisation dimension. A staff member of one organisation never
//! receives another's conversations, summaries, messages or events, and
//! naming another's conversation id is answered exactly as an id that never
//! existed; a widget lands in the organisation of the site its `Hello`
//! names, a site of none is refused, and tokens and abuse limits are counted
//! per organisation. Settings and public faces: `organisation_settings`.

use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::widget::ServerFrame;
use yorisoi_protocol::{ConversationId, ErrorCode, Lang};
use yorisoi_server::store::Organisation;
use yorisoi_tests::access::{say_and_answer, say_unwelcomed};
use yorisoi_tests::{ConsoleSocket, Role, TestServer, new_client_id, random_token};

pub const HIDAMARI: &str = "https://hidamari.example.org";
pub const HIDAMARI_BLOG: &str = "https://blog.hidamari.example.org";
pub const KODAMA: &str = "https://kodama.example.org";
pub const STRANGER: &str = "https://stranger.example.org";

/// Two organisations besides the first: Hidamari (two sites) and Kodama.
pub async fn two_organisations(server: &TestServer) -> (Organisation, Organisation) {
    let hidamari = server
        .add_organisation(
            "hidamari",
            "ひだまり子育てネット",
            "Hidamari Parenting Net",
            &[HIDAMARI, HIDAMARI_BLOG],
        )
        .await;
    let kodama = server
        .add_organisation(
            "kodama",
            "こだま親子サロン",
            "Kodama Family Salon",
            &[KODAMA],
        )
        .await;
    assert_ne!(hidamari.id, kodama.id);
    (hidamari, kodama)
}

fn is_ack(frame: &ServerFrame, wanted_seq: u64) -> bool {
    matches!(frame, ServerFrame::Ack { seq, .. } if *seq == wanted_seq)
}

fn is_rate_limited(frame: &ServerFrame) -> bool {
    matches!(
        frame,
        ServerFrame::Error {
            code: ErrorCode::RateLimited,
            client_id: Some(_),
            retry_after_secs: Some(_),
        }
    )
}

/// The console's `Welcome`: the conversations it lists.
async fn welcome(console: &mut ConsoleSocket) -> Vec<ConversationSummary> {
    match console.next().await {
        ConsoleServer::Welcome { conversations, .. } => conversations,
        other => panic!("a Welcome, not {other:?}"),
    }
}

fn previews(conversations: &[ConversationSummary]) -> Vec<&str> {
    conversations.iter().map(|c| c.preview.as_str()).collect()
}

/// The conversation a console frame is about, if any.
fn about(frame: &ConsoleServer) -> Option<ConversationId> {
    match frame {
        ConsoleServer::Conversation(summary) => Some(summary.id),
        ConsoleServer::History { conversation, .. }
        | ConsoleServer::Message { conversation, .. }
        | ConsoleServer::Ack { conversation, .. } => Some(*conversation),
        _ => None,
    }
}

/// Sends `frame` and returns every frame the console gets before `Pong`.
async fn answers(console: &mut ConsoleSocket, frame: &ConsoleFrame) -> Vec<ConsoleServer> {
    console.send(frame).await;
    console.frames_before_pong().await
}

#[tokio::test]
async fn a_console_never_sees_or_touches_another_organisations_conversations() {
    let server = TestServer::start().await;
    let (hidamari, kodama) = two_organisations(&server).await;
    let (mut a_parent, _) = server.widget_on(HIDAMARI).await;
    let (_, answer) = say_and_answer(&mut a_parent, "ひだまりへの相談").await;
    assert!(is_ack(&answer, 1), "{answer:?}");
    let (mut b_parent, _) = server.widget_on(KODAMA).await;
    let (_, answer) = say_and_answer(&mut b_parent, "こだまだけの秘密").await;
    assert!(is_ack(&answer, 1), "{answer:?}");

    let email = "mika@hidamari.example.org";
    let (_, mut a_console, a_staff) = server
        .console_in("hidamari", Role::Staff, email, "Mika")
        .await;
    assert_eq!(a_staff.organisation, hidamari.id);
    let a_list = welcome(&mut a_console).await;
    assert_eq!(
        previews(&a_list),
        ["ひだまりへの相談"],
        "Hidamari's console"
    );
    let email = "ren@kodama.example.org";
    let (_, mut b_console, b_staff) = server.console_in("kodama", Role::Admin, email, "Ren").await;
    assert_eq!(b_staff.organisation, kodama.id);
    let b_list = welcome(&mut b_console).await;
    assert_eq!(previews(&b_list), ["こだまだけの秘密"], "Kodama's console");
    let (a_conversation, b_conversation) = (a_list[0].id, b_list[0].id);

    // Live: Kodama's parent writes again; Kodama's console hears of it.
    let history = a_console.open(a_conversation, 0).await;
    assert_eq!(history.len(), 1);
    say_and_answer(&mut b_parent, "もう一通の秘密").await;
    b_console
        .next_matching("Kodama's new summary", |frame| {
            matches!(frame, ConsoleServer::Conversation(s) if s.id == b_conversation && s.last_seq == 2)
        })
        .await;
    // Then Hidamari's parent writes: all Hidamari's console got until that
    // message arrived, and after, is Hidamari's own.
    say_and_answer(&mut a_parent, "ひだまりへの二通目").await;
    let mut frames = a_console
        .frames_until(|frame| {
            matches!(frame, ConsoleServer::Message { message, .. } if message.body == "ひだまりへの二通目")
        })
        .await;
    frames.extend(a_console.frames_before_pong().await);
    for frame in &frames {
        assert_eq!(about(frame), Some(a_conversation), "{frame:?}");
        let text = serde_json::to_string(frame).expect("json");
        assert!(!text.contains("秘密"), "Kodama's words leaked: {text}");
    }

    // Naming Kodama's conversation is answered as naming one that never was.
    let never = ConversationId(a_conversation.0.max(b_conversation.0) + 1_000);
    for conversation in [b_conversation, never] {
        let open = ConsoleFrame::Open {
            conversation,
            last_seq: 0,
        };
        let unknown = ConsoleServer::Error {
            code: ErrorCode::UnknownConversation,
            client_id: None,
        };
        assert_eq!(
            answers(&mut a_console, &open).await,
            std::slice::from_ref(&unknown)
        );
        let client_id = new_client_id();
        let send = ConsoleFrame::Send {
            conversation,
            client_id: client_id.clone(),
            body: "よその団体への返信".into(),
        };
        let refused = ConsoleServer::Error {
            code: ErrorCode::UnknownConversation,
            client_id: Some(client_id),
        };
        assert_eq!(answers(&mut a_console, &send).await, [refused]);
        let mark = ConsoleFrame::MarkRead {
            conversation,
            seq: 2,
        };
        assert_eq!(answers(&mut a_console, &mark).await, [unknown]);
    }
    // Nothing reached Kodama's parent or console, nothing changed there.
    let b_parent_frames = b_parent.frames_before_pong().await;
    assert!(b_parent_frames.is_empty(), "{b_parent_frames:?}");
    let b_frames = b_console.frames_before_pong().await;
    assert!(b_frames.iter().all(|f| about(f) != Some(a_conversation)));
    assert!(
        !b_frames
            .iter()
            .any(|f| format!("{f:?}").contains("よその団体")),
        "{b_frames:?}"
    );
    let kodama_records = server.records_of(kodama.id).await;
    let [summary] = kodama_records.summaries().await.try_into().expect("one");
    assert_eq!(
        (summary.last_seq, summary.unread),
        (2, 2),
        "unread by anyone"
    );
    let hidamari_records = server.records_of(hidamari.id).await;
    let ids: Vec<_> = hidamari_records
        .summaries()
        .await
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, [a_conversation]);
}

#[tokio::test]
async fn a_widget_lands_in_the_organisation_its_site_belongs_to() {
    let server = TestServer::start().await;
    let (hidamari, _kodama) = two_organisations(&server).await;
    let (mut blog, blog_token) = server.widget_on(HIDAMARI_BLOG).await;
    say_and_answer(&mut blog, "ブログから来ました").await;
    let (mut salon, _) = server.widget_on(KODAMA).await;
    say_and_answer(&mut salon, "サロンから来ました").await;
    // No site named: the server's own page, the first organisation's.
    let mut own = server.widget().await;
    let answer = own.hello_on(None, &random_token(), Lang::En).await;
    assert!(matches!(answer, ServerFrame::Welcome { .. }), "{answer:?}");
    say_and_answer(&mut own, "from the demo page").await;

    let consoles = [
        ("hidamari", "aoi@hidamari.example.org", "ブログから来ました"),
        ("kodama", "ken@kodama.example.org", "サロンから来ました"),
        ("main", "sora@main.example.org", "from the demo page"),
    ];
    for (slug, email, expected) in consoles {
        let (_, mut console, _) = server.console_in(slug, Role::Staff, email, "Aoi").await;
        assert_eq!(previews(&welcome(&mut console).await), [expected], "{slug}");
    }

    // The blog's token means nothing on Kodama's site: a token names one
    // conversation of one organisation. There it opens nothing, and writing
    // with it is refused as an unknown token (the widget then starts afresh
    // with a new one; it keeps one token per embedding site anyway), never
    // joining or revealing Hidamari's conversation.
    let mut elsewhere = server.widget().await;
    let answer = elsewhere
        .hello_on(Some(KODAMA), &blog_token, Lang::Ja)
        .await;
    let ServerFrame::Welcome {
        has_conversation,
        messages,
        ..
    } = answer
    else {
        panic!("a Welcome, not {answer:?}");
    };
    assert!(!has_conversation && messages.is_empty(), "{messages:?}");
    let (_, answer) = say_and_answer(&mut elsewhere, "別の団体での最初の一通").await;
    assert!(
        matches!(
            answer,
            ServerFrame::Error {
                code: ErrorCode::UnknownToken,
                client_id: Some(_),
                retry_after_secs: None,
            }
        ),
        "a token of another organisation is refused: {answer:?}"
    );
    let answer = elsewhere
        .hello_on(Some(KODAMA), &random_token(), Lang::Ja)
        .await;
    assert!(matches!(answer, ServerFrame::Welcome { .. }), "{answer:?}");
    let (_, answer) = say_and_answer(&mut elsewhere, "別の団体での最初の一通").await;
    assert!(is_ack(&answer, 1), "a fresh token starts here: {answer:?}");
    // Back on Hidamari's main site, the token still opens the blog's
    // conversation (one organisation, two sites), untouched.
    let mut again = server.widget().await;
    let answer = again.hello_on(Some(HIDAMARI), &blog_token, Lang::Ja).await;
    let ServerFrame::Welcome { messages, .. } = answer else {
        panic!("a Welcome, not {answer:?}");
    };
    let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, ["ブログから来ました"]);
    let records = server.records_of(hidamari.id).await;
    assert_eq!(records.summaries().await.len(), 1);
}

#[tokio::test]
async fn a_hello_naming_a_site_of_no_organisation_is_refused() {
    let server = TestServer::start().await;
    two_organisations(&server).await;
    // Origins are exact: another scheme or port is another site.
    let near_misses = [
        STRANGER,
        "http://kodama.example.org",
        "https://kodama.example.org:8443",
        "https://hidamari.example.org.evil.example",
    ];
    for site in near_misses {
        let mut socket = server.widget().await;
        let answer = socket.hello_on(Some(site), &random_token(), Lang::Ja).await;
        let refused = ServerFrame::Error {
            code: ErrorCode::ForeignOrigin,
            client_id: None,
            retry_after_secs: None,
        };
        assert_eq!(answer, refused, "Hello from {site}");
        // The socket stays un-greeted: nothing can be written on it.
        let answer = say_unwelcomed(&mut socket, "こんにちは").await;
        assert!(
            matches!(
                answer,
                ServerFrame::Error {
                    code: ErrorCode::HelloFirst,
                    ..
                }
            ),
            "{site}: {answer:?}"
        );
    }
    for slug in ["main", "hidamari", "kodama"] {
        let email = format!("staff@{slug}.example.org");
        let (_, mut console, _) = server.console_in(slug, Role::Staff, &email, "Mio").await;
        let listed = welcome(&mut console).await;
        assert!(listed.is_empty(), "{slug} got {listed:?}");
    }
}

#[tokio::test]
async fn one_organisations_flood_leaves_anothers_message_limit_alone() {
    let server = TestServer::start_with(|config| {
        config.limit_messages_burst = 3;
        config.limit_messages_per_minute = 3;
    })
    .await;
    two_organisations(&server).await;
    // Every socket comes from 127.0.0.1.
    let (mut flood, _) = server.widget_on(HIDAMARI).await;
    let mut answers = Vec::new();
    for n in 0..5 {
        answers.push(say_and_answer(&mut flood, &format!("連投 {n}")).await.1);
    }
    for (n, answer) in (1..).zip(&answers[..3]) {
        assert!(is_ack(answer, n), "{answers:?}");
    }
    assert!(answers[3..].iter().all(is_rate_limited), "{answers:?}");
    let (mut parent, _) = server.widget_on(KODAMA).await;
    for n in 1..=3 {
        let (_, answer) = say_and_answer(&mut parent, "こだまに相談です").await;
        assert!(is_ack(&answer, n), "Kodama's limit is its own: {answer:?}");
    }
    // And Hidamari's bucket was not refilled by Kodama's traffic.
    let (_, answer) = say_and_answer(&mut flood, "まだ？").await;
    assert!(is_rate_limited(&answer), "{answer:?}");
}

#[tokio::test]
async fn new_conversations_are_limited_per_organisation() {
    let server = TestServer::start_with(|config| config.limit_new_conversations = 2).await;
    two_organisations(&server).await;
    let mut answers = Vec::new();
    for n in 0..3 {
        let (mut socket, _) = server.widget_on(HIDAMARI).await;
        answers.push(
            say_and_answer(&mut socket, &format!("はじめまして {n}"))
                .await
                .1,
        );
    }
    assert!(
        is_ack(&answers[0], 1) && is_ack(&answers[1], 1),
        "{answers:?}"
    );
    // Past the free ones, a third must pay with work (the test does not).
    assert!(
        matches!(answers[2], ServerFrame::ProveWork { .. }),
        "{answers:?}"
    );
    for n in 0..2 {
        let (mut socket, _) = server.widget_on(KODAMA).await;
        let (_, answer) = say_and_answer(&mut socket, &format!("はじめまして {n}")).await;
        assert!(
            is_ack(&answer, 1),
            "Kodama's parents start theirs: {answer:?}"
        );
    }
}
