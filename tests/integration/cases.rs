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

#[tokio::test]
async fn no_export_without_the_parents_approval_and_a_second_review() {
    let server = TestServer::start().await;
    let mut team = team(&server).await;
    let (conversation, token) = consultation(&server, &mut team, Lang::Ja, &NIGHTS, ANSWER).await;

    let case: StaffCase = ok(propose(&team.aki, conversation).await, "propose").await;
    assert_eq!((case.status, case.lang), (CaseStatus::Draft, Lang::Ja));
    let long = &case.texts.long;
    assert!(long.starts_with("【相談】\n"), "{long}");
    assert!(long.contains("【回答】\n毎晩大変ですね。"), "{long}");
    for personal in ["はる", "090", "5678", "2歳3ヶ月"] {
        assert!(!long.contains(personal), "{personal} hidden: {long}");
        assert!(!case.texts.short.contains(personal), "{}", case.texts.short);
    }
    assert!(case.texts.short.chars().count() <= 140);

    // A draft is neither exportable nor shown to the parent.
    let draft = step(&team.aki, case.id, "export").await;
    assert_eq!(
        refused(draft).await,
        (StatusCode::CONFLICT, CaseRefusal::NotSent)
    );
    assert_eq!(parents_cases(&server, &token).await, []);

    let sent: StaffCase = ok(step(&team.aki, case.id, "send").await, "send").await;
    assert_eq!(sent.status, CaseStatus::Sent);
    // A second staff member's review alone is not enough.
    let reviewed: StaffCase = ok(step(&team.mai, case.id, "review").await, "review").await;
    assert_eq!(reviewed.reviewed_by, Some(team.mai_id));
    let unapproved = step(&team.aki, case.id, "export").await;
    assert_eq!(
        refused(unapproved).await,
        (StatusCode::CONFLICT, CaseRefusal::NotApproved)
    );

    // The parent sees exactly the texts, and approves them.
    let shown = parents_cases(&server, &token).await;
    assert_eq!(shown.len(), 1);
    assert_eq!((shown[0].id, &shown[0].texts), (case.id, &case.texts));
    // The server's clock (moved on, so its time shows in the record).
    server.advance_clock(std::time::Duration::from_secs(3_600));
    let before = server.now_ms();
    let approved: ParentCase = ok(
        decide(&server, &token, &shown[0], Decision::Approve).await,
        "approve",
    )
    .await;
    assert_eq!(approved.status, CaseStatus::Approved);
    let after = server.now_ms();

    let export: CaseExport = ok(step(&team.aki, case.id, "export").await, "export").await;
    assert_eq!((export.lang, &export.texts), (Lang::Ja, &shown[0].texts));

    // The decision is recorded with the words shown and the server's time;
    // every step is on the trail, in order, with who took it.
    let trail = trail(&team.mai, case.id).await;
    let steps: Vec<_> = trail
        .iter()
        .map(|event| (event.step, event.actor.clone()))
        .collect();
    let aki = || CaseActor::Staff {
        id: team.aki_id,
        name: Some("あき".into()),
    };
    let mai = CaseActor::Staff {
        id: team.mai_id,
        name: Some("まい".into()),
    };
    assert_eq!(
        steps,
        [
            (CaseStep::Proposed, aki()),
            (CaseStep::SentToParent, aki()),
            (CaseStep::Reviewed, mai),
            (CaseStep::Approved, CaseActor::Parent),
            (CaseStep::Exported, aki()),
        ]
    );
    let decision = &trail[3];
    assert_eq!(decision.wording.as_ref(), Some(&shown[0].texts));
    assert_eq!(decision.wording_hash.as_ref(), Some(&shown[0].wording_hash));
    assert!(
        (before..=after).contains(&decision.at_ms),
        "{}",
        decision.at_ms
    );
    assert!(decision.at_ms >= trail[2].at_ms + 3_600_000);
}

#[tokio::test]
async fn the_proposers_own_review_is_refused_and_approval_alone_exports_nothing() {
    let server = TestServer::start().await;
    let mut team = team(&server).await;
    let (case, _, _) = approved_case(&server, &mut team).await;

    let unreviewed = step(&team.aki, case.id, "export").await;
    assert_eq!(
        refused(unreviewed).await,
        (StatusCode::CONFLICT, CaseRefusal::NotReviewed)
    );
    let own = step(&team.aki, case.id, "review").await;
    assert_eq!(
        refused(own).await,
        (StatusCode::FORBIDDEN, CaseRefusal::OwnProposal)
    );
    let still = step(&team.mai, case.id, "export").await;
    assert_eq!(refused(still).await.1, CaseRefusal::NotReviewed);
    // Approved words are fixed: no edit after the parent's yes.
    let edit = CaseEdit {
        short: Some("夜泣きの相談".into()),
        ..CaseEdit::default()
    };
    let late = staff_post(
        &team.mai,
        &format!("{CONSOLE_CASES}/{}/edit", case.id),
        Some(&edit),
    )
    .await;
    assert_eq!(
        refused(late).await,
        (StatusCode::CONFLICT, CaseRefusal::WordingFixed)
    );
}

#[tokio::test]
async fn a_decline_blocks_export_in_english_too() {
    let server = TestServer::start().await;
    let mut team = team(&server).await;
    let said = ["My son Tom wakes up every night and I am exhausted."];
    let (conversation, token) = consultation(
        &server,
        &mut team,
        Lang::En,
        &said,
        "That sounds so hard. Many parents go through this.",
    )
    .await;
    let case: StaffCase = ok(propose(&team.aki, conversation).await, "propose").await;
    assert_eq!(case.lang, Lang::En);
    assert!(
        case.texts
            .long
            .starts_with("Question:\nMy son [name] wakes"),
        "{}",
        case.texts.long
    );
    assert!(
        case.texts.long.contains("\n\nAnswer:\nThat sounds"),
        "{}",
        case.texts.long
    );
    ok::<StaffCase>(step(&team.aki, case.id, "send").await, "send").await;

    let shown = parents_cases(&server, &token).await;
    assert_eq!(shown[0].lang, Lang::En);
    let declined: ParentCase = ok(
        decide(&server, &token, &shown[0], Decision::Decline).await,
        "decline",
    )
    .await;
    assert_eq!(declined.status, CaseStatus::Declined);

    let review = step(&team.mai, case.id, "review").await;
    assert_eq!(
        refused(review).await,
        (StatusCode::CONFLICT, CaseRefusal::Closed)
    );
    let export = step(&team.aki, case.id, "export").await;
    assert_eq!(
        refused(export).await,
        (StatusCode::CONFLICT, CaseRefusal::Declined)
    );
    let change = decide(&server, &token, &shown[0], Decision::Approve).await;
    assert_eq!(refused(change).await.1, CaseRefusal::Closed);
}

#[tokio::test]
async fn a_withdrawal_after_approval_and_review_blocks_export_for_good() {
    let server = TestServer::start().await;
    let mut team = team(&server).await;
    let (case, token, shown) = approved_case(&server, &mut team).await;
    ok::<StaffCase>(step(&team.mai, case.id, "review").await, "review").await;
    ok::<CaseExport>(step(&team.aki, case.id, "export").await, "export").await;

    let withdrawn: ParentCase = ok(
        decide(&server, &token, &shown, Decision::Withdraw).await,
        "withdraw",
    )
    .await;
    assert_eq!(withdrawn.status, CaseStatus::Withdrawn);
    let export = step(&team.aki, case.id, "export").await;
    assert_eq!(
        refused(export).await,
        (StatusCode::CONFLICT, CaseRefusal::Withdrawn)
    );
    let again = decide(&server, &token, &shown, Decision::Approve).await;
    assert_eq!(refused(again).await.1, CaseRefusal::Closed);
    let resend = step(&team.aki, case.id, "send").await;
    assert_eq!(refused(resend).await.1, CaseRefusal::Closed);
    let last = trail(&team.aki, case.id).await.pop().expect("a trail");
    assert_eq!(
        (last.step, last.actor),
        (CaseStep::Withdrawn, CaseActor::Parent)
    );
}

#[tokio::test]
async fn another_organisations_staff_and_another_parent_neither_see_nor_act() {
    let server = TestServer::start().await;
    let mut team = team(&server).await;
    let (case, token, shown) = sent_case(&server, &mut team).await;
    let conversation = case.conversation;

    server
        .add_organisation("kodama", "こだま", "Kodama", &["https://kodama.example.jp"])
        .await;
    let (stranger, _) = server
        .staff_in(
            "kodama",
            Role::Admin,
            "boss@kodama.example.jp",
            "よその代表",
        )
        .await;
    let theirs: Vec<StaffCase> = ok(staff_get(&stranger, CONSOLE_CASES).await, "list").await;
    assert_eq!(theirs, []);
    let one = staff_get(&stranger, &format!("{CONSOLE_CASES}/{}", case.id)).await;
    assert_eq!(
        refused(one).await,
        (StatusCode::NOT_FOUND, CaseRefusal::UnknownCase)
    );
    for what in ["review", "export", "send"] {
        let response = step(&stranger, case.id, what).await;
        assert_eq!(
            refused(response).await,
            (StatusCode::NOT_FOUND, CaseRefusal::UnknownCase),
            "{what}"
        );
    }
    let trail = staff_get(&stranger, &format!("{CONSOLE_CASES}/{}/trail", case.id)).await;
    assert_eq!(trail.status(), StatusCode::NOT_FOUND);
    let proposal = propose(&stranger, conversation).await;
    assert_eq!(
        refused(proposal).await,
        (StatusCode::NOT_FOUND, CaseRefusal::UnknownConversation)
    );

    // Another parent, with a conversation of their own, sees nothing of it
    // and cannot answer for it.
    let (_, other_token) =
        consultation(&server, &mut team, Lang::Ja, &["こんばんは"], "こんばんは").await;
    assert_eq!(parents_cases(&server, &other_token).await, []);
    let forged = decide(&server, &other_token, &shown, Decision::Approve).await;
    assert_eq!(
        refused(forged).await,
        (StatusCode::NOT_FOUND, CaseRefusal::UnknownCase)
    );
    // Nor does a stranger's site, with the right token.
    let ask = ParentAsk {
        token: token.clone(),
        site: Some("https://kodama.example.jp".into()),
    };
    let elsewhere: Vec<ParentCase> =
        ok(widget_post(&server, WIDGET_CASES, &ask).await, "ask").await;
    assert_eq!(elsewhere, []);
    let status: StaffCase = ok(
        staff_get(&team.aki, &format!("{CONSOLE_CASES}/{}", case.id)).await,
        "the case",
    )
    .await;
    assert_eq!(status.status, CaseStatus::Sent, "nobody else changed it");
}

#[tokio::test]
async fn an_edit_hides_more_never_less_and_the_parent_approves_only_what_they_saw() {
    let server = TestServer::start().await;
    let mut team = team(&server).await;
    let (conversation, token) = consultation(&server, &mut team, Lang::Ja, &NIGHTS, ANSWER).await;
    let case: StaffCase = ok(propose(&team.aki, conversation).await, "propose").await;
    let path = format!("{CONSOLE_CASES}/{}/edit", case.id);
    let edit = |short: String| CaseEdit {
        short: Some(short),
        ..CaseEdit::default()
    };

    let reveal = edit(case.texts.short.replace("［名前］", "はる"));
    let response = staff_post(&team.aki, &path, Some(&reveal)).await;
    assert_eq!(
        refused(response).await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            CaseRefusal::EditRevealsHidden
        )
    );
    let contact = edit(format!("{} haru.mama@example.jp", case.texts.short));
    let response = staff_post(&team.aki, &path, Some(&contact)).await;
    assert_eq!(refused(response).await.1, CaseRefusal::EditAddsContact);
    let too_long = edit("夜".repeat(141));
    let response = staff_post(&team.aki, &path, Some(&too_long)).await;
    assert_eq!(refused(response).await.1, CaseRefusal::TextTooLong);

    // Sent, then edited: the parent's view of the old words is gone, and
    // an answer to them is refused once the new words are sent.
    ok::<StaffCase>(step(&team.aki, case.id, "send").await, "send").await;
    let old = parents_cases(&server, &token).await.remove(0);
    let shorter = CaseEdit {
        short: Some("夜泣きで毎晩3回起きる子の相談。".into()),
        hide: vec!["限界".into()],
        ..CaseEdit::default()
    };
    let edited: StaffCase = ok(staff_post(&team.aki, &path, Some(&shorter)).await, "edit").await;
    assert_eq!(edited.status, CaseStatus::Draft);
    assert_eq!(edited.texts.short, "夜泣きで毎晩3回起きる子の相談。");
    assert!(!edited.texts.long.contains("限界"), "{}", edited.texts.long);
    assert_eq!(parents_cases(&server, &token).await, []);
    ok::<StaffCase>(step(&team.aki, case.id, "send").await, "send again").await;
    let stale = decide(&server, &token, &old, Decision::Approve).await;
    assert_eq!(
        refused(stale).await,
        (StatusCode::CONFLICT, CaseRefusal::WordingChanged)
    );
    let fresh = parents_cases(&server, &token).await.remove(0);
    assert_eq!(fresh.texts, edited.texts);
    ok::<ParentCase>(
        decide(&server, &token, &fresh, Decision::Approve).await,
        "approve",
    )
    .await;
    let steps: Vec<_> = trail(&team.aki, case.id)
        .await
        .into_iter()
        .map(|event| event.step)
        .collect();
    assert_eq!(
        steps,
        [
            CaseStep::Proposed,
            CaseStep::SentToParent,
            CaseStep::Edited,
            CaseStep::SentToParent,
            CaseStep::Approved,
        ]
    );
}
