//! The console's first screen stays small however many conversations an
//! organisation has: `Welcome` lists the most recently updated page, the
//! rest comes page by page with `MoreConversations`, every conversation
//! exactly once and in the list's order (also when many were updated in
//! the same millisecond), and a conversation not paged in yet still
//! reaches the console as a `Conversation` summary the moment it changes.

use yorisoi_protocol::Lang;
use yorisoi_protocol::console::{ClientFrame, PageCursor, ServerFrame};
use yorisoi_protocol::limits::CONVERSATION_PAGE;
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_server::store::VisitorMessage;
use yorisoi_tests::{ConsoleSocket, TestServer, new_client_id, random_token};

/// More than two pages, all but the first ten stored in one millisecond.
const CONVERSATIONS: usize = 2 * CONVERSATION_PAGE + 7;

async fn next_page(
    console: &mut ConsoleSocket,
    after: &ConversationSummary,
) -> (Vec<ConversationSummary>, bool) {
    console
        .send(&ClientFrame::MoreConversations {
            after: PageCursor::after(after),
        })
        .await;
    match console.next().await {
        ServerFrame::Conversations {
            conversations,
            more,
        } => (conversations, more),
        other => panic!("a page, not {other:?}"),
    }
}

#[tokio::test]
async fn the_list_comes_in_pages_newest_first_each_conversation_once() {
    let server = TestServer::start().await;
    let store = server.store().await;
    let organisation = server.default_organisation().await.id;
    let mut tokens = Vec::new();
    for index in 0..CONVERSATIONS {
        let token = random_token();
        let token_hash = yorisoi_server::secrets::digest(&token);
        let client_id = new_client_id();
        let body = format!("相談 {index}");
        let message = VisitorMessage {
            token_hash: &token_hash,
            lang: Lang::Ja,
            client_id: &client_id,
            body: &body,
            nickname: None,
            nominee: None,
        };
        let at = 1_700_000_000_000 + i64::try_from(index.min(10)).expect("small");
        store
            .append_visitor_message(organisation, message, at)
            .await
            .expect("seed");
        tokens.push(token);
    }
    let (_client, mut console, _staff) = server.console_as("aiko@example.org", "Aiko").await;
    let ServerFrame::Welcome {
        conversations: mut listed,
        more,
        ..
    } = console.next().await
    else {
        panic!("console must start with Welcome");
    };
    assert_eq!((listed.len(), more), (CONVERSATION_PAGE, true));
    let mut more = more;
    while more {
        let last = listed.last().expect("a page is never empty").clone();
        let (page, further) = next_page(&mut console, &last).await;
        assert!(!page.is_empty() && page.len() <= CONVERSATION_PAGE);
        listed.extend(page);
        more = further;
    }
    let everything = store
        .summaries(organisation, None, usize::MAX)
        .await
        .expect("all");
    assert_eq!(listed, everything, "every conversation once, in order");
    assert_eq!(listed.len(), CONVERSATIONS);

    // The oldest conversation changes: a console that holds only the first
    // page hears of it at once, and it moves to the top.
    let oldest = listed.last().expect("some").id;
    let (_other, mut fresh, _) = server.console_as("ben@example.org", "Ben").await;
    let ServerFrame::Welcome { conversations, .. } = fresh.next().await else {
        panic!("Welcome");
    };
    assert!(conversations.iter().all(|summary| summary.id != oldest));
    let mut widget = server.widget().await;
    widget.hello(&tokens[0], Lang::Ja, 1).await;
    widget.say("まだ眠れません").await;
    let summary = fresh
        .next_matching(
            "the oldest conversation's summary",
            |frame| matches!(frame, ServerFrame::Conversation(summary) if summary.id == oldest),
        )
        .await;
    let ServerFrame::Conversation(summary) = summary else {
        unreachable!()
    };
    assert_eq!(
        (summary.preview.as_str(), summary.unread),
        ("まだ眠れません", 2)
    );
    let ServerFrame::Welcome { conversations, .. } = reconnect(&server).await else {
        panic!("Welcome");
    };
    assert_eq!(conversations[0].id, oldest, "now the most recent");
}

async fn reconnect(server: &TestServer) -> ServerFrame {
    let (_client, mut console, _) = server.console_as("chie@example.org", "Chie").await;
    console.next().await
}
