//! The delivery rules of a conversation, as a user would notice them:
//! nothing shown twice, nothing lost silently, states that tell the truth.

use super::*;

fn id(n: u8) -> ClientId {
    ClientId(format!("00000000-0000-4000-8000-0000000000{n:02}"))
}

fn staff_message(seq: Seq, client: u8) -> Message {
    Message {
        seq,
        client_id: id(client),
        author: Author::Staff {
            id: 1,
            name: "佐藤".into(),
        },
        body: "お返事です".into(),
        sent_at_ms: 1_000 + seq as i64,
    }
}

fn parent_message(seq: Seq, client: u8) -> Message {
    Message {
        author: Author::Visitor,
        body: "夜泣きがつらいです😢".into(),
        ..staff_message(seq, client)
    }
}

fn seqs(thread: &Thread) -> Vec<Option<Seq>> {
    thread.entries().iter().map(|e| e.seq).collect()
}

#[test]
fn an_ack_turns_a_pending_message_into_a_sent_one_in_order() {
    let mut thread = Thread::default();
    thread.push_pending(id(1), Author::Visitor, "こんにちは".into(), 5);
    assert_eq!(thread.status(&thread.entries()[0]), Status::Sending);
    thread.insert(staff_message(1, 9));
    assert_eq!(thread.unsent().count(), 1);
    assert!(thread.ack(&id(1), 2, 77));
    assert_eq!(seqs(&thread), vec![Some(1), Some(2)]);
    assert_eq!(thread.status(&thread.entries()[1]), Status::Sent);
    assert_eq!(thread.unsent().count(), 0);
    assert!(!thread.ack(&id(1), 2, 77), "a repeated ack changes nothing");
    assert_eq!(thread.entries().len(), 2);
}

#[test]
fn messages_are_deduplicated_by_seq_and_client_id() {
    let mut thread = Thread::default();
    assert_eq!(thread.insert(staff_message(1, 1)), Arrival::New);
    assert_eq!(thread.insert(staff_message(1, 1)), Arrival::Duplicate);
    thread.push_pending(id(2), Author::Visitor, "もう一度".into(), 5);
    // The retried send's echo (another tab, or a resume after a lost Ack).
    assert_eq!(thread.insert(parent_message(2, 2)), Arrival::New);
    assert_eq!(thread.entries().len(), 2);
    assert_eq!(thread.unconfirmed().count(), 0);
    // A late Ack for it is harmless.
    assert!(!thread.ack(&id(2), 2, 9));
    assert_eq!(thread.entries().len(), 2);
}

#[test]
fn a_sequence_past_a_hole_is_a_gap_and_resume_starts_below_it() {
    let mut thread = Thread::default();
    assert_eq!(thread.insert(staff_message(1, 1)), Arrival::New);
    assert_eq!(thread.insert(staff_message(3, 3)), Arrival::Gap);
    assert!(thread.has_gap());
    assert_eq!(thread.highest_seq(), 3);
    assert_eq!(thread.resume_seq(), 1);
    // The resume delivers 2 and 3 again: 3 is dropped, the hole is filled.
    assert_eq!(thread.insert(staff_message(2, 2)), Arrival::New);
    assert_eq!(thread.insert(staff_message(3, 3)), Arrival::Duplicate);
    assert_eq!(thread.resume_seq(), 3);
    assert!(!thread.has_gap());
}

#[test]
fn resume_from_every_point_gives_one_copy_in_order() {
    let all: Vec<Message> = (1..=6).map(|seq| staff_message(seq, seq as u8)).collect();
    for held in 0..=all.len() {
        let mut thread = Thread::default();
        for message in &all[..held] {
            thread.insert(message.clone());
        }
        // The server replays from the resume point, with live overlap.
        let from = thread.resume_seq() as usize;
        for message in all[from..].iter().chain(&all[held.saturating_sub(1)..]) {
            assert_ne!(thread.insert(message.clone()), Arrival::Gap);
        }
        let expected: Vec<_> = (1..=6).map(Some).collect();
        assert_eq!(seqs(&thread), expected, "resuming after {held}");
    }
}

#[test]
fn an_ack_ahead_of_a_staff_message_is_not_a_gap() {
    let mut thread = Thread::default();
    thread.insert(staff_message(1, 1));
    thread.push_pending(id(5), Author::Visitor, "はい".into(), 5);
    thread.ack(&id(5), 3, 10);
    assert_eq!(thread.insert(staff_message(2, 2)), Arrival::New);
    assert_eq!(seqs(&thread), vec![Some(1), Some(2), Some(3)]);
}

#[test]
fn read_receipts_mark_own_messages_up_to_the_peer_seq() {
    let mut thread = Thread::default();
    thread.insert(parent_message(1, 1));
    thread.insert(parent_message(2, 2));
    thread.set_peer_read(1);
    thread.set_peer_read(0); // an older receipt never takes "read" back
    let states: Vec<_> = thread.entries().iter().map(|e| thread.status(e)).collect();
    assert_eq!(states, vec![Status::Read, Status::Sent]);
}

#[test]
fn a_lost_conversation_keeps_only_what_was_not_sent() {
    let mut thread = Thread::default();
    thread.insert(staff_message(1, 1));
    thread.set_peer_read(1);
    thread.push_pending(id(2), Author::Visitor, "まだ".into(), 5);
    assert!(thread.has_history());
    thread.keep_only_unsent();
    assert!(!thread.has_history());
    assert_eq!(thread.resume_seq(), 0);
    assert_eq!(thread.unsent().count(), 1);
    // The new conversation's seq 1 is not mistaken for the old one.
    assert_eq!(thread.insert(staff_message(1, 3)), Arrival::New);
    assert_eq!(thread.status(&thread.entries()[0]), Status::Sent);
}

#[test]
fn refused_messages_wait_for_a_retry_under_a_new_id() {
    let mut thread = Thread::default();
    thread.push_pending(id(1), Author::Visitor, "x".into(), 5);
    thread.push_pending(id(2), Author::Visitor, "y".into(), 6);
    assert!(thread.fail(&id(1), ErrorCode::RateLimited));
    assert_eq!(thread.unsent().count(), 1);
    assert_eq!(
        thread.status(&thread.entries()[0]),
        Status::Failed(ErrorCode::RateLimited)
    );
    assert_eq!(thread.unconfirmed().count(), 2, "a failure is not dropped");
    let retried = thread.retry(&id(1), id(3), 9).expect("failed entry");
    assert_eq!(
        (retried.client_id.clone(), retried.body.as_str()),
        (id(3), "x")
    );
    assert_eq!(thread.entries()[1].client_id, id(3), "moved to the end");
    assert_eq!(thread.unsent().count(), 2);
    assert!(thread.knows(&id(1)), "the old id stays retired");
    assert!(thread.retry(&id(3), id(4), 9).is_none(), "only failed ones");
    // A copy of the old id (another tab's outbox) is not revived.
    let mut old = retried;
    old.client_id = id(1);
    thread.push_unconfirmed(old);
    assert_eq!(thread.unconfirmed().count(), 2);
}

#[test]
fn messages_go_one_at_a_time_in_the_order_written() {
    let mut thread = Thread::default();
    for n in 1..=3 {
        thread.push_pending(id(n), Author::Visitor, format!("{n}"), i64::from(n));
    }
    let next = |thread: &Thread| thread.next_to_send().map(|e| e.client_id.clone());
    assert_eq!(next(&thread), Some(id(1)));
    // Refused by a limit: it waits, and so does everything after it.
    assert!(thread.wait(&id(1), ErrorCode::BusyNetwork));
    assert_eq!(
        thread.status(&thread.entries()[0]),
        Status::Waiting(ErrorCode::BusyNetwork)
    );
    assert_eq!(next(&thread), None, "nothing overtakes a waiting message");
    assert!(!thread.is_pending(&id(1)));
    // Its time comes: the same message (same id) goes first again.
    assert!(thread.resume(&id(1)));
    assert!(!thread.resume(&id(1)), "only a waiting one resumes");
    assert_eq!(next(&thread), Some(id(1)));
    assert!(thread.ack(&id(1), 1, 10));
    assert_eq!(next(&thread), Some(id(2)));
    // Refused for good: shown as failed, and the rest go on.
    assert!(thread.fail(&id(2), ErrorCode::MessageTooLong));
    assert_eq!(next(&thread), Some(id(3)));
    assert!(thread.ack(&id(3), 2, 11));
    assert_eq!(next(&thread), None);
}

#[test]
fn a_cancelled_message_is_gone_for_good() {
    let mut thread = Thread::default();
    thread.push_pending(id(1), Author::Visitor, "x".into(), 1);
    thread.push_pending(id(2), Author::Visitor, "y".into(), 2);
    assert!(
        !thread.cancel(&id(1)),
        "a message being sent cannot be cancelled"
    );
    assert!(thread.wait(&id(1), ErrorCode::RateLimited));
    assert!(thread.cancel(&id(1)));
    assert_eq!(
        thread.next_to_send().map(|e| e.client_id.clone()),
        Some(id(2)),
        "the next one goes"
    );
    assert!(
        thread.knows(&id(1)),
        "not revived from another tab's outbox"
    );
    thread.push_pending(id(1), Author::Visitor, "x".into(), 1);
    assert_eq!(thread.unconfirmed().count(), 1);
}

fn bodies(thread: &Thread) -> Vec<&str> {
    thread.entries().iter().map(|e| e.body.as_str()).collect()
}

#[test]
fn a_message_refused_for_good_stays_where_it_was_written() {
    let mut thread = Thread::default();
    thread.insert(staff_message(1, 9));
    for (n, body) in [(1, "長すぎる相談"), (2, "短く書きます"), (3, "もう一つ")] {
        thread.push_pending(id(n), Author::Visitor, body.into(), 100 + i64::from(n));
    }
    assert!(thread.fail(&id(1), ErrorCode::MessageTooLong));
    // The next one is stored, then staff answers: both come after it.
    assert!(thread.ack(&id(2), 2, 200));
    let mut reply = staff_message(3, 8);
    reply.sent_at_ms = 300;
    thread.insert(reply);
    assert!(thread.ack(&id(3), 4, 400));
    assert_eq!(
        bodies(&thread),
        vec![
            "お返事です",
            "長すぎる相談",
            "短く書きます",
            "お返事です",
            "もう一つ"
        ]
    );
    assert_eq!(
        seqs(&thread),
        vec![Some(1), None, Some(2), Some(3), Some(4)]
    );
    // Still failed, once, in its place: only Retry moves it (to be sent now).
    assert_eq!(
        thread.status(&thread.entries()[1]),
        Status::Failed(ErrorCode::MessageTooLong)
    );
    thread.retry(&id(1), id(5), 500).expect("failed entry");
    assert!(thread.ack(&id(5), 5, 500));
    assert_eq!(seqs(&thread), (1..=5).map(Some).collect::<Vec<_>>());
}

#[test]
fn an_ack_or_an_echo_keeps_a_message_where_it_was_written() {
    // Sent together (the console), a reply arriving among the acks.
    let mut thread = Thread::default();
    thread.insert(staff_message(1, 9));
    thread.push_pending(id(1), Author::Visitor, "一".into(), 10);
    thread.push_pending(id(2), Author::Visitor, "二".into(), 11);
    thread.push_pending(id(3), Author::Visitor, "三".into(), 12);
    assert!(thread.fail(&id(2), ErrorCode::MessageTooLong));
    thread.insert(staff_message(2, 8));
    assert!(thread.ack(&id(1), 3, 20));
    // Delivered through another tab before its own ack.
    assert_eq!(thread.insert(parent_message(4, 3)), Arrival::New);
    assert_eq!(
        bodies(&thread),
        vec![
            "お返事です",
            "お返事です",
            "一",
            "二",
            "夜泣きがつらいです😢"
        ]
    );
    assert_eq!(
        seqs(&thread),
        vec![Some(1), Some(2), Some(3), None, Some(4)]
    );
    // Nothing but the refused one before it: it stays first.
    let mut thread = Thread::default();
    thread.push_pending(id(1), Author::Visitor, "一".into(), 10);
    thread.push_pending(id(2), Author::Visitor, "二".into(), 11);
    thread.push_pending(id(3), Author::Visitor, "三".into(), 12);
    assert!(thread.fail(&id(1), ErrorCode::MessageTooLong));
    assert!(thread.ack(&id(2), 1, 20));
    assert!(thread.ack(&id(3), 2, 21));
    assert_eq!(bodies(&thread), vec!["一", "二", "三"]);
}

#[test]
fn after_a_reload_a_refused_message_finds_its_place_by_time() {
    // Restored from the outbox before the history arrives.
    let mut thread = Thread::default();
    thread.push_unconfirmed(Entry {
        client_id: id(1),
        seq: None,
        author: Author::Visitor,
        body: "長すぎる相談".into(),
        at_ms: 1_500,
        delivery: Delivery::Failed(ErrorCode::MessageTooLong),
        nickname: None,
    });
    thread.push_pending(id(2), Author::Visitor, "まだ届いていない".into(), 3_000);
    let mut earlier = staff_message(1, 8);
    earlier.sent_at_ms = 1_000;
    let mut later = parent_message(2, 9);
    later.sent_at_ms = 2_000;
    thread.insert(later);
    thread.insert(earlier);
    assert_eq!(
        bodies(&thread),
        vec![
            "お返事です",
            "長すぎる相談",
            "夜泣きがつらいです😢",
            "まだ届いていない"
        ]
    );
}

#[test]
fn each_change_of_state_is_told_once_and_the_newest_wins() {
    let mut thread = Thread::default();
    thread.insert(staff_message(1, 9));
    let mut before = thread.own_states(false);
    let mut told = Vec::new();
    let mut step = |thread: &Thread| {
        let after = thread.own_states(false);
        told.push(newest_change(&before, &after));
        before = after;
    };
    thread.push_pending(id(1), Author::Visitor, "一".into(), 10);
    step(&thread); // a new message: the log tells it
    thread.ack(&id(1), 2, 20);
    step(&thread);
    step(&thread); // nothing changed
    thread.push_pending(id(2), Author::Visitor, "二".into(), 30);
    step(&thread);
    thread.wait(&id(2), ErrorCode::RateLimited);
    step(&thread);
    thread.resume(&id(2));
    step(&thread); // sending again: not told
    thread.ack(&id(2), 3, 40);
    step(&thread);
    thread.set_peer_read(3); // both read at once: told once
    step(&thread);
    thread.push_pending(id(3), Author::Visitor, "三".into(), 50);
    step(&thread);
    thread.fail(&id(3), ErrorCode::MessageTooLong);
    step(&thread);
    assert_eq!(
        told,
        vec![
            None,
            Some(Status::Sent),
            None,
            None,
            Some(Status::Waiting(ErrorCode::RateLimited)),
            None,
            Some(Status::Sent),
            Some(Status::Read),
            None,
            Some(Status::Failed(ErrorCode::MessageTooLong)),
        ]
    );
    // Staff's own in the console are staff's messages, not the parent's.
    assert_eq!(thread.own_states(true).len(), 1);
    assert_eq!(thread.own_states(false).len(), 3);
}
