//! The team's working tools over the console socket (issue 12): assigning
//! (take, take over, hand back) within the organisation, resolving and a
//! parent's message reopening, internal notes that reach every console and
//! never a parent's connection, and search.

use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::widget::ServerFrame;
use yorisoi_protocol::{ConversationId, ErrorCode, Lang};
use yorisoi_tests::{ConsoleSocket, Role, StaffClient, TestServer, new_client_id, random_token};

/// The next error a console is told of.
async fn error(console: &mut ConsoleSocket, what: &str) -> ErrorCode {
    match console
        .next_matching(what, |frame| matches!(frame, ConsoleServer::Error { .. }))
        .await
    {
        ConsoleServer::Error { code, .. } => code,
        _ => unreachable!("next_matching returns an error"),
    }
}

/// A staff member of another organisation, with their console open (its
/// `Welcome` read).
async fn stranger(server: &TestServer) -> (StaffClient, ConsoleSocket, StaffInfo) {
    let sites = ["https://hidamari.example.jp"];
    server
        .add_organisation("hidamari", "ひだまり", "Hidamari", &sites)
        .await;
    let (client, mut console, staff) = server
        .console_in("hidamari", Role::Staff, "s@hidamari.example.jp", "S")
        .await;
    console.next().await;
    (client, console, staff)
}

#[tokio::test]
async fn staff_take_take_over_and_hand_back_within_their_organisation() {
    let server = TestServer::start().await;
    // Both on the staff before either console opens (the server keeps the
    // team's names for a while).
    let slug = server.default_organisation().await.slug;
    let (mio_client, mio) = server
        .staff_in(&slug, Role::Staff, "mio@example.org", "Mio")
        .await;
    let (_a, mut aiko_console, aiko) = server.console_as("aiko@example.org", "Aiko").await;
    let mut mio_console = mio_client.console().await.expect("Mio's console");
    for console in [&mut aiko_console, &mut mio_console] {
        let ConsoleServer::Welcome { colleagues, .. } = console.next().await else {
            panic!("a Welcome first");
        };
        let names: Vec<_> = colleagues.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Mio", "Aiko"], "the console can name assignees");
    }
    let mut widget = server.widget().await;
    widget.hello(&random_token(), Lang::Ja, 0).await;
    widget.say("寝かしつけに2時間かかります").await;
    let conversation = aiko_console.next_summary("the new conversation").await.id;
    mio_console.next_summary("the new conversation").await;

    let assign = |staff| ConsoleFrame::Assign {
        conversation,
        staff,
    };
    aiko_console.send(&assign(Some(aiko.id))).await;
    for console in [&mut aiko_console, &mut mio_console] {
        let taken = console.next_summary("Aiko took it").await;
        assert_eq!(taken.assignee, Some(aiko.id));
    }
    mio_console.send(&assign(Some(mio.id))).await;
    assert_eq!(
        aiko_console.next_summary("Mio took over").await.assignee,
        Some(mio.id)
    );
    mio_console.send(&assign(None)).await;
    assert_eq!(
        aiko_console.next_summary("handed back").await.assignee,
        None
    );

    // Nobody of another organisation: not as assignee, not as assigner.
    let (_s, mut stranger_console, stranger) = stranger(&server).await;
    aiko_console.send(&assign(Some(stranger.id))).await;
    assert_eq!(
        error(&mut aiko_console, "a stranger").await,
        ErrorCode::Forbidden
    );
    stranger_console.send(&assign(Some(stranger.id))).await;
    let refused = error(&mut stranger_console, "another organisation's").await;
    assert_eq!(refused, ErrorCode::UnknownConversation);
    let unchanged = server.store().await;
    let organisation = server.default_organisation().await.id;
    let summary_now = unchanged.summary(organisation, conversation).await;
    assert_eq!(summary_now.expect("q").expect("summary").assignee, None);
}

#[tokio::test]
async fn resolving_is_undone_by_the_parents_next_message() {
    let server = TestServer::start().await;
    let (_a, mut console, _aiko) = server.console_as("aiko@example.org", "Aiko").await;
    console.next().await;
    let mut widget = server.widget().await;
    widget.hello(&random_token(), Lang::En, 0).await;
    widget.say("Thank you, that helped.").await;
    let conversation = console.next_summary("the conversation").await.id;
    console
        .send(&ConsoleFrame::Resolve {
            conversation,
            resolved: true,
        })
        .await;
    let before = server.now_ms();
    let resolved = console.next_summary("resolved").await;
    let at = resolved.resolved_at_ms.expect("resolved");
    assert!((before..=server.now_ms()).contains(&at), "resolved now");
    widget.say("Sorry, one more question").await;
    let reopened = console.next_summary("the parent wrote again").await;
    assert_eq!(reopened.resolved_at_ms, None);
    // Reopening by hand too; an unknown conversation is refused.
    console
        .send(&ConsoleFrame::Resolve {
            conversation: ConversationId(conversation.0 + 100),
            resolved: true,
        })
        .await;
    let unknown = error(&mut console, "an unknown conversation").await;
    assert_eq!(unknown, ErrorCode::UnknownConversation);
}

#[tokio::test]
async fn notes_reach_every_console_and_never_a_parents_connection() {
    let server = TestServer::start().await;
    let (_a, mut aiko_console, aiko) = server.console_as("aiko@example.org", "Aiko").await;
    let (_m, mut mio_console, _mio) = server.console_as("mio@example.org", "Mio").await;
    aiko_console.next().await;
    mio_console.next().await;
    let token = random_token();
    let mut widget = server.widget().await;
    widget.hello(&token, Lang::Ja, 0).await;
    widget.say("上の子に当たってしまいます").await;
    let conversation = aiko_console.next_summary("the conversation").await.id;
    aiko_console.open(conversation, 0).await;
    let _ = widget.frames_before_pong().await;

    let secret = "内部メモ：前回の相談で保健センターを案内済み";
    let client_id = new_client_id();
    aiko_console
        .send(&ConsoleFrame::AddNote {
            conversation,
            client_id: client_id.clone(),
            body: secret.into(),
        })
        .await;
    for console in [&mut aiko_console, &mut mio_console] {
        let ConsoleServer::Note { note, .. } = console
            .next_matching("the note", |frame| {
                matches!(frame, ConsoleServer::Note { .. })
            })
            .await
        else {
            unreachable!()
        };
        assert_eq!((note.body.as_str(), note.author.id), (secret, aiko.id));
        assert_eq!(note.client_id, client_id);
    }
    // The parent's socket heard nothing; nor does a new one, from the start.
    let frames = widget.frames_before_pong().await;
    assert!(frames.is_empty(), "nothing reached the parent: {frames:?}");
    let mut again = server.widget().await;
    let welcome = again.hello(&token, Lang::Ja, 0).await;
    let heard = format!("{welcome:?}{:?}", again.frames_before_pong().await);
    assert!(
        heard.contains("上の子に"),
        "the parent's own message is there"
    );
    assert!(!heard.contains("保健センター"), "the note is not: {heard}");
    assert!(
        !welcome
            .iter()
            .any(|frame| matches!(frame, ServerFrame::Error { .. }))
    );

    // A console opening the conversation afresh gets the notes after the
    // history; a retry keeps one note.
    aiko_console
        .send(&ConsoleFrame::AddNote {
            conversation,
            client_id,
            body: secret.into(),
        })
        .await;
    mio_console.open(conversation, 0).await;
    let after_history = mio_console.frames_before_pong().await;
    let notes: Vec<_> = after_history
        .iter()
        .filter(|frame| matches!(frame, ConsoleServer::Note { note, .. } if note.body == secret))
        .collect();
    assert_eq!(
        notes.len(),
        1,
        "one note after the history: {after_history:?}"
    );
    // An empty note is refused like an empty message.
    aiko_console
        .send(&ConsoleFrame::AddNote {
            conversation,
            client_id: new_client_id(),
            body: "   ".into(),
        })
        .await;
    assert_eq!(
        error(&mut aiko_console, "empty").await,
        ErrorCode::EmptyMessage
    );
}

#[tokio::test]
async fn search_finds_text_nickname_and_number_within_the_organisation() {
    let server = TestServer::start().await;
    let (_a, mut console, _aiko) = server.console_as("aiko@example.org", "Aiko").await;
    console.next().await;
    let mut first = server.widget().await;
    first.hello(&random_token(), Lang::Ja, 0).await;
    first.say("夜泣きが続いて眠れません").await;
    let night = console.next_summary("the first").await.id;
    let mut second = server.widget().await;
    second.hello(&random_token(), Lang::En, 0).await;
    second.say("Our toddler bites at daycare").await;
    let bites = console.next_summary("the second").await.id;

    let found = async |console: &mut ConsoleSocket, query: &str| -> Vec<ConversationId> {
        console
            .send(&ConsoleFrame::Search {
                query: query.into(),
            })
            .await;
        match console
            .next_matching("Found", |frame| {
                matches!(frame, ConsoleServer::Found { .. })
            })
            .await
        {
            ConsoleServer::Found {
                query: answered,
                conversations,
            } => {
                assert_eq!(answered, query);
                conversations.iter().map(|summary| summary.id).collect()
            }
            _ => unreachable!(),
        }
    };
    assert_eq!(found(&mut console, "夜泣き").await, vec![night]);
    assert_eq!(found(&mut console, "TODDLER").await, vec![bites]);
    assert_eq!(
        found(&mut console, &format!("#{}", night.0)).await,
        vec![night]
    );
    assert!(found(&mut console, "   ").await.is_empty());

    // Labels, cleaned, found by search too; too many are refused.
    let label = |labels: &[&str]| ConsoleFrame::Label {
        conversation: night,
        labels: labels.iter().map(|l| (*l).to_owned()).collect(),
    };
    console
        .send(&label(&[" 睡眠 ", "要フォロー", "睡眠", ""]))
        .await;
    let labelled = console.next_summary("the labels").await;
    assert_eq!(labelled.labels, ["睡眠", "要フォロー"]);
    assert_eq!(found(&mut console, "フォロー").await, vec![night]);
    let many: Vec<String> = (0..20).map(|n| n.to_string()).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    console.send(&label(&many)).await;
    assert_eq!(
        error(&mut console, "too many labels").await,
        ErrorCode::InvalidSettings
    );

    let (_s, mut stranger, _) = stranger(&server).await;
    assert!(found(&mut stranger, "夜泣き").await.is_empty());
    assert!(found(&mut stranger, &night.0.to_string()).await.is_empty());
}
