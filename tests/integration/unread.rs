//! The launcher's badge: the count of unseen staff replies the loader on a
//! host page asks for (`POST /api/widget/unread`, the visitor token as a
//! plain-text body), before and without loading the chat. It is 0 before
//! any reply, counts each reply, falls back to 0 once the parent has read
//! them, and says nothing to anyone else: another organisation's site and
//! a wrong token both get 0, and a site of no organisation is refused with
//! no CORS header, so its page cannot read even that.

use std::time::Duration;

use reqwest::StatusCode;
use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::http::WIDGET_UNREAD;
use yorisoi_protocol::widget::{ClientFrame as WidgetFrame, ServerFrame as WidgetServer};
use yorisoi_protocol::{ConversationId, ErrorCode};
use yorisoi_tests::access::{PROXY_HEADER, bare_client, error_of, say_and_answer};
use yorisoi_tests::{ConsoleSocket, Role, TestServer, WidgetSocket, new_client_id, random_token};

use crate::organisations::{HIDAMARI, HIDAMARI_BLOG, KODAMA, STRANGER, two_organisations};

/// What the loader on a page of `site` sends: the token as the body of a
/// simple request, the page's origin added by the browser.
async fn ask(server: &TestServer, site: &str, token: &str) -> reqwest::Response {
    bare_client()
        .post(format!("{}{WIDGET_UNREAD}", server.url()))
        .header("origin", site)
        .header("content-type", "text/plain;charset=UTF-8")
        .body(token.to_owned())
        .send()
        .await
        .expect("the unread request")
}

/// The count a page of `site` is told, checking it may read it.
async fn unread(server: &TestServer, site: &str, token: &str) -> u32 {
    let response = ask(server, site, token).await;
    assert_eq!(response.status(), StatusCode::OK, "asked from {site}");
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"], site,
        "the page of {site} may read its answer"
    );
    assert_eq!(headers["cache-control"], "no-store");
    response.json().await.expect("a JSON number")
}

/// A staff member of Hidamari replies in `conversation`; the parent's
/// widget hears it.
async fn reply(console: &mut ConsoleSocket, widget: &mut WidgetSocket, id: ConversationId) {
    console
        .send(&ConsoleFrame::Send {
            conversation: id,
            client_id: new_client_id(),
            body: "お返事が遅くなりました。夜泣き、つらいですね。".into(),
        })
        .await;
    widget
        .next_matching("the staff reply", |frame| {
            matches!(frame, WidgetServer::Message(message) if message.author != yorisoi_protocol::Author::Visitor)
        })
        .await;
}

#[tokio::test]
async fn the_badge_counts_unseen_replies_until_the_parent_reads_them() {
    let server = TestServer::start().await;
    let (hidamari, _kodama) = two_organisations(&server).await;
    let (mut widget, token) = server.widget_on(HIDAMARI).await;
    assert_eq!(
        unread(&server, HIDAMARI, &token).await,
        0,
        "nothing written yet"
    );
    say_and_answer(&mut widget, "夜泣きが続いていて、眠れません").await;
    assert_eq!(
        unread(&server, HIDAMARI, &token).await,
        0,
        "the parent's own message"
    );

    let (_client, mut console, _staff) = server
        .console_in(
            "hidamari",
            Role::Staff,
            "aoi@hidamari.example.org",
            "あおい",
        )
        .await;
    let _welcome = console.next().await;
    let records = server.records_of(hidamari.id).await;
    let id = records.summaries().await[0].id;
    reply(&mut console, &mut widget, id).await;
    assert_eq!(
        unread(&server, HIDAMARI, &token).await,
        1,
        "one reply waits"
    );
    assert_eq!(
        unread(&server, HIDAMARI_BLOG, &token).await,
        1,
        "the organisation's other site asks for the same parent"
    );
    reply(&mut console, &mut widget, id).await;
    assert_eq!(unread(&server, HIDAMARI, &token).await, 2);

    // Another organisation's site, or a token that is not the parent's,
    // learns nothing: 0, as for a parent with no reply.
    assert_eq!(unread(&server, KODAMA, &token).await, 0);
    assert_eq!(unread(&server, HIDAMARI, &random_token()).await, 0);
    assert_eq!(unread(&server, HIDAMARI, "not a token").await, 0);
    assert_eq!(unread(&server, HIDAMARI, "").await, 0);

    // The parent opens the chat and sees both replies.
    widget.send(&WidgetFrame::MarkRead { seq: 3 }).await;
    console
        .next_matching("the parent's read mark", |frame| {
            matches!(frame, ConsoleServer::Conversation(summary) if summary.visitor_read_seq == 3)
        })
        .await;
    assert_eq!(unread(&server, HIDAMARI, &token).await, 0, "read, no badge");
}

#[tokio::test]
async fn a_forgotten_token_counts_nothing() {
    let server = TestServer::start().await;
    let (hidamari, _kodama) = two_organisations(&server).await;
    let (mut widget, token) = server.widget_on(HIDAMARI).await;
    say_and_answer(&mut widget, "相談です").await;
    let (_client, mut console, _staff) = server
        .console_in(
            "hidamari",
            Role::Staff,
            "aoi@hidamari.example.org",
            "あおい",
        )
        .await;
    let _welcome = console.next().await;
    let id = server.records_of(hidamari.id).await.summaries().await[0].id;
    reply(&mut console, &mut widget, id).await;
    assert_eq!(unread(&server, HIDAMARI, &token).await, 1);
    widget.send(&WidgetFrame::Forget).await;
    widget
        .next_matching("Forgotten", |frame| {
            matches!(frame, WidgetServer::Forgotten)
        })
        .await;
    assert_eq!(unread(&server, HIDAMARI, &token).await, 0);
}

#[tokio::test]
async fn a_site_of_no_organisation_cannot_read_an_answer() {
    let server = TestServer::start().await;
    two_organisations(&server).await;
    let (mut widget, token) = server.widget_on(HIDAMARI).await;
    say_and_answer(&mut widget, "相談です").await;
    for site in [
        STRANGER,
        "null",
        "https://hidamari.example.org.evil.example",
    ] {
        let response = ask(&server, site, &token).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{site}");
        assert!(
            !response
                .headers()
                .contains_key("access-control-allow-origin"),
            "the browser keeps the answer from {site}'s page"
        );
        assert_eq!(error_of(response).await.error, ErrorCode::ForeignOrigin);
    }
    let no_origin = bare_client()
        .post(format!("{}{WIDGET_UNREAD}", server.url()))
        .body(token)
        .send()
        .await
        .expect("the unread request");
    assert_eq!(no_origin.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn asks_are_limited_per_address() {
    let server = TestServer::start_with(|config| {
        config.trusted_proxy_header = Some(PROXY_HEADER.into());
        config.limit_unread_asks_per_minute = 3;
    })
    .await;
    two_organisations(&server).await;
    let from = |address: &'static str| {
        let url = format!("{}{WIDGET_UNREAD}", server.url());
        async move {
            bare_client()
                .post(url)
                .header("origin", HIDAMARI)
                .header(PROXY_HEADER, address)
                .body(random_token())
                .send()
                .await
                .expect("the unread request")
        }
    };
    for _ in 0..3 {
        assert_eq!(from("203.0.113.7").await.status(), StatusCode::OK);
    }
    let refused = from("203.0.113.7").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(
        from("198.51.100.2").await.status(),
        StatusCode::OK,
        "another address"
    );
    server.advance_clock(Duration::from_secs(60));
    assert_eq!(
        from("203.0.113.7").await.status(),
        StatusCode::OK,
        "a minute later"
    );
}
