//! The parent's side over the widget's socket, as the widget does it: a
//! case sent by staff reaches the parent's open widget at once (`Cases`)
//! and again after a reconnection; `Decide` approves or withdraws on every
//! tab; `Download` brings the transcript and `Delete` removes the
//! conversation (case drafts too) and revokes the token.

use yorisoi_protocol::widget::ClientFrame;

use super::*;

/// The cards in the next `Cases` frame.
async fn next_cards(widget: &mut yorisoi_tests::WidgetSocket, what: &str) -> String {
    match widget
        .next_matching(what, |frame| matches!(frame, ServerFrame::Cases { .. }))
        .await
    {
        ServerFrame::Cases { html } => html,
        _ => unreachable!("next_matching returns Cases"),
    }
}

/// The answer buttons the cards offer, as `class` names.
fn offered(cards: &str) -> Vec<&str> {
    ["approve", "decline", "withdraw"]
        .into_iter()
        .filter(|class| cards.contains(&format!(r#"class="{class}""#)))
        .collect()
}

#[tokio::test]
async fn a_sent_case_reaches_the_open_widget_and_every_tab_hears_the_answer() {
    let server = TestServer::start().await;
    let mut team = team(&server).await;
    let (conversation, token) = consultation(&server, &mut team, Lang::Ja, &NIGHTS, ANSWER).await;
    let mut widget = server.widget().await;
    widget.hello(&token, Lang::Ja, 0).await;
    assert!(
        !widget
            .frames_before_pong()
            .await
            .iter()
            .any(|frame| matches!(frame, ServerFrame::Cases { .. })),
        "no case yet, so none is told"
    );

    let case: StaffCase = ok(propose(&team.aki, conversation).await, "propose").await;
    ok::<StaffCase>(step(&team.aki, case.id, "send").await, "send").await;
    let cards = next_cards(&mut widget, "the case sent to the parent").await;
    let shown = parents_cases(&server, &token).await.remove(0);
    assert_eq!(offered(&cards), ["approve", "decline"], "{cards}");
    assert!(
        cards.contains(">承認する<") && cards.contains(">お断りする<"),
        "{cards}"
    );
    assert!(
        cards.contains(&format!(
            r#"data-case="{}" data-hash="{}""#,
            case.id, shown.wording_hash
        )),
        "{cards}"
    );
    // The exact words staff sent (their line breaks and brackets as sent).
    let first_line = case.texts.long.lines().nth(1).expect("a second line");
    assert!(cards.contains(first_line), "{first_line} in {cards}");

    // A second tab, opened now, is told the case after its Welcome; the
    // cards speak the widget's language, again after a switch.
    let mut other_tab = server.widget().await;
    other_tab.hello(&token, Lang::En, 0).await;
    let waiting = next_cards(&mut other_tab, "the case after Welcome").await;
    assert!(
        waiting.contains(">Approve<") && waiting.contains(">Decline<"),
        "{waiting}"
    );
    other_tab
        .send(&ClientFrame::SetLang { lang: Lang::Ja })
        .await;
    let switched = next_cards(&mut other_tab, "the cards after a switch").await;
    assert!(switched.contains(">承認する<"), "{switched}");

    // Words changed meanwhile are never approved: a stale digest changes nothing.
    let stale = ClientFrame::Decide {
        case: case.id,
        decision: Decision::Approve,
        wording_hash: "0".repeat(64),
    };
    widget.send(&stale).await;
    let unchanged = next_cards(&mut widget, "the cards after a stale answer").await;
    assert_eq!(offered(&unchanged), ["approve", "decline"]);
    assert_eq!(
        parents_cases(&server, &token).await[0].status,
        CaseStatus::Sent
    );

    let approve = ClientFrame::Decide {
        case: case.id,
        decision: Decision::Approve,
        wording_hash: shown.wording_hash.clone(),
    };
    widget.send(&approve).await;
    let approved = next_cards(&mut widget, "the cards after approving").await;
    assert_eq!(offered(&approved), ["withdraw"], "{approved}");
    assert!(approved.contains(">同意を取り消す<"), "{approved}");
    let elsewhere = next_cards(&mut other_tab, "the approval on the other tab").await;
    assert_eq!(offered(&elsewhere), ["withdraw"]);
    assert_eq!(
        parents_cases(&server, &token).await[0].status,
        CaseStatus::Approved
    );

    let withdraw = ClientFrame::Decide {
        case: case.id,
        decision: Decision::Withdraw,
        wording_hash: shown.wording_hash.clone(),
    };
    other_tab.send(&withdraw).await;
    let withdrawn = next_cards(&mut other_tab, "the cards after withdrawing").await;
    assert!(offered(&withdrawn).is_empty(), "{withdrawn}");
    assert_eq!(
        parents_cases(&server, &token).await[0].status,
        CaseStatus::Withdrawn
    );
    assert!(
        withdrawn.contains("今後、この文章が共有されることはありません"),
        "{withdrawn}"
    );
    // Closed, the card confirms the answer once; later it takes no room.
    let mut later = server.widget().await;
    later.hello(&token, Lang::Ja, 0).await;
    assert!(
        !later
            .frames_before_pong()
            .await
            .iter()
            .any(|frame| matches!(frame, ServerFrame::Cases { .. })),
        "a withdrawn case is not shown again"
    );
    let exported = step(&team.mai, case.id, "export").await;
    assert_eq!(
        refused(exported).await,
        (StatusCode::CONFLICT, CaseRefusal::Withdrawn)
    );
}

#[tokio::test]
async fn download_brings_the_transcript_and_delete_removes_everything() {
    let server = TestServer::start().await;
    let mut team = team(&server).await;
    let (conversation, token) = consultation(&server, &mut team, Lang::Ja, &NIGHTS, ANSWER).await;
    let case: StaffCase = ok(propose(&team.aki, conversation).await, "propose").await;

    let mut widget = server.widget().await;
    widget.hello(&token, Lang::Ja, 0).await;
    widget
        .send(&ClientFrame::Download {
            time_zone: Some("Asia/Tokyo".into()),
        })
        .await;
    let ServerFrame::Transcript { file_name, text } = widget
        .next_matching("the transcript", |frame| {
            matches!(frame, ServerFrame::Transcript { .. })
        })
        .await
    else {
        unreachable!("next_matching returns a Transcript");
    };
    assert!(file_name.ends_with(".txt"), "{file_name}");
    assert!(text.contains(NIGHTS[0]) && text.contains(ANSWER), "{text}");

    widget.send(&ClientFrame::Delete).await;
    widget
        .next_matching("Forgotten after Delete", |frame| {
            *frame == ServerFrame::Forgotten
        })
        .await;
    // The case draft went with the conversation, and the token opens nothing.
    let gone = staff_get(&team.aki, &format!("{CONSOLE_CASES}/{}", case.id)).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let mut again = server.widget().await;
    let refused = again.hello_frames_until_error(&token).await;
    assert!(
        matches!(refused, ServerFrame::Error { .. }),
        "a deleted conversation's token is refused: {refused:?}"
    );
}
