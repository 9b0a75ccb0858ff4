//! Help in an emergency (issue 13): the widget's page carries the
//! emergency notice in both languages, with the numbers to tap and what the
//! organisation added; a parent's message that suggests danger brings the
//! notice up at once (`Help` after its `Ack`, and on the parent's other
//! tabs), and an ordinary message, however gloomy, does not; the console
//! sees the conversation marked until a staff member replies.

use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::widget::ServerFrame;
use yorisoi_protocol::{Author, Lang};
use yorisoi_server::admin::set_organisation;
use yorisoi_server::service::organisations::{FIRST_SLUG, OrganisationChange};
use yorisoi_server::store::TextName;
use yorisoi_tests::access::{bare_client, say_and_answer};
use yorisoi_tests::{TestServer, new_client_id, random_token};

/// The widget page on the server's own site (`cargo xtask build` first:
/// the built page is the one the server completes).
async fn widget_page(server: &TestServer) -> String {
    let response = bare_client()
        .get(format!("{}/widget", server.url()))
        .query(&[("host", server.origin())])
        .send()
        .await
        .expect("the widget page");
    assert!(response.status().is_success(), "{}", response.status());
    response.text().await.expect("its text")
}

#[tokio::test]
async fn the_widget_page_carries_the_emergency_notice_in_both_languages() {
    let server = TestServer::start().await;
    let page = widget_page(&server).await;
    for (id, words) in [
        ("help-ja", "救急車・消防"),
        ("help-en", "Ambulance and fire"),
    ] {
        assert!(
            page.contains(&format!("<dialog id=\"{id}\"")),
            "{id} in {page}"
        );
        assert!(page.contains(words), "{words}");
    }
    for number in ["tel:119", "tel:%238000", "tel:189", "tel:0570783556"] {
        assert!(page.contains(number), "{number} can be tapped");
    }
    // The privacy notice follows the greeting, in both languages.
    assert!(page.contains("スタッフだけが読みます"));
    assert!(page.contains("staff read this conversation"));
}

#[tokio::test]
async fn what_the_organisation_adds_shows_under_the_numbers() {
    let server = TestServer::start().await;
    let change = OrganisationChange {
        texts: vec![
            (
                TextName::Help(Lang::Ja),
                "ひだまり子育て支援センター 03-1234-5678（平日9時〜17時）".into(),
            ),
            (
                TextName::Privacy(Lang::En),
                "Two of us read this. Resolved conversations are deleted after a year.".into(),
            ),
        ],
        ..OrganisationChange::default()
    };
    set_organisation(server.config(), FIRST_SLUG, &change)
        .await
        .expect("the organisation's own texts");
    let page = widget_page(&server).await;
    assert!(page.contains("子育て支援センター 03-1234-5678"), "{page}");
    assert!(page.contains("Two of us read this."));
    assert!(
        !page.contains("Only "),
        "the organisation's own privacy notice replaces the standard one"
    );
}

#[tokio::test]
async fn a_message_that_suggests_danger_brings_the_notice_up_on_every_tab() {
    let server = TestServer::start().await;
    let token = random_token();
    let mut tab = server.widget().await;
    tab.hello(&token, Lang::Ja, 0).await;
    let (_, answer) = say_and_answer(&mut tab, "夜泣きが続いて、少し疲れました").await;
    assert!(matches!(answer, ServerFrame::Ack { .. }), "{answer:?}");
    let quiet = tab.frames_before_pong().await;
    assert!(
        !quiet.contains(&ServerFrame::Help),
        "an ordinary worry brings no notice: {quiet:?}"
    );

    let mut other_tab = server.widget().await;
    other_tab.hello(&token, Lang::Ja, 0).await;
    let (_, answer) = say_and_answer(&mut tab, "もう死にたいと思ってしまう").await;
    assert!(matches!(answer, ServerFrame::Ack { .. }), "{answer:?}");
    tab.next_matching("the notice with the Ack", |frame| {
        *frame == ServerFrame::Help
    })
    .await;
    other_tab
        .next_matching("the notice on the parent's other tab", |frame| {
            *frame == ServerFrame::Help
        })
        .await;

    // In English too.
    let mut english = server.widget().await;
    english.hello(&random_token(), Lang::En, 0).await;
    say_and_answer(&mut english, "I'm scared I might hurt my baby").await;
    english
        .next_matching("the notice", |frame| *frame == ServerFrame::Help)
        .await;
}

#[tokio::test]
async fn a_message_that_suggests_danger_marks_the_conversation_for_the_console_until_a_reply() {
    let server = TestServer::start().await;
    let (_staff, mut console, _) = server.console_as("aki@example.org", "Aki").await;
    console.next().await;
    let mut parent = server.widget().await;
    parent.hello(&random_token(), Lang::Ja, 0).await;
    say_and_answer(&mut parent, "夜泣きが続いて、少し疲れました").await;
    let calm = console.next_summary("an ordinary message's summary").await;
    assert_eq!(
        calm.danger_since_ms, None,
        "an ordinary worry marks nothing"
    );

    say_and_answer(&mut parent, "もう子どもを叩いてしまいそうです").await;
    let marked = console.next_summary("the danger message's summary").await;
    assert_eq!(marked.id, calm.id);
    assert!(marked.danger_since_ms.is_some(), "{marked:?}");

    // A console opened now finds the mark in its list.
    let (_mai, mut later, _) = server.console_as("mai@example.org", "Mai").await;
    match later.next().await {
        ConsoleServer::Welcome { conversations, .. } => {
            let listed = conversations.iter().find(|s| s.id == marked.id);
            assert_eq!(
                listed.map(|s| s.danger_since_ms),
                Some(marked.danger_since_ms)
            );
        }
        other => panic!("a Welcome, not {other:?}"),
    }

    // A staff reply clears it; the parent's next ordinary words do not
    // bring it back.
    console
        .send(&ConsoleFrame::Send {
            conversation: marked.id,
            client_id: new_client_id(),
            body: "お話しくださってありがとう。いま読んでいます。".into(),
        })
        .await;
    let answered = console.next_summary("the reply's summary").await;
    assert_eq!(answered.danger_since_ms, None);
    say_and_answer(&mut parent, "ありがとうございます").await;
    let after = console.next_summary("the parent's next summary").await;
    assert_eq!(after.danger_since_ms, None);
}

#[tokio::test]
async fn staff_send_the_emergency_numbers_in_the_language_the_parent_writes() {
    let server = TestServer::start().await;
    let (_staff, mut console, _) = server.console_as("aki@example.org", "Aki").await;
    console.next().await;
    // The widget is in Japanese; the parent writes in English.
    let mut parent = server.widget().await;
    parent.hello(&random_token(), Lang::Ja, 0).await;
    say_and_answer(&mut parent, "My baby has a fever and I'm alone tonight").await;
    let conversation = console.next_summary("the conversation").await.id;

    let client_id = new_client_id();
    console
        .send(&ConsoleFrame::SendHelp {
            conversation,
            client_id: client_id.clone(),
        })
        .await;
    let card = match parent
        .next_matching("the card", |frame| matches!(frame, ServerFrame::Message(_)))
        .await
    {
        ServerFrame::Message(message) => message,
        _ => unreachable!("next_matching returns a message"),
    };
    assert_eq!(card.client_id, client_id);
    assert!(matches!(card.author, Author::Staff { .. }), "{card:?}");
    assert!(
        card.body.starts_with("If you need help now"),
        "{}",
        card.body
    );
    assert!(card.body.contains("#8000 Children's medical advice"));
    parent
        .next_matching("the notice opened", |frame| *frame == ServerFrame::Help)
        .await;
    // The sending console gets the card as a message, as a colleague's.
    match console
        .next_matching("the card in the console", |frame| {
            matches!(frame, ConsoleServer::Message { .. })
        })
        .await
    {
        ConsoleServer::Message { message, .. } => assert_eq!(message.body, card.body),
        _ => unreachable!("next_matching returns a message"),
    }

    // A conversation that is not there is refused, named by the client id.
    let missing = new_client_id();
    console
        .send(&ConsoleFrame::SendHelp {
            conversation: yorisoi_protocol::ConversationId(999),
            client_id: missing.clone(),
        })
        .await;
    let refused = console
        .next_matching("the refusal", |frame| {
            matches!(frame, ConsoleServer::Error { .. })
        })
        .await;
    assert_eq!(
        refused,
        ConsoleServer::Error {
            code: yorisoi_protocol::ErrorCode::UnknownConversation,
            client_id: Some(missing),
        }
    );
}
