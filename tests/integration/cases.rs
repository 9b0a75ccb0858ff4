//! Cases shared with the parent's consent (issue 13), over the real HTTP
//! API: nothing is exported without the parent's approval of the exact
//! words and a second staff member's review; a decline or a withdrawal
//! blocks export for good; another organisation's staff and another
//! parent's token see nothing and change nothing; the parent's decision is
//! recorded with the words they were shown; the trail lists every step in
//! order; an edit hides more, never less.

use reqwest::StatusCode;
use yorisoi_protocol::cases::{
    CONSOLE_CASES, CaseActor, CaseEdit, CaseErrorBody, CaseEvent, CaseExport, CaseRefusal,
    CaseStatus, CaseStep, Decision, ParentAsk, ParentCase, ParentDecision, ProposeCase, StaffCase,
    WIDGET_CASES,
};
use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::http::CSRF_HEADER;
use yorisoi_protocol::widget::ServerFrame;
use yorisoi_protocol::{ConversationId, Lang};
use yorisoi_tests::access::bare_client;
use yorisoi_tests::{ConsoleSocket, Role, StaffClient, TestServer, new_client_id, random_token};

mod consent;
mod visibility;

/// Two staff members of the first organisation (Aki proposes, Mai
/// reviews), Aki's console open and welcomed.
struct Team {
    aki: StaffClient,
    aki_id: i64,
    mai: StaffClient,
    mai_id: i64,
    console: ConsoleSocket,
}

async fn team(server: &TestServer) -> Team {
    let slug = server.default_organisation().await.slug;
    let (mai, mai_info) = server
        .staff_in(&slug, Role::Staff, "mai@example.org", "まい")
        .await;
    let (aki, mut console, aki_info) = server.console_as("aki@example.org", "あき").await;
    console.next().await;
    Team {
        aki,
        aki_id: aki_info.id,
        mai,
        mai_id: mai_info.id,
        console,
    }
}

/// A parent (a fresh token, widget in `lang`) writes `said`, and Aki
/// answers `reply`; the conversation and the parent's token.
async fn consultation(
    server: &TestServer,
    team: &mut Team,
    lang: Lang,
    said: &[&str],
    reply: &str,
) -> (ConversationId, String) {
    let token = random_token();
    let mut widget = server.widget().await;
    widget.hello(&token, lang, 0).await;
    for line in said {
        let sent = widget.say(line).await;
        widget
            .next_matching(
                "the parent's Ack",
                |frame| matches!(frame, ServerFrame::Ack { client_id, .. } if *client_id == sent),
            )
            .await;
    }
    let ConsoleServer::Conversation(summary) = team
        .console
        .next_matching("the new conversation", |frame| {
            matches!(frame, ConsoleServer::Conversation(summary) if summary.last_seq == said.len() as u64)
        })
        .await
    else {
        unreachable!("next_matching returns a summary");
    };
    let client_id = new_client_id();
    let send = ConsoleFrame::Send {
        conversation: summary.id,
        client_id: client_id.clone(),
        body: reply.to_owned(),
    };
    team.console.send(&send).await;
    team.console
        .next_matching(
            "the reply's Ack",
            |frame| matches!(frame, ConsoleServer::Ack { client_id: id, .. } if *id == client_id),
        )
        .await;
    (summary.id, token)
}

async fn staff_post<T: serde::Serialize>(
    client: &StaffClient,
    path: &str,
    body: Option<&T>,
) -> reqwest::Response {
    let request = client.http().post(client.url(path));
    let request = match body {
        Some(body) => request.json(body),
        None => request,
    };
    request.send().await.expect("post")
}

async fn staff_get(client: &StaffClient, path: &str) -> reqwest::Response {
    client
        .http()
        .get(client.url(path))
        .send()
        .await
        .expect("get")
}

async fn ok<T: serde::de::DeserializeOwned>(response: reqwest::Response, what: &str) -> T {
    let status = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(status, StatusCode::OK, "{what}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{what}: {error}: {text}"))
}

async fn refused(response: reqwest::Response) -> (StatusCode, CaseRefusal) {
    let status = response.status();
    let body: CaseErrorBody = response.json().await.expect("a CaseErrorBody");
    (status, body.reason)
}

async fn propose(client: &StaffClient, conversation: ConversationId) -> reqwest::Response {
    staff_post(client, CONSOLE_CASES, Some(&ProposeCase { conversation })).await
}

async fn step(client: &StaffClient, case: i64, what: &str) -> reqwest::Response {
    staff_post::<()>(client, &format!("{CONSOLE_CASES}/{case}/{what}"), None).await
}

async fn trail(client: &StaffClient, case: i64) -> Vec<CaseEvent> {
    ok(
        staff_get(client, &format!("{CONSOLE_CASES}/{case}/trail")).await,
        "the trail",
    )
    .await
}

/// `POST` from the widget's page (the server's own origin, the CSRF
/// header), the token in the body.
async fn widget_post<T: serde::Serialize>(
    server: &TestServer,
    path: &str,
    body: &T,
) -> reqwest::Response {
    bare_client()
        .post(format!("{}{path}", server.url()))
        .header("origin", server.origin())
        .header(CSRF_HEADER, "1")
        .json(body)
        .send()
        .await
        .expect("widget post")
}

async fn parents_cases(server: &TestServer, token: &str) -> Vec<ParentCase> {
    let ask = ParentAsk {
        token: token.to_owned(),
        site: None,
    };
    ok(
        widget_post(server, WIDGET_CASES, &ask).await,
        "the parent's cases",
    )
    .await
}

async fn decide(
    server: &TestServer,
    token: &str,
    case: &ParentCase,
    decision: Decision,
) -> reqwest::Response {
    let answer = ParentDecision {
        token: token.to_owned(),
        site: None,
        decision,
        wording_hash: case.wording_hash.clone(),
    };
    let path = format!("{WIDGET_CASES}/{}/decision", case.id);
    widget_post(server, &path, &answer).await
}

const NIGHTS: [&str; 2] = [
    "娘のはるちゃん（2歳3ヶ月）の夜泣きがひどくて、毎晩3回は起きます。",
    "連絡は090-1234-5678にお願いします。私ももう限界です。",
];
const ANSWER: &str = "毎晩大変ですね。夜中に起きるのはこの時期よくあることです。";

/// A Japanese consultation ([`NIGHTS`]) proposed by Aki and sent to the
/// parent: the case, the parent's token, and the case as they see it.
async fn sent_case(server: &TestServer, team: &mut Team) -> (StaffCase, String, ParentCase) {
    let (conversation, token) = consultation(server, team, Lang::Ja, &NIGHTS, ANSWER).await;
    let case: StaffCase = ok(propose(&team.aki, conversation).await, "propose").await;
    ok::<StaffCase>(step(&team.aki, case.id, "send").await, "send").await;
    let shown = parents_cases(server, &token).await.remove(0);
    (case, token, shown)
}

/// [`sent_case`], approved by the parent.
async fn approved_case(server: &TestServer, team: &mut Team) -> (StaffCase, String, ParentCase) {
    let (case, token, shown) = sent_case(server, team).await;
    let approved = decide(server, &token, &shown, Decision::Approve).await;
    ok::<ParentCase>(approved, "approve").await;
    (case, token, shown)
}
