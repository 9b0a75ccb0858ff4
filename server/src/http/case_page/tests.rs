use yorisoi_protocol::cases::{CaseActor, CaseEvent, CaseStatus, CaseStep, CaseTexts, StaffCase};

use super::*;
use crate::service::cases::{AskedConversation, CaseBook, CaseEntry};

/// 2026-12-04 01:41 UTC: 10:41 in Tokyo.
const AT: i64 = 1_796_348_460_000;

fn entry(status: CaseStatus, reviewed_by: Option<i64>) -> CaseEntry {
    let case = StaffCase {
        id: 7,
        conversation: ConversationId(12),
        lang: Lang::Ja,
        status,
        texts: CaseTexts {
            short: "夜泣き</textarea><script>alert(1)</script>".into(),
            long: "【相談】\n[名前]ちゃん & <b>".into(),
        },
        wording_hash: "h".into(),
        proposed_by: 1,
        reviewed_by,
        created_at_ms: AT,
        exportable: status == CaseStatus::Approved && reviewed_by.is_some(),
    };
    let staff = |id, name: &str| CaseActor::Staff {
        id,
        name: Some(name.into()),
    };
    let mut trail = vec![CaseEvent {
        step: CaseStep::Proposed,
        actor: staff(1, "あき<i>"),
        at_ms: AT,
        wording: None,
        wording_hash: None,
    }];
    if status == CaseStatus::Approved {
        trail.push(CaseEvent {
            step: CaseStep::Approved,
            actor: CaseActor::Parent,
            at_ms: AT + 60_000,
            wording: None,
            wording_hash: None,
        });
    }
    if let Some(reviewer) = reviewed_by {
        trail.push(CaseEvent {
            step: CaseStep::Reviewed,
            actor: staff(reviewer, "まい"),
            at_ms: AT + 120_000,
            wording: None,
            wording_hash: None,
        });
    }
    CaseEntry {
        case,
        trail,
        nickname: Some("<img src=x onerror=alert(2)>".into()),
    }
}

fn written(lang: Lang, viewer: i64, entries: Vec<CaseEntry>) -> String {
    let book = CaseBook {
        entries,
        asked: Some(AskedConversation {
            id: ConversationId(12),
            nickname: None,
            may_propose: false,
        }),
    };
    let zone = transcript::zone_or_default(None);
    render_page(&View {
        lang,
        viewer,
        book: Some(&book),
        conversation: Some(ConversationId(12)),
        propose_now: false,
        zone: &zone,
    })
}

#[test]
fn every_text_not_ours_is_escaped() {
    let html = written(Lang::Ja, 2, vec![entry(CaseStatus::Draft, None)]);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("夜泣き&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("[名前]ちゃん &amp; &lt;b&gt;"));
    assert!(!html.contains("<img"), "the nickname is text");
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("あき&lt;i&gt;"));
    assert_eq!(html.matches("<script").count(), 2, "the words and the file");
}

#[test]
fn a_draft_has_the_contract_names_in_both_languages() {
    let japanese = written(Lang::Ja, 2, vec![entry(CaseStatus::Draft, None)]);
    assert!(japanese.starts_with("<!doctype html>\n<html lang=\"ja\">"));
    for name in [
        "保護者に確認を依頼",
        "レビューを承認",
        "書き出す",
        "変更を保存",
    ] {
        assert!(japanese.contains(&format!(">{name}</button>")), "{name}");
    }
    assert!(japanese.contains("2026年12月4日 10:41 に あき&lt;i&gt; さんが提案"));
    let english = written(Lang::En, 2, vec![entry(CaseStatus::Draft, None)]);
    assert!(english.contains("<html lang=\"en\">"));
    for name in [
        "Send to the parent",
        "Approve review",
        "Export",
        "Save changes",
    ] {
        assert!(english.contains(&format!(">{name}</button>")), "{name}");
    }
    assert!(english.contains("<label for=\"case-7-short\">Short text"));
    assert!(english.contains("Not sent to the parent yet."));
}

#[test]
fn the_proposer_sees_the_review_disabled_with_the_reason() {
    let own = written(Lang::En, 1, vec![entry(CaseStatus::Sent, None)]);
    assert!(own.contains(
        "<button type=\"button\" class=\"tool\" disabled aria-describedby=\"case-7-own\">Approve review</button>"
    ));
    assert!(own.contains("You proposed this case, so another staff member reviews it."));
    assert!(!own.contains("data-action=\"review\""));
    assert!(!own.contains("data-action=\"send\""), "sent already");
    assert!(
        own.contains("data-field=\"short\" autocomplete=\"off\" readonly>"),
        "not a draft"
    );
    assert!(
        own.contains("Status: Waiting for the parent&#39;s answer"),
        "escaped once, not twice"
    );
}

#[test]
fn a_reviewed_approved_case_shows_the_decision_and_the_trail_in_tokyo_time() {
    let html = written(Lang::En, 1, vec![entry(CaseStatus::Approved, Some(3))]);
    assert!(html.contains("Reviewed by まい"));
    assert!(!html.contains(">Approve review<"), "reviewed already");
    assert!(html.contains("Approved on 4 Dec 2026, 10:42"));
    assert!(html.contains("Audit trail (times in Japan time)"));
    assert!(html.contains(
        "<li><time datetime=\"2026-12-04T01:43:00Z\">4 Dec 2026, 10:43</time> Reviewed · まい</li>"
    ));
    assert!(html.contains("class=\"send\" data-action=\"export\""));
}

#[test]
fn the_words_block_cannot_end_itself() {
    let html = written(Lang::Ja, 2, vec![]);
    let block = html
        .split("id=\"case-words\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the words block");
    let words: serde_json::Value = serde_json::from_str(block).expect("JSON");
    assert_eq!(
        words["refusals"]["not-reviewed"],
        "書き出す前に、別のスタッフによるレビューが必要です。"
    );
    assert!(html.contains("この相談には、まだ事例がありません。"));
}

#[test]
fn the_query_and_the_browser_choose_the_language() {
    let uri = Uri::from_static("/console/cases?conversation=12&propose=1&lang=ja-JP");
    assert_eq!(
        asked(&uri),
        Asked {
            conversation: Some(Some(ConversationId(12))),
            propose: true,
            lang: Some(Lang::Ja),
        }
    );
    let odd = asked(&Uri::from_static("/console/cases?conversation=x"));
    assert_eq!(odd.conversation, Some(None));
    let accept = |value: &'static str| {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, value.parse().expect("a header"));
        accepted_lang(&headers)
    };
    assert_eq!(accept("fr-FR, ja;q=0.8, en;q=0.5"), Some(Lang::Ja));
    assert_eq!(accept("ja;q=0, en-GB"), Some(Lang::En));
    assert_eq!(accept("de"), None);
}
