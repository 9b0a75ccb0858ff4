//! The console's cases page (issue 13) with two staff members, in Japanese
//! and in English: あき opens `/console/cases?conversation=N&propose=1` on
//! her phone (what the console's "Propose as a case" opens), sees the draft
//! with the parent's details hidden, is refused an edit that brings a name
//! back, and sends it to the parent; the parent approves it (through the
//! widget's HTTP API); あき cannot review her own proposal; まい is refused
//! an export before her review, approves the review, exports, and reads
//! texts to post with nothing personal in them.
//! The Japanese run takes the console's remembered language, as a staff
//! member who chose 日本語 in the console would. axe-core finds no
//! violation on the proposer's phone or the reviewer's desktop. The
//! console's own "Propose as a case" opens the proposed draft in a new tab.

use anyhow::{Context, ensure};
use fantoccini::Client;
use yorisoi_protocol::Lang;
use yorisoi_protocol::cases::{Decision, ParentAsk, ParentCase, ParentDecision, WIDGET_CASES};
use yorisoi_protocol::http::CSRF_HEADER;
use yorisoi_tests::TestServer;
use yorisoi_tests::access::bare_client;

use crate::axe::Axe;
use crate::browser::Driver;
use crate::coverage::{
    PASSWORD, click_shown, log_in_as, open_conversation, parent_socket, role_says,
};
use crate::page::{button, control, eventually, screenshot, text_shown};
use crate::scenario::close_all;

/// What the parent wrote: a child's name and age, and a phone number.
const SAID: &str = "娘のはるちゃん（2歳3ヶ月）の夜泣きがひどくて、090-1234-5678 まで連絡ください。";

/// The page's words in one language.
struct Words {
    long: &'static str,
    save: &'static str,
    reveals: &'static str,
    send: &'static str,
    waiting: &'static str,
    review: &'static str,
    not_reviewed: &'static str,
    reviewed: &'static str,
    export: &'static str,
    export_short: &'static str,
    export_long: &'static str,
}

const JA: Words = Words {
    long: "長い文面",
    save: "変更を保存",
    reveals: "伏せていた個人情報が戻っています。伏せたままにしてください。",
    send: "保護者に確認を依頼",
    waiting: "保護者の方のお返事待ち",
    review: "レビューを承認",
    not_reviewed: "書き出す前に、別のスタッフによるレビューが必要です。",
    reviewed: "まい さんがレビュー済み",
    export: "書き出す",
    export_short: "投稿する短い文面",
    export_long: "投稿する長い文面",
};

const EN: Words = Words {
    long: "Long text",
    save: "Save changes",
    reveals: "This edit brings back personal details that were hidden. Please keep them hidden.",
    send: "Send to the parent",
    waiting: "Waiting for the parent's answer",
    review: "Approve review",
    not_reviewed: "A second staff member needs to review this case before it is exported.",
    reviewed: "Reviewed by まい",
    export: "Export",
    export_short: "Short text to post",
    export_long: "Long text to post",
};

/// Logs `email` in through the console, remembers the console language
/// `lang` as the console's switch does, and opens the cases page at `query`
/// once the session is there.
async fn open_cases(
    client: &Client,
    base: &str,
    email: &str,
    lang: Lang,
    query: &str,
) -> anyhow::Result<()> {
    log_in_as(client, base, email).await?;
    // Leaving before the login's answer would cancel it.
    eventually("the console to log in", || async {
        let form = client
            .execute(
                "return !!document.querySelector('input[type=password]');",
                vec![],
            )
            .await?;
        Ok((form.as_bool() == Some(false)).then_some(()))
    })
    .await?;
    let remember = format!(
        "localStorage.setItem('yorisoi.console.lang', '{}');",
        lang.tag()
    );
    client.execute(&remember, vec![]).await?;
    eventually("the cases page behind the login", || async {
        client.goto(&format!("{base}/console/cases{query}")).await?;
        let url = client.current_url().await?;
        Ok((url.path() == "/console/cases").then_some(()))
    })
    .await
}

/// The value of the form control named `name`, once it has one.
async fn value_of(client: &Client, name: &str) -> anyhow::Result<String> {
    eventually(&format!("{name:?} to have text"), || async {
        let value = control(client, name).await?.prop("value").await?;
        Ok(value.filter(|value| !value.trim().is_empty()))
    })
    .await
}

/// Clicks the button named `name` once the page's script runs (a step
/// reloads the page, and its buttons are there before its script).
async fn click(client: &Client, name: &str) -> anyhow::Result<()> {
    let found = button(client, name).await?;
    eventually("the page's script", || async {
        let state = client
            .execute("return document.readyState;", vec![])
            .await?;
        Ok((state.as_str() == Some("complete")).then_some(()))
    })
    .await?;
    found.click().await?;
    Ok(())
}

/// Nothing of the parent's own details is in `text`.
fn anonymous(text: &str) -> anyhow::Result<()> {
    for detail in ["はる", "090-1234-5678", "2歳3ヶ月"] {
        ensure!(!text.contains(detail), "{detail:?} leaked: {text}");
    }
    Ok(())
}

/// The parent approves the case shown to them, as the widget would.
async fn parent_approves(server: &TestServer, token: &str) -> anyhow::Result<()> {
    let post = |path: String, body: serde_json::Value| {
        bare_client()
            .post(format!("{}{path}", server.url()))
            .header("origin", server.origin())
            .header(CSRF_HEADER, "1")
            .json(&body)
            .send()
    };
    let ask = ParentAsk {
        token: token.to_owned(),
        site: None,
    };
    let shown: Vec<ParentCase> = post(WIDGET_CASES.into(), serde_json::to_value(&ask)?)
        .await?
        .json()
        .await?;
    let case = shown.first().context("the case was sent to the parent")?;
    let answer = ParentDecision {
        token: token.to_owned(),
        site: None,
        decision: Decision::Approve,
        wording_hash: case.wording_hash.clone(),
    };
    let path = format!("{WIDGET_CASES}/{}/decision", case.id);
    let approved = post(path, serde_json::to_value(&answer)?).await?;
    ensure!(
        approved.status().is_success(),
        "approval: {}",
        approved.status()
    );
    Ok(())
}

async fn propose_review_and_export(lang: Lang, words: &Words) -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server.add_staff("aki@example.org", "あき", PASSWORD).await;
    server.add_staff("mai@example.org", "まい", PASSWORD).await;
    let (_parent, token) = parent_socket(&server, SAID).await;
    let conversation = server.records().await.conversation_of(&token).await;
    let driver = Driver::start().await?;
    let aki = driver.phone(375, 812).await?;
    let mai = driver.session(1280, 900).await?;
    let base = server.url();

    // あき proposes from the console's link and sends the draft.
    let query = format!("?conversation={}&propose=1", conversation.0);
    open_cases(&aki.client, &base, "aki@example.org", lang, &query).await?;
    let draft = value_of(&aki.client, words.long).await?;
    anonymous(&draft)?;
    ensure!(
        draft.contains("夜泣き"),
        "the consultation is there: {draft}"
    );
    let url = aki.client.current_url().await?;
    ensure!(
        !url.as_str().contains("propose"),
        "a reload does not propose again: {url}"
    );
    if lang == Lang::Ja {
        ensure!(
            url.as_str().contains("lang=ja"),
            "the console's language: {url}"
        );
    }
    // An edit that brings a name back is refused, in words; a reload shows
    // the draft as the server keeps it.
    control(&aki.client, words.long)
        .await?
        .send_keys("はるちゃん")
        .await?;
    click(&aki.client, words.save).await?;
    role_says(&aki.client, "alert", words.reveals).await?;
    aki.client.refresh().await?;
    anonymous(&value_of(&aki.client, words.long).await?)?;
    click(&aki.client, words.send).await?;
    text_shown(&aki.client, words.waiting).await?;
    eventually("focus back at the case after the reload", || async {
        let focused = aki
            .client
            .execute("return document.activeElement.localName;", vec![])
            .await?;
        Ok((focused.as_str() == Some("article")).then_some(()))
    })
    .await?;

    parent_approves(&server, &token).await?;
    aki.client.refresh().await?;
    let own = button(&aki.client, words.review).await?;
    ensure!(
        !own.is_enabled().await?,
        "no usable review for the proposer"
    );
    aki.client.execute("window.scrollTo(0, 0);", vec![]).await?;
    screenshot(&aki.client, &format!("cases-phone-{}", lang.tag())).await?;
    let axe = Axe::load()?;
    let found = axe.check(&aki.client, "the proposer's cases page").await?;
    ensure!(found.is_empty(), "{}", found.join("\n"));

    // まい: refused an export before her review, then reviews and exports.
    let all = format!("?conversation={}", conversation.0);
    open_cases(&mai.client, &base, "mai@example.org", lang, &all).await?;
    click(&mai.client, words.export).await?;
    role_says(&mai.client, "alert", words.not_reviewed).await?;
    click(&mai.client, words.review).await?;
    text_shown(&mai.client, words.reviewed).await?;
    click(&mai.client, words.export).await?;
    let short = value_of(&mai.client, words.export_short).await?;
    let long = value_of(&mai.client, words.export_long).await?;
    anonymous(&short)?;
    anonymous(&long)?;
    ensure!(long.contains("夜泣き"), "{long}");
    screenshot(&mai.client, &format!("cases-exported-{}", lang.tag())).await?;
    let found = axe.check(&mai.client, "the exported case").await?;
    ensure!(found.is_empty(), "{}", found.join("\n"));
    close_all([aki, mai]).await
}

#[tokio::test]
async fn two_staff_take_a_case_from_proposal_to_export_in_japanese() -> anyhow::Result<()> {
    propose_review_and_export(Lang::Ja, &JA).await
}

#[tokio::test]
async fn two_staff_take_a_case_from_proposal_to_export_in_english() -> anyhow::Result<()> {
    propose_review_and_export(Lang::En, &EN).await
}

#[tokio::test]
async fn the_consoles_button_opens_the_proposed_draft_in_a_new_tab() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server.add_staff("aki@example.org", "あき", PASSWORD).await;
    let (_parent, _token) = parent_socket(&server, SAID).await;
    let driver = Driver::start().await?;
    let aki = driver.session(1280, 900).await?;
    log_in_as(&aki.client, &server.url(), "aki@example.org").await?;
    open_conversation(&aki.client, SAID, "夜泣き").await?;
    let console = aki.client.window().await?;
    click_shown(&aki.client, "Propose as a case").await?;
    let tab = eventually("a new tab", || async {
        let windows = aki.client.windows().await?;
        Ok(windows.into_iter().find(|window| *window != console))
    })
    .await?;
    aki.client.switch_to_window(tab).await?;
    let draft = value_of(&aki.client, EN.long).await?;
    anonymous(&draft)?;
    ensure!(draft.contains("夜泣き"), "the proposed draft: {draft}");
    button(&aki.client, EN.send).await?;
    close_all([aki]).await
}
