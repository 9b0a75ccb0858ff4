//! The consultation code (issues 8 and 13): a parent asks for a code, and on
//! a second device (or after a page that could keep nothing) the code moves
//! the conversation to that device's new token. The first device's token
//! stops working, as after a rotation; nothing else is revoked (another
//! parent's conversation, the staff's console); the code keeps working.
//! Wrong codes are counted per address like failed logins.

use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::code::{self, CODE_LEN};
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_tests::access::{PROXY_HEADER, hello, say_and_answer, widget_at};
use yorisoi_tests::{TestServer, WidgetSocket, random_token};

/// Asks for a code on a greeted socket.
async fn new_code(socket: &mut WidgetSocket) -> String {
    socket.send(&ClientFrame::NewCode).await;
    match socket.next().await {
        ServerFrame::Code { code } => code,
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

#[tokio::test]
async fn a_code_moves_the_conversation_to_a_second_device_and_revokes_nothing_else() {
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
    assert_eq!(
        answer,
        ServerFrame::Error {
            code: ErrorCode::UnknownCode,
            client_id: None,
            retry_after_secs: None
        },
        "a replaced code leads nowhere"
    );
    let (answer, laptop_token) = use_code(&mut laptop, &typed).await;
    assert_eq!(answer, ServerFrame::CodeUsed);
    // The phone's socket is closed and its token opens nothing any more.
    assert_eq!(phone.closed().await, Some(1008));
    let mut phone_again = server.widget().await;
    assert!(matches!(
        phone_again.hello_frames_until_error(&phone_token).await,
        ServerFrame::Error {
            code: ErrorCode::UnknownToken,
            ..
        }
    ));
    // The laptop's new token holds the conversation, and can go on.
    let mut laptop = server.widget().await;
    let welcome = hello(&mut laptop, &laptop_token).await;
    assert_eq!(bodies(&welcome), ["夜泣きのことで相談です"]);
    let (_, answer) = say_and_answer(&mut laptop, "パソコンから続けます").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 2, .. }),
        "{answer:?}"
    );
    // Nothing else was revoked: the other parent, the staff console.
    assert!(other.frames_before_pong().await.is_empty());
    let (_, answer) = say_and_answer(&mut other, "まだ使えます").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 2, .. }),
        "{answer:?}"
    );
    console.frames_before_pong().await; // the console stays connected
    // The code keeps working, from device to device.
    let mut tablet = server.widget().await;
    hello(&mut tablet, &random_token()).await;
    let (answer, tablet_token) = use_code(&mut tablet, &code).await;
    assert_eq!(answer, ServerFrame::CodeUsed);
    let mut tablet = server.widget().await;
    let welcome = hello(&mut tablet, &tablet_token).await;
    assert_eq!(
        bodies(&welcome),
        ["夜泣きのことで相談です", "パソコンから続けます"]
    );
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
    for _ in 0..6 {
        let (answer, _) = use_code(&mut elsewhere, &real).await;
        assert_eq!(answer, ServerFrame::CodeUsed);
    }
}
