//! Abuse limits: floods of new conversations, messages and login attempts
//! from one address (or one site) are refused with the documented answer
//! (`Error RateLimited` on a socket that stays open; HTTP 429 `RateLimited`
//! with `Retry-After`), while a well-behaved client elsewhere keeps working
//! in parallel; the cap on open sockets per address; limits refill with time.

use std::time::Duration;

use reqwest::StatusCode;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{ErrorCode, Lang};
use yorisoi_server::Config;
use yorisoi_tests::access::{PROXY_HEADER, error_of, hello, login_from, say_and_answer, widget_at};
use yorisoi_tests::{TestServer, WidgetSocket, random_token};

const ATTACKER: &str = "203.0.113.66";
const HONEST: &str = "198.51.100.7";
const PASSWORD: &str = "a long enough password";

fn behind_proxy(config: &mut Config) {
    config.trusted_proxy_header = Some(PROXY_HEADER.into());
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

#[tokio::test]
async fn a_flood_of_new_conversations_must_pay_while_others_start_theirs() {
    let server = TestServer::start_with(|config| {
        behind_proxy(config);
        config.limit_new_conversations = 3;
    })
    .await;
    let mut refused = 0;
    let mut flood = Vec::new();
    for n in 0..6 {
        let mut socket = widget_at(&server, ATTACKER).await;
        hello(&mut socket, &random_token()).await;
        let (_, answer) = say_and_answer(&mut socket, &format!("spam {n}")).await;
        if matches!(answer, ServerFrame::ProveWork { .. }) {
            refused += 1;
            // Nothing else comes: the message was not stored, and the
            // connection stays open for a proof.
            assert!(
                socket
                    .frames_before_pong()
                    .await
                    .iter()
                    .all(|frame| matches!(frame, ServerFrame::ProveWork { .. }))
            );
        } else {
            assert!(
                matches!(answer, ServerFrame::Ack { seq: 1, .. }),
                "{answer:?}"
            );
        }
        flood.push(socket);
        // Meanwhile a parent elsewhere starts a conversation.
        let mut parent = widget_at(&server, HONEST).await;
        hello(&mut parent, &random_token()).await;
        if n < 3 {
            let (_, answer) = say_and_answer(&mut parent, "相談です").await;
            assert!(matches!(answer, ServerFrame::Ack { .. }), "{answer:?}");
        }
    }
    assert_eq!(refused, 3, "three free new conversations, then work asked");
    // An existing conversation can still be written to from that address.
    let mut first = flood.swap_remove(0);
    let (_, answer) = say_and_answer(&mut first, "still mine").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 2, .. }),
        "{answer:?}"
    );
}

#[tokio::test]
async fn a_flood_of_messages_is_throttled_and_refills_with_time() {
    let server = TestServer::start_with(|config| {
        behind_proxy(config);
        config.limit_messages_burst = 5;
        config.limit_messages_per_minute = 5;
    })
    .await;
    let mut attacker = widget_at(&server, ATTACKER).await;
    hello(&mut attacker, &random_token()).await;
    let mut parent = widget_at(&server, HONEST).await;
    hello(&mut parent, &random_token()).await;
    let mut answers = Vec::new();
    for n in 0..10 {
        answers.push(say_and_answer(&mut attacker, &format!("flood {n}")).await.1);
        if n % 3 == 0 {
            let (_, answer) = say_and_answer(&mut parent, "こんにちは").await;
            assert!(
                matches!(answer, ServerFrame::Ack { .. }),
                "the parent is unaffected"
            );
        }
    }
    let acked = answers
        .iter()
        .filter(|a| matches!(a, ServerFrame::Ack { .. }))
        .count();
    assert_eq!(acked, 5, "{answers:?}");
    assert!(answers[5..].iter().all(is_rate_limited), "{answers:?}");
    server.advance_clock(Duration::from_secs(60));
    let (_, answer) = say_and_answer(&mut attacker, "a minute later").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 6, .. }),
        "{answer:?}"
    );
}

/// A widget socket from `address` that said `Hello` naming `site`.
async fn widget_on_site(server: &TestServer, address: &str, site: &str) -> WidgetSocket {
    let mut socket = widget_at(server, address).await;
    socket
        .send(&ClientFrame::Hello {
            token: random_token(),
            lang: Lang::Ja,
            last_seq: 0,
            site: Some(site.into()),
        })
        .await;
    socket.next().await;
    socket
}

#[tokio::test]
async fn a_site_claim_drain_leaves_an_honest_parent_accepted() {
    const BUSY: &str = "https://busy.example.org";
    let server = TestServer::start_with(|config| {
        behind_proxy(config);
        config.allowed_origins = vec![BUSY.into()];
        config.limit_address_messages_per_minute = 6;
        config.limit_site_messages_per_minute = 4;
    })
    .await;
    // Five addresses, each sending all it may, all naming the busy site:
    // past half of each address's own allowance, the site's bucket counts.
    let mut accepted = 0;
    let mut refused = 0;
    for n in 0..5 {
        let mut socket = widget_on_site(&server, &format!("192.0.2.{n}"), BUSY).await;
        for m in 0..6 {
            match say_and_answer(&mut socket, &format!("drain {n}.{m}"))
                .await
                .1
            {
                ServerFrame::Ack { .. } => accepted += 1,
                answer if is_rate_limited(&answer) => refused += 1,
                answer => panic!("unexpected {answer:?}"),
            }
        }
    }
    // Each address's quiet half (3) goes through, then only the site's 4.
    assert_eq!((accepted, refused), (5 * 3 + 4, 30 - 19));
    // The site's bucket is empty now, yet a parent arriving from a fresh
    // address on that site is answered: a quiet address never meets it.
    let mut parent = widget_on_site(&server, "198.51.100.23", BUSY).await;
    let (_, answer) = say_and_answer(&mut parent, "はじめて相談します").await;
    assert!(matches!(answer, ServerFrame::Ack { .. }), "{answer:?}");
}

#[tokio::test]
async fn failed_logins_are_throttled_per_account_and_per_address() {
    let server = TestServer::start_with(|config| {
        behind_proxy(config);
        config.limit_login_failures_per_account = 3;
        config.limit_login_failures_per_address = 5;
    })
    .await;
    server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    server.add_staff("ren@example.org", "Ren", PASSWORD).await;
    for _ in 0..3 {
        let response = login_from(&server, ATTACKER, "mika@example.org", "guess").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let refused = login_from(&server, ATTACKER, "mika@example.org", "guess").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert_eq!(error_of(refused).await.error, ErrorCode::RateLimited);
    // Another account, from elsewhere, logs in meanwhile.
    let ren = login_from(&server, HONEST, "ren@example.org", PASSWORD).await;
    assert_eq!(ren.status(), StatusCode::NO_CONTENT);

    // Per address: every attempt costs it, the refused one too (polling a
    // locked account is not free), so one more failure on another account
    // reaches 5; then even a fresh account is refused from that address,
    // not from others.
    for email in ["a@example.org"] {
        let response = login_from(&server, ATTACKER, email, "guess").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let refused = login_from(&server, ATTACKER, "ren@example.org", PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let ren = login_from(&server, HONEST, "ren@example.org", PASSWORD).await;
    assert_eq!(ren.status(), StatusCode::NO_CONTENT);
    // Successful logins do not count: Ren logs in again and again.
    for _ in 0..5 {
        let ren = login_from(&server, HONEST, "ren@example.org", PASSWORD).await;
        assert_eq!(ren.status(), StatusCode::NO_CONTENT);
    }
    // After the window, Mika can try again.
    server.advance_clock(Duration::from_secs(15 * 60));
    let mika = login_from(&server, HONEST, "mika@example.org", PASSWORD).await;
    assert_eq!(mika.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn open_sockets_are_capped_per_address() {
    let server = TestServer::start_with(|config| {
        behind_proxy(config);
        config.limit_connections_per_address = 2;
    })
    .await;
    let mut first = widget_at(&server, ATTACKER).await;
    let mut second = widget_at(&server, ATTACKER).await;
    for socket in [&mut first, &mut second] {
        hello(socket, &random_token()).await;
    }
    let mut third = widget_at(&server, ATTACKER).await;
    assert_eq!(
        third.next().await,
        ServerFrame::Error {
            code: ErrorCode::RateLimited,
            client_id: None,
            retry_after_secs: None,
        }
    );
    assert_eq!(third.closed().await, Some(1013), "try again later");
    // Elsewhere, sockets open as usual.
    let mut parent = widget_at(&server, HONEST).await;
    hello(&mut parent, &random_token()).await;
    // Once a socket closes, the address may open another.
    drop(first);
    let deadline = tokio::time::Instant::now() + yorisoi_tests::TIMEOUT;
    loop {
        let mut retry = widget_at(&server, ATTACKER).await;
        let answer = match retry.try_send(&ClientFrame::Ping).await {
            true => retry.try_next().await,
            false => None,
        };
        match answer {
            Some(ServerFrame::Error {
                code: ErrorCode::HelloFirst,
                ..
            }) => break,
            frame => assert!(
                tokio::time::Instant::now() < deadline,
                "the slot never came back: {frame:?}"
            ),
        }
        tokio::task::yield_now().await;
    }
}
