//! Who sees and changes a case: never another organisation's staff or
//! another parent; and staff's edits hide more, never less, the parent
//! answering only the words they saw.

use super::*;

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
