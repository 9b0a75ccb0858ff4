//! Privacy by default (issue 13), against the real server: a parent
//! deletes their conversation from the widget page (gone from the database,
//! the token dead, consoles told) or downloads it (their messages and the
//! staff's, never a note); retention deletes exactly the resolved
//! conversations past their organisation's period and keeps only counts;
//! nothing stores a client's address.

use std::time::Duration;

use reqwest::StatusCode;
use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::http::{CSRF_HEADER, ErrorBody};
use yorisoi_protocol::widget::ServerFrame;
use yorisoi_protocol::{ConversationId, ErrorCode, Lang};
use yorisoi_server::http::privacy::{
    DeletedAnswer, PrivacyRequest, STAFF_RETENTION, WIDGET_PRIVACY_DELETE, WIDGET_PRIVACY_DOWNLOAD,
};
use yorisoi_tests::access::{bare_client, hello, say_and_answer};
use yorisoi_tests::{ConsoleSocket, Role, StaffClient, TestServer, new_client_id, random_token};

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// `POST path` from the widget page (own origin, CSRF header) with `token`.
async fn widget_post(server: &TestServer, path: &str, token: &str) -> reqwest::Response {
    let body = PrivacyRequest {
        token: token.to_owned(),
        site: None,
        time_zone: Some("Asia/Tokyo".to_owned()),
    };
    bare_client()
        .post(format!("{}{path}", server.url()))
        .header("origin", server.origin())
        .header(CSRF_HEADER, "1")
        .json(&body)
        .send()
        .await
        .expect("a privacy request")
}

/// A parent who wrote `body` in `lang`, with their token, and the
/// conversation as the console first sees it.
async fn parent_writes(
    server: &TestServer,
    console: &mut ConsoleSocket,
    lang: Lang,
    body: &str,
) -> (String, ConversationId) {
    let token = random_token();
    let mut widget = server.widget().await;
    widget.hello(&token, lang, 0).await;
    let (_, answer) = say_and_answer(&mut widget, body).await;
    assert!(matches!(answer, ServerFrame::Ack { .. }), "{answer:?}");
    (token, console.next_summary("a summary").await.id)
}

/// Resolves a conversation from a console and waits for its summary.
async fn resolve(console: &mut ConsoleSocket, conversation: ConversationId) {
    console
        .send(&ConsoleFrame::Resolve {
            conversation,
            resolved: true,
        })
        .await;
    let resolved = console.next_summary("a summary").await;
    assert!(resolved.resolved_at_ms.is_some());
}

#[tokio::test]
async fn deleting_from_the_widget_removes_the_conversation_and_the_token_stops_working() {
    let server = TestServer::start().await;
    let (_client, mut console, _staff) = server.console_as("aoi@example.org", "Aoi").await;
    console.next().await;
    let token = random_token();
    let mut page = server.widget().await;
    hello(&mut page, &token).await;
    say_and_answer(&mut page, "夜泣きのことで相談です").await;
    let mut other_tab = server.widget().await;
    hello(&mut other_tab, &token).await;
    let conversation = console.next_summary("a summary").await.id;
    console
        .send(&ConsoleFrame::AddNote {
            conversation,
            client_id: new_client_id(),
            body: "内部メモ".into(),
        })
        .await;
    console
        .next_matching("the note", |f| matches!(f, ConsoleServer::Note { .. }))
        .await;
    // Another parent, who must keep everything.
    let (_, kept) = parent_writes(&server, &mut console, Lang::En, "Another parent").await;

    let response = widget_post(&server, WIDGET_PRIVACY_DELETE, &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let answer: DeletedAnswer = response.json().await.expect("the answer");
    assert!(answer.deleted);

    // Every widget holding the token closes; the console reconnects to a
    // list without it.
    assert_eq!(page.closed().await, Some(1008));
    assert_eq!(other_tab.closed().await, Some(1008));
    assert_eq!(console.closed().await, Some(1012));

    // Read apart from the server: nothing of it is left.
    let records = server.records().await;
    let store = server.store().await;
    let organisation = server.default_organisation().await.id;
    assert!(
        !store
            .conversation_exists(organisation, conversation)
            .await
            .expect("q")
    );
    assert!(records.messages(conversation).await.is_empty());
    assert!(
        store
            .notes(organisation, conversation)
            .await
            .expect("q")
            .is_empty()
    );
    let found = store
        .search(organisation, "夜泣き", 10)
        .await
        .expect("search");
    assert!(found.is_empty(), "{found:?}");
    let ids: Vec<ConversationId> = records.summaries().await.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        vec![kept],
        "only the other parent's conversation is left"
    );

    // The token opens nothing and deletes nothing any more.
    let mut later = server.widget().await;
    assert!(matches!(
        later.hello_frames_until_error(&token).await,
        ServerFrame::Error {
            code: ErrorCode::UnknownToken,
            ..
        }
    ));
    let again = widget_post(&server, WIDGET_PRIVACY_DELETE, &token).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let error: ErrorBody = again.json().await.expect("an error body");
    assert_eq!(error.error, ErrorCode::UnknownToken);
}

#[tokio::test]
async fn a_download_holds_the_conversation_in_the_parents_language_and_never_a_note() {
    let server = TestServer::start().await;
    let (_client, mut console, _staff) = server.console_as("aki@example.org", "保育士のあき").await;
    console.next().await;
    let (token, conversation) =
        parent_writes(&server, &mut console, Lang::Ja, "夜泣きがつらいです").await;
    console
        .send(&ConsoleFrame::Send {
            conversation,
            client_id: new_client_id(),
            body: "お話を聞かせてください。".into(),
        })
        .await;
    console
        .next_matching("the reply's ack", |f| {
            matches!(f, ConsoleServer::Ack { .. })
        })
        .await;
    console
        .send(&ConsoleFrame::AddNote {
            conversation,
            client_id: new_client_id(),
            body: "要フォロー：内部だけのメモ".into(),
        })
        .await;
    console
        .next_matching("the note", |f| matches!(f, ConsoleServer::Note { .. }))
        .await;

    let response = widget_post(&server, WIDGET_PRIVACY_DOWNLOAD, &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "text/plain; charset=utf-8");
    assert_eq!(header("cache-control"), "no-store");
    let disposition = header("content-disposition");
    assert!(disposition.starts_with("attachment; "), "{disposition}");
    assert!(disposition.contains(".txt"), "{disposition}");
    let text = response.text().await.expect("the transcript");
    let organisation = server.default_organisation().await;
    assert!(text.contains(&organisation.face.name_ja), "{text}");
    assert!(
        text.contains(&format!("相談番号：{}", conversation.0)),
        "{text}"
    );
    assert!(text.contains("あなた\n夜泣きがつらいです"), "{text}");
    assert!(
        text.contains("保育士のあき\nお話を聞かせてください。"),
        "{text}"
    );
    assert!(!text.contains("内部だけのメモ"), "never a note: {text}");
    // The parent can still download: nothing was revoked.
    let again = widget_post(&server, WIDGET_PRIVACY_DOWNLOAD, &token).await;
    assert_eq!(again.status(), StatusCode::OK);
}

/// `POST` the organisation's retention as `client` (an admin).
async fn set_retention(server: &TestServer, client: &StaffClient, days: u32) {
    let response = client
        .http()
        .post(client.url(STAFF_RETENTION))
        .json(&serde_json::json!({ "retention_days": days }))
        .send()
        .await
        .expect("set retention");
    assert_eq!(response.status(), StatusCode::OK, "{}", server.url());
}

#[tokio::test]
async fn retention_deletes_exactly_the_resolved_conversations_past_the_period() {
    let server = TestServer::start_with(|config| {
        config.retention_sweep_ms = 20;
        // Staff stay logged in across the year the clock moves.
        config.session_idle_hours = 24 * 1000;
        config.session_absolute_days = 1000;
    })
    .await;
    let slug = server.default_organisation().await.slug;
    let (admin, _) = server
        .staff_in(&slug, Role::Admin, "admin@example.org", "Admin")
        .await;
    let (_client, mut console, _staff) = server.console_as("aoi@example.org", "Aoi").await;
    console.next().await;
    // Another organisation resolves as old a conversation, but keeps two years.
    let sites = ["https://hidamari.example.jp"];
    server
        .add_organisation("hidamari", "ひだまり", "Hidamari", &sites)
        .await;
    let (their_admin, mut their_console, _) = server
        .console_in("hidamari", Role::Admin, "s@hidamari.example.jp", "S")
        .await;
    their_console.next().await;
    set_retention(&server, &their_admin, 730).await;
    let (mut their_widget, _) = server.widget_on(sites[0]).await;
    their_widget.say("よその相談").await;
    let theirs = their_console.next_summary("a summary").await.id;
    resolve(&mut their_console, theirs).await;

    let (_, old) = parent_writes(&server, &mut console, Lang::Ja, "一年以上前の相談").await;
    resolve(&mut console, old).await;
    let (_, open) = parent_writes(&server, &mut console, Lang::Ja, "まだ続いている相談").await;
    server.advance_clock(200 * DAY);
    let (_, young) = parent_writes(&server, &mut console, Lang::En, "A recent question").await;
    resolve(&mut console, young).await;

    // A year after the first was resolved (the default period), the sweep
    // deletes it, and only it: the console is told (it reconnects).
    server.advance_clock(166 * DAY);
    assert_eq!(console.closed().await, Some(1012));
    let store = server.store().await;
    let main = server.default_organisation().await.id;
    assert!(!store.conversation_exists(main, old).await.expect("q"));
    for kept in [open, young] {
        assert!(store.conversation_exists(main, kept).await.expect("q"));
    }
    let hidamari = server.organisation("hidamari").await.id;
    assert!(
        store
            .conversation_exists(hidamari, theirs)
            .await
            .expect("q")
    );

    let report: serde_json::Value = admin
        .http()
        .get(admin.url(STAFF_RETENTION))
        .send()
        .await
        .expect("the retention report")
        .json()
        .await
        .expect("JSON");
    assert_eq!(report["retention_days"], 365);
    let statistics = report["statistics"].as_array().expect("statistics");
    assert_eq!(statistics.len(), 1, "{report}");
    assert_eq!(statistics[0]["lang"], "ja");
    assert_eq!(statistics[0]["conversations"], 1);
    assert_eq!(statistics[0]["messages"], 1);
    assert_eq!(
        statistics[0].as_object().map(|o| o.len()),
        Some(4),
        "counts only: {report}"
    );
}

#[tokio::test]
async fn only_admins_set_the_retention_period() {
    let server = TestServer::start().await;
    let slug = server.default_organisation().await.slug;
    let (staff, _) = server
        .staff_in(&slug, Role::Staff, "aoi@example.org", "Aoi")
        .await;
    let response = staff
        .http()
        .post(staff.url(STAFF_RETENTION))
        .json(&serde_json::json!({ "retention_days": 1 }))
        .send()
        .await
        .expect("set retention");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let (admin, _) = server
        .staff_in(&slug, Role::Admin, "admin@example.org", "Admin")
        .await;
    let response = admin
        .http()
        .post(admin.url(STAFF_RETENTION))
        .json(&serde_json::json!({ "retention_days": 100_000 }))
        .send()
        .await
        .expect("set retention");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

/// Every value stored in the server's SQLite file, as text.
async fn every_stored_value(server: &TestServer) -> Vec<String> {
    use sqlx::sqlite::SqliteConnectOptions;
    let yorisoi_server::config::Database::Sqlite(path) = &server.config().database else {
        panic!("the test server runs on SQLite");
    };
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("open read-only");
    let tables: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&pool)
            .await
            .expect("tables");
    let mut values = Vec::new();
    for (table,) in tables {
        let columns: Vec<(String,)> = sqlx::query_as("SELECT name FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(&pool)
            .await
            .expect("columns");
        for (column,) in columns {
            // Names from the schema itself, quoted: no input is formatted in.
            // Bytes (photos and checksums are not text), read leniently.
            let sql = format!("SELECT CAST(\"{column}\" AS BLOB) FROM \"{table}\"");
            let rows: Vec<(Option<Vec<u8>>,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_all(&pool)
                .await
                .expect("values");
            values.extend(
                rows.into_iter()
                    .filter_map(|(value,)| value)
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
            );
        }
    }
    values
}

#[tokio::test]
async fn no_client_address_is_stored_by_default() {
    use yorisoi_tests::access::{PROXY_HEADER, login_from, widget_at};
    const ADDRESS: &str = "203.0.113.7";
    let server = TestServer::start_with(|config| {
        config.trusted_proxy_header = Some(PROXY_HEADER.to_owned());
    })
    .await;
    server
        .add_staff("aoi@example.org", "Aoi", "a long enough password")
        .await;
    // What a parent and a careless visitor do from one address: start a
    // conversation, type a wrong code, fail a login, download, delete.
    let token = random_token();
    let mut widget = widget_at(&server, ADDRESS).await;
    hello(&mut widget, &token).await;
    say_and_answer(&mut widget, "相談です").await;
    widget
        .send(&yorisoi_protocol::widget::ClientFrame::UseCode {
            code: "AAAA-BBBB-CCCC".into(),
            token: random_token(),
        })
        .await;
    widget
        .next_matching("the wrong code's answer", |f| {
            matches!(f, ServerFrame::Error { .. })
        })
        .await;
    let failed = login_from(&server, ADDRESS, "aoi@example.org", "wrong password").await;
    assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);

    let values = every_stored_value(&server).await;
    assert!(
        values.iter().any(|value| value == "相談です"),
        "the scan reads the rows"
    );
    // Neither the address nor a plain digest of any key made of it (limits
    // count per address, keyed `<organisation>:<address>` or the address).
    let mut keys = vec![ADDRESS.to_owned()];
    keys.extend((0..10).map(|organisation| format!("{organisation}:{ADDRESS}")));
    let digests: Vec<String> = keys
        .iter()
        .map(|key| yorisoi_server::secrets::digest(key))
        .collect();
    for value in &values {
        assert!(!value.contains(ADDRESS), "an address is stored: {value}");
        assert!(
            !digests.contains(value),
            "a plain digest of an address is stored: {value}"
        );
    }
}
