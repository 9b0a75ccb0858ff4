//! The console's shortcuts, on the keyboard only. Alt+Shift+N opens the
//! conversation that has waited longest for a reply, the keyboard in its
//! reply box; Enter (or Ctrl+Enter) sends; Alt+Shift+N again goes on to the
//! next one, past a conversation a colleague already answered. The header's
//! "Keyboard shortcuts" (or `?`) lists them in either language, and Esc puts
//! focus back where it was. On a phone the list and the open conversation
//! take turns, never shown together. Screenshots: the phone in Japanese,
//! its list, its conversation and its list of shortcuts.

use anyhow::Context;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use yorisoi_protocol::console::{ClientFrame as StaffFrame, ServerFrame as StaffServerFrame};
use yorisoi_protocol::widget::ServerFrame;
use yorisoi_tests::{TestServer, WidgetSocket, new_client_id};

use crate::browser::Driver;
use crate::console_access::{focused, log_in_by_keyboard, press, type_here};
use crate::coverage::{PASSWORD, log_in_as, parent_socket};
use crate::page::{button, control, eventually, find, literal, log_with, screenshot};
use crate::scenario::close_all;

const EMAIL: &str = "asahi@example.org";
/// Written first: waits the longest.
const OLDEST: &str = "夜泣きが続いていて、毎晩ほとんど眠れていません。";
/// Written second, then answered by a colleague: waits no more.
const ANSWERED: &str = "離乳食を食べてくれなくて困っています。";
/// Written last, after that answer: waits, but not as long as the first.
const NEWEST: &str = "保育園に行くのを嫌がるようになりました。";
/// The colleague's answer, the last message of `ANSWERED`'s conversation.
const ANSWER: &str = "ご相談ありがとうございます。";
const FIRST_REPLY: &str = "お疲れさまです。夜泣きの様子を教えてください。";
const SECOND_REPLY: &str = "教えてくださってありがとうございます。";

/// Presses `key` while `held` are down, as one chord.
async fn chord(client: &Client, held: &[Key], key: char) -> anyhow::Result<()> {
    let mut keys = KeyActions::new("keyboard".into());
    for modifier in held {
        keys = keys.then(KeyAction::Down {
            value: char::from(*modifier),
        });
    }
    keys = keys
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    for modifier in held.iter().rev() {
        keys = keys.then(KeyAction::Up {
            value: char::from(*modifier),
        });
    }
    client.perform_actions(keys).await?;
    Ok(())
}

/// Alt+Shift+N: the next conversation waiting for a reply.
async fn next_waiting(client: &Client) -> anyhow::Result<()> {
    chord(client, &[Key::Alt, Key::Shift], 'n').await
}

/// Presses Tab until the button named `name` has focus.
async fn tab_to_button(client: &Client, name: &str) -> anyhow::Result<()> {
    for _ in 0..40 {
        press(client, Key::Tab).await?;
        let (tag, _, text) = focused(client).await?;
        if tag == "button" && text == name {
            return Ok(());
        }
    }
    anyhow::bail!("40 Tabs never reached the button {name:?}")
}

/// Waits until the keyboard is in the reply box named `label`.
async fn in_reply_box(client: &Client, label: &str) -> anyhow::Result<()> {
    eventually("focus in the reply box", || async {
        let (tag, name, _) = focused(client).await?;
        Ok((tag == "textarea" && name == label).then_some(()))
    })
    .await
}

/// Waits until the open conversation shows `words` and none of `others`.
async fn open_shows(client: &Client, words: &str, others: &[&str]) -> anyhow::Result<()> {
    let log = log_with(client, words).await?;
    let text = log.text().await?;
    for other in others {
        anyhow::ensure!(
            !text.contains(other),
            "the open conversation is not only {words:?}: {text:?}"
        );
    }
    Ok(())
}

/// Waits for the parent on `socket` to receive the staff reply `body`.
async fn parent_receives(socket: &mut WidgetSocket, body: &str) {
    socket
        .next_matching(
            "the staff reply",
            |frame| matches!(frame, ServerFrame::Message(message) if message.body == body),
        )
        .await;
}

/// A colleague on their own console reads the conversation whose last
/// message is `words` and answers it, as a console does.
async fn colleague_answers(server: &TestServer, words: &str) {
    let (_client, mut console, _) = server.console_as("yuki@example.org", "Yuki").await;
    let conversation = match console
        .next_matching("Welcome", |frame| {
            matches!(frame, StaffServerFrame::Welcome { .. })
        })
        .await
    {
        StaffServerFrame::Welcome { conversations, .. } => {
            conversations
                .into_iter()
                .find(|summary| summary.preview == words)
                .expect("the colleague's list holds the conversation")
                .id
        }
        _ => unreachable!("next_matching returns the Welcome"),
    };
    let messages = console.open(conversation, 0).await;
    let seq = messages.last().expect("the parent's message").seq;
    console
        .send(&StaffFrame::MarkRead { conversation, seq })
        .await;
    let client_id = new_client_id();
    console
        .send(&StaffFrame::Send {
            conversation,
            client_id: client_id.clone(),
            body: ANSWER.into(),
        })
        .await;
    console
        .next_matching(
            "the Ack",
            |frame| matches!(frame, StaffServerFrame::Ack { client_id: acked, .. } if *acked == client_id),
        )
        .await;
}

/// Waits until the list shows the conversation whose last message is `words`.
async fn listed(client: &Client, words: &str) -> anyhow::Result<()> {
    let start: String = words.chars().take(12).collect();
    find(
        client,
        &format!("//nav//button[contains(., {})]", literal(&start)),
    )
    .await
    .with_context(|| format!("the list never shows {words:?}"))?;
    Ok(())
}

/// The list of shortcuts: the shown element of role `dialog` named `name`.
async fn shortcuts_shown(client: &Client, name: &str) -> anyhow::Result<String> {
    let xpath = format!("//*[@role='dialog'][@aria-label={}]", literal(name));
    let dialog = find(client, &xpath).await?;
    eventually("the list of shortcuts to show", || async {
        Ok(dialog.is_displayed().await?.then_some(()))
    })
    .await?;
    Ok(dialog.text().await?)
}

/// Waits until the list of shortcuts named `name` is gone from the screen.
async fn shortcuts_closed(client: &Client, name: &str) -> anyhow::Result<()> {
    let xpath = format!("//*[@role='dialog'][@aria-label={}]", literal(name));
    eventually("the list of shortcuts to close", || async {
        let dialog = client.find(Locator::XPath(&xpath)).await?;
        Ok((!dialog.is_displayed().await?).then_some(()))
    })
    .await
}

#[tokio::test]
async fn staff_answer_the_waiting_conversations_in_turn_by_shortcut() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server.add_staff(EMAIL, "Asahi", PASSWORD).await;
    let (mut oldest, _) = parent_socket(&server, OLDEST).await;
    let (_answered, _) = parent_socket(&server, ANSWERED).await;
    colleague_answers(&server, ANSWERED).await;
    let (mut newest, _) = parent_socket(&server, NEWEST).await;
    let driver = Driver::start().await?;
    let staff = driver.session(1280, 900).await?;
    let client = &staff.client;

    // Logged in on the keyboard only.
    log_in_by_keyboard(client, &server.url(), EMAIL, PASSWORD).await?;
    for words in [NEWEST, ANSWER, OLDEST] {
        listed(client, words).await?;
    }

    // The one that has waited longest, though last in the list.
    next_waiting(client).await?;
    open_shows(client, OLDEST, &[NEWEST, ANSWERED]).await?;
    in_reply_box(client, "Reply").await?;
    type_here(client, FIRST_REPLY).await?;
    press(client, Key::Enter).await?;
    parent_receives(&mut oldest, FIRST_REPLY).await;

    // Then the other waiting one, past the answered one (which is older).
    next_waiting(client).await?;
    open_shows(client, NEWEST, &[OLDEST, ANSWERED]).await?;
    in_reply_box(client, "Reply").await?;
    type_here(client, SECOND_REPLY).await?;
    chord(client, &[Key::Control], char::from(Key::Enter)).await?;
    parent_receives(&mut newest, SECOND_REPLY).await;

    // Nothing else waits: the shortcut leaves the conversation open.
    next_waiting(client).await?;
    open_shows(client, SECOND_REPLY, &[OLDEST, ANSWERED]).await?;

    // `?` in the reply box is only a question mark.
    type_here(client, "?").await?;
    let reply_box = control(client, "Reply").await?;
    assert_eq!(reply_box.prop("value").await?.as_deref(), Some("?"));
    let help = "//*[@role='dialog'][@aria-label='Keyboard shortcuts']";
    assert!(
        !find(client, help).await?.is_displayed().await?,
        "? typed in the reply box opened the list of shortcuts"
    );

    // The header's button opens the list, focus inside; Esc closes it and
    // the keyboard is back on the button.
    tab_to_button(client, "Keyboard shortcuts").await?;
    press(client, Key::Enter).await?;
    let listed_en = shortcuts_shown(client, "Keyboard shortcuts").await?;
    for shortcut in [
        "Alt+Shift+N",
        "open the conversation waiting longest for a reply",
        "Enter: send the reply",
        "Shift+Enter: new line",
        "Esc",
    ] {
        assert!(
            listed_en.contains(shortcut),
            "the list lacks {shortcut:?}: {listed_en:?}"
        );
    }
    let (_, name, _) = focused(client).await?;
    assert_eq!(name, "Keyboard shortcuts", "focus moved into the list");
    press(client, Key::Escape).await?;
    shortcuts_closed(client, "Keyboard shortcuts").await?;
    let (tag, _, text) = focused(client).await?;
    assert_eq!(
        (tag.as_str(), text.as_str()),
        ("button", "Keyboard shortcuts"),
        "Esc put focus back on the button"
    );

    // In Japanese, from the language button by `?`, and back to it.
    tab_to_button(client, "日本語").await?;
    press(client, Key::Enter).await?;
    control(client, "返信").await?;
    chord(client, &[], '?').await?;
    let listed_ja = shortcuts_shown(client, "キーボード操作").await?;
    for shortcut in [
        "Alt+Shift+N",
        "いちばん長く返信を待っている相談を開く",
        "Enter：返信を送る",
        "Shift+Enter：改行",
        "Esc：閉じる",
    ] {
        assert!(
            listed_ja.contains(shortcut),
            "the list lacks {shortcut:?}: {listed_ja:?}"
        );
    }
    press(client, Key::Escape).await?;
    shortcuts_closed(client, "キーボード操作").await?;
    let (tag, _, text) = focused(client).await?;
    assert_eq!(
        (tag.as_str(), text.as_str()),
        ("button", "日本語"),
        "Esc put focus back on the language button"
    );
    close_all([staff]).await
}

/// Whether the list and the open conversation's side show: the `nav`, and
/// the conversation's log (not the status line's visually hidden log of
/// announcements) or the prompt to choose one.
async fn sides_shown(client: &Client, choose: &str) -> anyhow::Result<(bool, bool)> {
    let nav = find(client, "//nav").await?.is_displayed().await?;
    let xpath = format!(
        "//*[@role='log'][not(@id='alerts-log')] | //p[normalize-space()={}]",
        literal(choose)
    );
    let mut thread = false;
    for element in client.find_all(Locator::XPath(&xpath)).await? {
        thread |= element.is_displayed().await?;
    }
    Ok((nav, thread))
}

#[tokio::test]
async fn a_phone_shows_the_list_or_the_conversation_never_both() -> anyhow::Result<()> {
    const CHOOSE: &str = "一覧から相談を選んでください。";
    let server = TestServer::start().await;
    server.add_staff(EMAIL, "Asahi", PASSWORD).await;
    parent_socket(&server, OLDEST).await;
    parent_socket(&server, NEWEST).await;
    let driver = Driver::start().await?;
    let phone = driver.phone(390, 844).await?;
    let client = &phone.client;
    log_in_as(client, &server.url(), EMAIL).await?;
    listed(client, OLDEST).await?;
    button(client, "日本語").await?.click().await?;
    find(client, "//nav[@aria-label='相談一覧']").await?;

    assert_eq!(
        sides_shown(client, CHOOSE).await?,
        (true, false),
        "the list alone"
    );
    screenshot(client, "console-phone-list-ja").await?;

    next_waiting(client).await?;
    open_shows(client, OLDEST, &[NEWEST]).await?;
    in_reply_box(client, "返信").await?;
    assert_eq!(
        sides_shown(client, CHOOSE).await?,
        (false, true),
        "the conversation alone"
    );
    screenshot(client, "console-phone-thread-ja").await?;

    button(client, "キーボード操作").await?.click().await?;
    let listed_ja = shortcuts_shown(client, "キーボード操作").await?;
    assert!(listed_ja.contains("返信を送る"), "{listed_ja:?}");
    let overflow = client
        .execute(
            "const r = document.querySelector('[role=dialog]').getBoundingClientRect(); \
             return Math.max(0, -r.left, r.right - innerWidth);",
            vec![],
        )
        .await?;
    assert_eq!(overflow.as_f64(), Some(0.0), "the list fits the phone");
    screenshot(client, "console-phone-shortcuts-ja").await?;
    press(client, Key::Escape).await?;
    shortcuts_closed(client, "キーボード操作").await?;

    button(client, "一覧に戻る").await?.click().await?;
    eventually("the list again, alone", || async {
        Ok((sides_shown(client, CHOOSE).await? == (true, false)).then_some(()))
    })
    .await?;
    close_all([phone]).await
}
