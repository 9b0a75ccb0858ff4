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
