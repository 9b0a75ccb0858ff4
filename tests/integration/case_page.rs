//! The console's cases page, `/console/cases` (issue 13), as the server
//! writes it: only for a staff session (anyone else is sent to the
//! console's login), only the organisation's own cases, every text from a
//! parent escaped, the names other tests rely on in both languages, and the
//! console's strict policy.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION};
use yorisoi_protocol::Lang;
use yorisoi_protocol::cases::StaffCase;
use yorisoi_tests::access::bare_client;
use yorisoi_tests::{StaffClient, TestServer};

use crate::cases::{ANSWER, NIGHTS, another_organisations_admin, consultation, ok, propose, team};

/// The page as `client` gets it at `query` (after `/console/cases`), with
/// the browser asking for English unless the query says otherwise.
async fn page(client: &StaffClient, query: &str) -> (StatusCode, String) {
    let response = client
        .http()
        .get(client.url(&format!("/console/cases{query}")))
        .header(ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .send()
        .await
        .expect("the cases page");
    let status = response.status();
    (status, response.text().await.expect("its HTML"))
}

#[tokio::test]
async fn the_page_needs_a_staff_session_and_sends_the_console_policy() {
    let server = TestServer::start().await;
    let anonymous = bare_client()
        .get(format!("{}/console/cases?conversation=1", server.url()))
        .send()
        .await
        .expect("the page without a session");
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(anonymous.headers()[LOCATION], "/console", "to log in");
    let text = anonymous.text().await.expect("body");
    assert!(!text.contains("<article"), "nothing shown: {text}");

    let team = team(&server).await;
    let response = team
        .aki
        .http()
        .get(team.aki.url("/console/cases"))
        .send()
        .await
        .expect("the page");
    assert_eq!(response.status(), StatusCode::OK);
    let policy = response.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("a policy")
        .to_owned();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{policy}"
    );
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(policy.ends_with("frame-ancestors 'none'"), "{policy}");
    assert_eq!(response.headers()[CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn it_lists_only_the_organisations_cases_with_every_text_escaped() {
    let server = TestServer::start().await;
    let mut team = team(&server).await;
    let said = [
        "夜泣きが<script>alert('x')</script>つらくて、もう限界です。",
        NIGHTS[1],
    ];
    let (conversation, _) = consultation(&server, &mut team, Lang::Ja, &said, ANSWER).await;
    let case: StaffCase = ok(propose(&team.aki, conversation).await, "propose").await;
    assert!(
        case.texts.long.contains("<script>"),
        "the case keeps the words"
    );

    let (status, html) = page(&team.mai, "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("id=\"case-{}\"", case.id)), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(
        !html.contains("<script>alert"),
        "no parent's text is markup"
    );
    assert!(
        !html.contains("090-1234-5678"),
        "the phone number stays hidden"
    );

    let stranger = another_organisations_admin(&server).await;
    let (status, theirs) = page(&stranger, "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !theirs.contains("<article"),
        "another organisation's: {theirs}"
    );
    assert!(theirs.contains("No cases yet."));
    let (status, asked) = page(&stranger, &format!("?conversation={}", conversation.0)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(asked.contains("This conversation could not be found."));
    assert!(!asked.contains("Propose as a case"), "{asked}");
    assert!(!asked.contains("夜泣き"));
}

#[tokio::test]
async fn both_languages_write_the_names_other_tests_rely_on() {
    let server = TestServer::start().await;
    let mut team = team(&server).await;
    let (conversation, _) = consultation(&server, &mut team, Lang::Ja, &NIGHTS, ANSWER).await;
    let query = format!("?conversation={}", conversation.0);

    // Nothing proposed yet: the button, and `propose=1` asks the script to
    // press it.
    let (_, fresh) = page(&team.aki, &format!("{query}&propose=1&lang=ja")).await;
    assert!(fresh.contains("<html lang=\"ja\">"));
    assert!(fresh.contains(">事例として提案</button>"), "{fresh}");
    assert!(fresh.contains("data-propose-now=\"1\""));
    let (_, english) = page(&team.aki, &query).await;
    assert!(
        english.contains("<html lang=\"en\">"),
        "from Accept-Language"
    );
    assert!(english.contains(">Propose as a case</button>"));
    assert!(!english.contains("data-propose-now"), "only when asked");

    let case: StaffCase = ok(propose(&team.aki, conversation).await, "propose").await;
    let (_, proposer) = page(&team.aki, &format!("{query}&propose=1")).await;
    assert!(
        !proposer.contains("data-propose-now"),
        "an open case: no second"
    );
    assert!(!proposer.contains(">Propose as a case<"));
    for name in ["Send to the parent", "Export", "Save changes"] {
        assert!(proposer.contains(&format!(">{name}</button>")), "{name}");
    }
    assert!(
        proposer.contains("disabled aria-describedby"),
        "no review by the proposer"
    );
    assert!(proposer.contains("Conversation"));
    assert!(proposer.contains(&format!("<article class=\"case\" id=\"case-{}\"", case.id)));

    let (_, reviewer) = page(&team.mai, &format!("{query}&lang=ja")).await;
    for name in ["保護者に確認を依頼", "レビューを承認", "書き出す"] {
        assert!(reviewer.contains(&format!(">{name}</button>")), "{name}");
    }
    assert!(
        reviewer.contains("data-action=\"review\""),
        "Mai may review"
    );
    assert!(reviewer.contains("あき さんが提案"), "{reviewer}");
}
