//! The codec against serde_json, which the server speaks: every frame the
//! apps send must be the bytes serde_json (and so `JSON.stringify`) writes,
//! and every frame the server writes must read back as itself.

use serde_json::to_string as server_json;
use yorisoi_protocol::console::{self, PageCursor};
use yorisoi_protocol::model::{Colleague, ConversationSummary, Note, StaffInfo};
use yorisoi_protocol::team::{NOW, Presence, StaffProfile, Team, TeamMember};
use yorisoi_protocol::{Author, ClientId, ConversationId, ErrorCode, Lang, Message, widget};

use super::{decode, encode};
use crate::outbox::OutboxItem;

/// Text that exercises every escape and more than one plane.
const HARD: &str =
    "「こんにちは」\"quoted\" back\\slash\n\ttab\r\u{1}\u{1f}\u{7f} 絵文字😀 \u{2028}end";

fn id() -> ClientId {
    ClientId("0b6f6c1e-3f0a-4c49-9d55-1f1f0f0e2a3b".into())
}

fn summary(n: i64) -> ConversationSummary {
    ConversationSummary {
        id: ConversationId(n),
        nickname: (n % 2 == 0).then(|| format!("みか{n}")),
        lang: Lang::Ja,
        unread: 3,
        last_seq: 12,
        visitor_read_seq: 11,
        preview: HARD.into(),
        updated_at_ms: 1_700_000_000_000 + n,
        waiting_since_ms: (n % 2 == 1).then_some(1_700_000_000_000),
        nominee: (n % 3 == 0).then_some(4),
        assignee: None,
        written: (n % 2 == 0).then_some(Lang::En),
        resolved_at_ms: (n % 4 == 0).then_some(1_700_000_000_500),
        labels: (0..n % 3).map(|k| format!("{HARD}{k}")).collect(),
        danger_since_ms: (n % 5 == 0).then_some(1_700_000_000_700),
    }
}

/// An internal note with hard text.
fn note() -> Note {
    Note {
        client_id: id(),
        author: Colleague {
            id: 3,
            name: "あき".into(),
        },
        body: HARD.into(),
        written_at_ms: 1_700_000_000_123,
    }
}

/// A team of two: one with a photo and hours, one with neither.
fn team() -> Team {
    let member = |id: i64, name: &str| TeamMember {
        id,
        name: name.into(),
        profile: StaffProfile {
            role_ja: "保育士".into(),
            role_en: "Childcare worker".into(),
            intro_ja: HARD.into(),
            intro_en: "Mother of two.".into(),
        },
        photo: (id == 1).then(|| "/api/photos/1/1/1700000000000".into()),
        available_at_ms: (id == 1).then_some(NOW),
    };
    Team {
        members: vec![member(1, "あき"), member(2, "Mio")],
        nominee: Some(2),
        reply_by_ms: Some(1_800_000_000_000),
        away: false,
        ask_for_anyone: true,
    }
}

fn message(seq: u64, author: Author) -> Message {
    Message {
        seq,
        client_id: id(),
        author,
        body: HARD.into(),
        sent_at_ms: -5,
    }
}

#[test]
fn frames_the_apps_send_are_the_bytes_the_server_expects() {
    let widget_frames = [
        widget::ClientFrame::Hello {
            token: "ab".repeat(32),
            lang: Lang::En,
            last_seq: 7,
            site: Some("https://hidamari.example".into()),
        },
        widget::ClientFrame::Send {
            client_id: id(),
            body: HARD.into(),
            nickname: None,
            proof: None,
        },
        widget::ClientFrame::Send {
            client_id: id(),
            body: "x".into(),
            nickname: Some("ゆき".into()),
            proof: Some(u64::from(u32::MAX) * 3),
        },
        widget::ClientFrame::MarkRead { seq: 0 },
        widget::ClientFrame::Forget,
        widget::ClientFrame::Ping,
    ];
    for frame in &widget_frames {
        assert_eq!(encode(frame), server_json(frame).ok(), "{frame:?}");
    }
    let console_frames = [
        console::ClientFrame::Open {
            conversation: ConversationId(9),
            last_seq: 0,
        },
        console::ClientFrame::MoreConversations {
            after: PageCursor::after(&summary(-3)),
        },
        console::ClientFrame::Send {
            conversation: ConversationId(i64::MAX),
            client_id: id(),
            body: HARD.into(),
        },
        console::ClientFrame::Ping,
        console::ClientFrame::Assign {
            conversation: ConversationId(9),
            staff: Some(3),
        },
        console::ClientFrame::Assign {
            conversation: ConversationId(9),
            staff: None,
        },
        console::ClientFrame::Resolve {
            conversation: ConversationId(9),
            resolved: true,
        },
        console::ClientFrame::AddNote {
            conversation: ConversationId(9),
            client_id: id(),
            body: HARD.into(),
        },
        console::ClientFrame::Search { query: HARD.into() },
        console::ClientFrame::SendHelp {
            conversation: ConversationId(9),
            client_id: id(),
        },
        console::ClientFrame::Label {
            conversation: ConversationId(9),
            labels: vec!["睡眠".into(), HARD.into()],
        },
    ];
    for frame in &console_frames {
        assert_eq!(encode(frame), server_json(frame).ok(), "{frame:?}");
    }
    assert_eq!(encode(&"Ping").as_deref(), Some("\"Ping\""));
}

#[test]
fn frames_the_server_sends_read_back_as_themselves() {
    let staff = Author::Staff {
        id: 4,
        name: "佐藤".into(),
    };
    let widget_frames = [
        widget::ServerFrame::Welcome {
            has_conversation: true,
            messages: vec![message(1, Author::Visitor), message(2, staff.clone())],
            read_seq: 1,
            team: Some(team()),
        },
        widget::ServerFrame::Team(Team {
            members: Vec::new(),
            nominee: None,
            reply_by_ms: None,
            away: true,
            ask_for_anyone: false,
        }),
        widget::ServerFrame::Typing { name: HARD.into() },
        widget::ServerFrame::Error {
            code: ErrorCode::RateLimited,
            client_id: Some(id()),
            retry_after_secs: Some(30),
        },
        widget::ServerFrame::ProveWork {
            challenge: "c".into(),
            bits: 18,
        },
        widget::ServerFrame::Message(message(3, staff)),
        widget::ServerFrame::TokenRotated,
    ];
    for frame in widget_frames {
        let text = server_json(&frame).expect("json");
        assert_eq!(decode::<widget::ServerFrame>(&text), Some(frame));
    }
    let console_frames = [
        console::ServerFrame::Welcome {
            staff: StaffInfo {
                id: 1,
                name: "Demo".into(),
                email: "demo@example.org".into(),
                admin: true,
                organisation: Default::default(),
            },
            conversations: (0..3).map(summary).collect(),
            more: true,
            presence: Presence::Away,
            colleagues: vec![Colleague {
                id: 2,
                name: HARD.into(),
            }],
        },
        console::ServerFrame::Conversations {
            conversations: Vec::new(),
            more: false,
        },
        console::ServerFrame::Conversation(summary(8)),
        console::ServerFrame::Typing {
            conversation: ConversationId(8),
        },
        console::ServerFrame::Pong,
        console::ServerFrame::Note {
            conversation: ConversationId(9),
            note: note(),
        },
        console::ServerFrame::Found {
            query: HARD.into(),
            conversations: (4..6).map(summary).collect(),
        },
        console::ServerFrame::Overdue {
            hours: 2,
            conversations: (4..6).map(summary).collect(),
        },
        console::ServerFrame::Quiet { quiet: true },
    ];
    for frame in console_frames {
        let text = server_json(&frame).expect("json");
        assert_eq!(decode::<console::ServerFrame>(&text), Some(frame));
    }
}

#[test]
fn stored_outboxes_round_trip() {
    let items = vec![OutboxItem {
        client_id: id(),
        body: HARD.into(),
        nickname: Some("みか".into()),
        created_ms: 1,
        failed: Some(ErrorCode::MessageTooLong),
    }];
    let text = encode(&items).expect("encode");
    assert_eq!(Some(text.clone()), server_json(&items).ok());
    assert_eq!(decode::<Vec<OutboxItem>>(&text), Some(items));
}

#[test]
fn what_json_allows_reads_too() {
    let text = " { \"Read\" : { \"seq\" : 5 , \"later\" : [1, {\"a\": null}, -2, true, \"\\u00e9\\ud83d\\ude00\\/\"] } } ";
    assert_eq!(
        decode::<widget::ServerFrame>(text),
        Some(widget::ServerFrame::Read { seq: 5 })
    );
    assert_eq!(
        decode::<String>("\"\\u00e9\\ud83d\\ude00\\/\""),
        Some("é😀/".into())
    );
    assert_eq!(decode::<i64>("-9223372036854775808"), Some(i64::MIN));
    assert_eq!(decode::<u64>("18446744073709551615"), Some(u64::MAX));
}

#[test]
fn malformed_or_unexpected_input_is_refused() {
    for text in [
        "",
        "\"Pong",
        "\"Pong\" x",
        "{\"Read\":{\"seq\":1.5}}",
        "{\"Read\":{\"seq\":1e3}}",
        "{\"Read\":{\"seq\":-1}}",
        "{\"Read\":{\"seq\":18446744073709551616}}",
        "{\"Read\":{\"seq\":1,}}",
        "{\"Read\":{\"seq\" 1}}",
        "{\"Read\":{\"seq\":1}",
        "{\"Nope\":{}}",
        "\"\\ud83d\"",
        "\"tab\tinside\"",
        "\"\\x\"",
        "[\"Pong\"]",
    ] {
        assert_eq!(decode::<widget::ServerFrame>(text), None, "{text}");
    }
    assert_eq!(decode::<String>("\"\\ud83d\""), None);
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert_eq!(decode::<serde::de::IgnoredAny>(&deep), None);
    assert_eq!(encode(&1.5f64), None);
}
