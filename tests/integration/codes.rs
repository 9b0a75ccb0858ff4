//! The consultation code (issues 8 and 13): a parent asks for a code, and on
//! a second device (or after a page that could keep nothing) the code opens
//! the conversation on that device's new token too. Nothing is revoked: the
//! first device goes on, live, like a second tab; "Forget this device"
//! forgets one device only, while deleting the conversation revokes every
//! device. A code works once and expires (`consultation_code_hours`).
//! Wrong codes are counted per address like failed logins.

use std::time::Duration;

use reqwest::StatusCode;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::code::{self, CODE_LEN};
use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::http::{CSRF_HEADER, WIDGET_UNREAD};
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_server::http::privacy::{PrivacyRequest, WIDGET_PRIVACY_DELETE};
use yorisoi_tests::access::{PROXY_HEADER, bare_client, hello, say_and_answer, widget_at};
use yorisoi_tests::{TestServer, WidgetSocket, new_client_id, random_token};

/// Asks for a code on a greeted socket.
async fn new_code(socket: &mut WidgetSocket) -> String {
    new_code_lasting(socket).await.0
}

/// Asks for a code on a greeted socket: the code and for how many hours
/// the widget is told it works.
async fn new_code_lasting(socket: &mut WidgetSocket) -> (String, u32) {
    socket.send(&ClientFrame::NewCode).await;
    // Live messages of the conversation may come first.
    let answer = socket
        .next_matching("a code", |frame| !matches!(frame, ServerFrame::Message(_)))
        .await;
    match answer {
        ServerFrame::Code { code, hours } => (code, hours),
        other => panic!("a code, not {other:?}"),
    }
}

/// Uses `typed` on a greeted socket with a fresh token; the answer and the token.
async fn use_code(socket: &mut WidgetSocket, typed: &str) -> (ServerFrame, String) {
    let token = random_token();
    socket
        .send(&ClientFrame::UseCode {
            code: typed.to_owned(),
            token: token.clone(),
        })
        .await;
    (socket.next().await, token)
}

fn bodies(welcome: &ServerFrame) -> Vec<String> {
    match welcome {
        ServerFrame::Welcome { messages, .. } => messages.iter().map(|m| m.body.clone()).collect(),
        other => panic!("Welcome, not {other:?}"),
    }
}

/// The count of unseen replies the launcher of the server's own page is
/// told for `token`.
async fn unread(server: &TestServer, token: &str) -> u32 {
    let response = bare_client()
        .post(format!("{}{WIDGET_UNREAD}", server.url()))
        .header("origin", server.origin())
        .header("content-type", "text/plain;charset=UTF-8")
        .body(token.to_owned())
        .send()
        .await
        .expect("the unread request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a JSON number")
}

/// `UnknownCode`, as a refused code is answered.
fn unknown_code() -> ServerFrame {
    ServerFrame::Error {
        code: ErrorCode::UnknownCode,
        client_id: None,
        retry_after_secs: None,
    }
}

#[tokio::test]
async fn the_consultation_code_moves_a_conversation_to_a_second_device_and_revokes_nothing_else() {
    let server = TestServer::start().await;
    let (_client, mut console, _staff) = server.console_as("aoi@example.org", "Aoi").await;
    console.next().await;
    let phone_token = random_token();
    let mut phone = server.widget().await;
    hello(&mut phone, &phone_token).await;
    say_and_answer(&mut phone, "夜泣きのことで相談です").await;
    let first = new_code(&mut phone).await;
    let code = new_code(&mut phone).await;
    assert_ne!(first, code, "each code is new");
    assert_eq!(code.len(), CODE_LEN);
    // Another parent, whose conversation must be untouched.
    let other_token = random_token();
    let mut other = server.widget().await;
    hello(&mut other, &other_token).await;
    say_and_answer(&mut other, "別の相談").await;

    // The laptop types the code as a person would.
    let mut laptop = server.widget().await;
    hello(&mut laptop, &random_token()).await;
    let typed = code::grouped(&code).to_lowercase();
    let (answer, _) = use_code(&mut laptop, &code::grouped(&first)).await;
    assert_eq!(answer, unknown_code(), "a replaced code leads nowhere");
    let (answer, laptop_token) = use_code(&mut laptop, &typed).await;
    assert_eq!(answer, ServerFrame::CodeUsed);
    // The laptop's new token sees the history and can go on …
    let mut laptop = server.widget().await;
    let welcome = hello(&mut laptop, &laptop_token).await;
    assert_eq!(bodies(&welcome), ["夜泣きのことで相談です"]);
    let (_, answer) = say_and_answer(&mut laptop, "パソコンから続けます").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 2, .. }),
        "{answer:?}"
    );
    // … and the phone, still open, sees it live, like a second tab.
    let live = phone
        .next_matching("the laptop's message", |frame| {
            matches!(frame, ServerFrame::Message(_))
        })
        .await;
    assert!(
        matches!(&live, ServerFrame::Message(message) if message.body == "パソコンから続けます"),
        "{live:?}"
    );
    // The phone's token still works: reconnecting with it opens the same
    // conversation, the laptop's message included, and it can write.
    let mut phone_again = server.widget().await;
    let welcome = hello(&mut phone_again, &phone_token).await;
    assert_eq!(
        bodies(&welcome),
        ["夜泣きのことで相談です", "パソコンから続けます"]
    );
    let (_, answer) = say_and_answer(&mut phone_again, "電話からも").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 3, .. }),
        "{answer:?}"
    );
    // Staff see one conversation; a reply counts on both devices' badges.
    let summary = console
        .next_matching(
            "the conversation's summary",
            |frame| matches!(frame, ConsoleServer::Conversation(s) if s.last_seq == 3),
        )
        .await;
    let ConsoleServer::Conversation(summary) = summary else {
        unreachable!("matched a summary")
    };
    console
        .send(&ConsoleFrame::Send {
            conversation: summary.id,
            client_id: new_client_id(),
            body: "お二人とも見えています".into(),
        })
        .await;
    console
        .next_matching("the reply's ack", |f| {
            matches!(f, ConsoleServer::Ack { .. })
        })
        .await;
    assert_eq!(unread(&server, &phone_token).await, 1);
    assert_eq!(unread(&server, &laptop_token).await, 1);
    // Nothing else was revoked: the other parent, the staff console.
    assert!(other.frames_before_pong().await.is_empty());
    let (_, answer) = say_and_answer(&mut other, "まだ使えます").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 2, .. }),
        "{answer:?}"
    );
    console.frames_before_pong().await; // the console stays connected
    // The code works once: a third device needs a new one.
    let mut tablet = server.widget().await;
    hello(&mut tablet, &random_token()).await;
    let (answer, _) = use_code(&mut tablet, &code).await;
    assert_eq!(answer, unknown_code(), "a used code leads nowhere");
    let fresh = new_code(&mut laptop).await;
    let (answer, tablet_token) = use_code(&mut tablet, &fresh).await;
    assert_eq!(answer, ServerFrame::CodeUsed);
    let mut tablet = server.widget().await;
    assert_eq!(bodies(&hello(&mut tablet, &tablet_token).await).len(), 4);
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    // Not the default, so the hours the widget is told come from the setting.
    let server = TestServer::start_with(|config| config.consultation_code_hours = 6).await;
    let hours = server.config().consultation_code_hours;
    let mut phone = server.widget().await;
    hello(&mut phone, &random_token()).await;
    say_and_answer(&mut phone, "明日パソコンから続けます").await;
    let (code, told) = new_code_lasting(&mut phone).await;
    assert_eq!(told, 6, "the widget is told how long the code works");
    server.advance_clock(Duration::from_secs(u64::from(hours) * 3600 + 1));
    let mut laptop = server.widget().await;
    hello(&mut laptop, &random_token()).await;
    let (answer, _) = use_code(&mut laptop, &code).await;
    assert_eq!(answer, unknown_code(), "{hours} hours later");
    // A new code, asked for now, works.
    let code = new_code(&mut phone).await;
    let (answer, token) = use_code(&mut laptop, &code).await;
    assert_eq!(answer, ServerFrame::CodeUsed);
    let mut laptop = server.widget().await;
    assert_eq!(
        bodies(&hello(&mut laptop, &token).await),
        ["明日パソコンから続けます"]
    );
}

#[tokio::test]
async fn forgetting_the_second_device_leaves_the_first_and_deleting_revokes_both() {
    let server = TestServer::start().await;
    let phone_token = random_token();
    let mut phone = server.widget().await;
    hello(&mut phone, &phone_token).await;
    say_and_answer(&mut phone, "家族の共用パソコンでも見たい").await;
    // Two more devices join; the shared family computer then forgets itself.
    let mut joined = Vec::new();
    for _ in 0..2 {
        let code = new_code(&mut phone).await;
        let mut device = server.widget().await;
        hello(&mut device, &random_token()).await;
        let (answer, token) = use_code(&mut device, &code).await;
        assert_eq!(answer, ServerFrame::CodeUsed);
        let mut device = server.widget().await;
        hello(&mut device, &token).await;
        joined.push((device, token));
    }
    let (mut tablet, tablet_token) = joined.pop().expect("the tablet");
    let (mut family, family_token) = joined.pop().expect("the family computer");
    family.send(&ClientFrame::Forget).await;
    assert_eq!(
        family
            .next_matching("Forgotten", |f| matches!(f, ServerFrame::Forgotten))
            .await,
        ServerFrame::Forgotten
    );
    let mut family_again = server.widget().await;
    assert!(matches!(
        family_again.hello_frames_until_error(&family_token).await,
        ServerFrame::Error {
            code: ErrorCode::UnknownToken,
            ..
        }
    ));
    // The phone (and the tablet) go on.
    assert!(phone.frames_before_pong().await.is_empty());
    let (_, answer) = say_and_answer(&mut phone, "電話ではまだ続けます").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 2, .. }),
        "{answer:?}"
    );

    // Deleting the conversation from the phone revokes the tablet too.
    let response = bare_client()
        .post(format!("{}{WIDGET_PRIVACY_DELETE}", server.url()))
        .header("origin", server.origin())
        .header(CSRF_HEADER, "1")
        .json(&PrivacyRequest {
            token: phone_token.clone(),
            site: None,
            time_zone: None,
        })
        .send()
        .await
        .expect("the delete request");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        tablet.closed().await.is_some(),
        "the tablet's widget closes"
    );
    for token in [&phone_token, &tablet_token] {
        let mut again = server.widget().await;
        assert!(matches!(
            again.hello_frames_until_error(token).await,
            ServerFrame::Error {
                code: ErrorCode::UnknownToken,
                ..
            }
        ));
    }
}

#[tokio::test]
async fn a_code_asked_for_before_writing_leads_to_the_first_message() {
    let server = TestServer::start().await;
    let mut page = server.widget().await;
    hello(&mut page, &random_token()).await;
    let code = new_code(&mut page).await;
    say_and_answer(&mut page, "保存できないブラウザから").await;
    let mut later = server.widget().await;
    hello(&mut later, &random_token()).await;
    let (answer, token) = use_code(&mut later, &code).await;
    assert_eq!(answer, ServerFrame::CodeUsed);
    let mut later = server.widget().await;
    assert_eq!(
        bodies(&hello(&mut later, &token).await),
        ["保存できないブラウザから"]
    );
}

#[tokio::test]
async fn guessing_codes_from_one_address_is_held_back() {
    let server = TestServer::start_with(|config| {
        config.trusted_proxy_header = Some(PROXY_HEADER.to_owned());
        config.limit_login_failures_per_address = 5;
    })
    .await;
    let mut page = widget_at(&server, "203.0.113.7").await;
    hello(&mut page, &random_token()).await;
    let real = new_code(&mut page).await;
    say_and_answer(&mut page, "本物").await;

    let mut guesser = widget_at(&server, "198.51.100.9").await;
    hello(&mut guesser, &random_token()).await;
    let mut refused_by_limit = 0;
    for n in 0..8u32 {
        let guess = format!("{n:0>width$}", width = CODE_LEN);
        match use_code(&mut guesser, &guess).await.0 {
            ServerFrame::Error {
                code: ErrorCode::UnknownCode,
                ..
            } => {}
            ServerFrame::Error {
                code: ErrorCode::RateLimited,
                retry_after_secs: Some(_),
                ..
            } => refused_by_limit += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(refused_by_limit, 3, "five wrong codes, then the limit");
    // Even the right code waits now, from that address …
    let (answer, _) = use_code(&mut guesser, &real).await;
    assert!(
        matches!(
            answer,
            ServerFrame::Error {
                code: ErrorCode::RateLimited,
                ..
            }
        ),
        "{answer:?}"
    );
    // … while a parent elsewhere uses theirs, and right codes cost nothing.
    let mut elsewhere = widget_at(&server, "192.0.2.44").await;
    hello(&mut elsewhere, &random_token()).await;
    let (answer, _) = use_code(&mut elsewhere, &real).await;
    assert_eq!(answer, ServerFrame::CodeUsed);
    for _ in 0..6 {
        let code = new_code(&mut page).await;
        let (answer, _) = use_code(&mut elsewhere, &code).await;
        assert_eq!(answer, ServerFrame::CodeUsed);
    }
}
