//! The parent's consent and the second review: export only with both, a
//! decline or a withdrawal blocks it for good, the decision is recorded
//! with the words shown, and the trail lists each step in order.

use super::*;

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
