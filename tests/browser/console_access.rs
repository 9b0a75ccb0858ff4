//! The console for a staff member on a keyboard, a screen reader or a
//! phone. On the keyboard only: log in, reach the first waiting
//! conversation in a few Tabs, open it with Enter and find the keyboard
//! already in its reply box, reply, and see the parent's "Read" in a legible
//! colour. For screen readers: a `main` and a `navigation` landmark, each
//! named. On a phone: the header is one compact row of 44 px targets, and in
//! English "Anonymous parent" gives way before the conversation number
//! does. Screenshots: the desktop in English, the phone in Japanese.

use anyhow::Context;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use yorisoi_protocol::Lang;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_tests::{TestServer, new_client_id, random_token};

use crate::browser::Driver;
use crate::coverage::{PASSWORD, log_in_as, parent_socket};
use crate::page::{button, button_in, control, eventually, find, literal, log_with, screenshot};
use crate::scenario::close_all;

const EMAIL: &str = "asahi@example.org";
const FIRST: &str =
    "はじめまして。子どもが夜中に何度も起きてしまい、どうしたらいいか分かりません。";
const REPLY: &str = "ご相談ありがとうございます。まずは最近の様子を教えてください。";
/// A nickname long enough to fill a phone's row by itself.
const LONG_NAME: &str = "そらとうみのおかあさん（ふたごの上の子のほう）";
const NAMED_FIRST: &str = "ふたごの寝かしつけについて相談させてください。";
/// Tabs a keyboard user may reasonably need from the login to the list:
/// the header's six, the status line's three (Status, "Sound and
/// notifications", "Allow notifications" until answered) and the list's
/// four tools (search, filter, open or resolved, order).
const FEW_TABS: usize = 14;

/// Presses `key` wherever the focus is, as a keyboard does.
pub(crate) async fn press(client: &Client, key: Key) -> anyhow::Result<()> {
    let value = char::from(key);
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value })
        .then(KeyAction::Up { value });
    client.perform_actions(keys).await?;
    Ok(())
}

/// What has focus: its tag, its `aria-label` and its text.
pub(crate) async fn focused(client: &Client) -> anyhow::Result<(String, String, String)> {
    let found = client
        .execute(
            "const a = document.activeElement; \
             return [a.tagName.toLowerCase(), a.getAttribute('aria-label') || '', \
             (a.labels && a.labels[0] ? a.labels[0].textContent : a.textContent).trim()];",
            vec![],
        )
        .await?;
    let part = |n: usize| found[n].as_str().unwrap_or_default().to_owned();
    Ok((part(0), part(1), part(2)))
}

/// Presses Tab until the focused element's text or label contains `name`;
/// returns how many Tabs it took.
pub(crate) async fn tab_to(client: &Client, name: &str) -> anyhow::Result<usize> {
    for tabs in 1..=40 {
        press(client, Key::Tab).await?;
        let (_, label, text) = focused(client).await?;
        if label.contains(name) || text.contains(name) {
            return Ok(tabs);
        }
    }
    anyhow::bail!("40 Tabs never reached {name:?}")
}

/// Opens the console at `url` and logs in on the keyboard only: Tab to the
/// email, type, Tab, type the password, Enter.
pub(crate) async fn log_in_by_keyboard(
    client: &Client,
    url: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<()> {
    client.goto(&format!("{url}/console")).await?;
    control(client, "Email").await?;
    tab_to(client, "Email").await?;
    type_here(client, email).await?;
    press(client, Key::Tab).await?;
    type_here(client, password).await?;
    press(client, Key::Enter).await?;
    Ok(())
}

/// Types `text` into whatever has focus.
pub(crate) async fn type_here(client: &Client, text: &str) -> anyhow::Result<()> {
    client.active_element().await?.send_keys(text).await?;
    Ok(())
}

/// Runs `script` (a function body over `arguments`) and returns its number.
async fn measure(client: &Client, script: &str, args: Vec<Value>) -> anyhow::Result<f64> {
    let value = client.execute(script, args).await?;
    value
        .as_f64()
        .with_context(|| format!("not a number: {value}"))
}

/// The WCAG contrast of an element's text (`"color"`) or border
/// (`"border-top-color"`) against the first opaque background behind it.
const CONTRAST: &str = "
    const [element, property] = arguments;
    const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
    const lum = (c) => { const v = rgb(c).slice(0, 3).map((x) => { x /= 255;
        return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
    let back = element.parentElement;
    while (back && rgb(getComputedStyle(back).backgroundColor)[3] === 0) back = back.parentElement;
    const a = lum(getComputedStyle(element)[property]);
    const b = lum(back ? getComputedStyle(back).backgroundColor : 'rgb(255,255,255)');
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);";

/// How many pixels of the focused element's outline are hidden by an
/// ancestor that clips (0 when the whole ring shows).
const RING_CLIPPED: &str = "
    const element = document.activeElement;
    const style = getComputedStyle(element);
    if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) return 99;
    const grow = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
    const r = element.getBoundingClientRect();
    let hidden = 0;
    for (let up = element.parentElement; up; up = up.parentElement) {
        if (getComputedStyle(up).overflow === 'visible') continue;
        const c = up.getBoundingClientRect();
        hidden = Math.max(hidden, c.left - (r.left - grow), c.top - (r.top - grow),
            (r.right + grow) - c.right, (r.bottom + grow) - c.bottom);
    }
    return hidden;";

/// How many pixels of the text `#n` in `arguments[0]` are cut off by an
/// ancestor that clips (0 when it shows whole).
const NUMBER_CUT: &str = "
    const [row, number] = arguments;
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && !node.data.includes(number)) {}
    if (!node) return 999;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    let cut = 0;
    for (let up = node.parentElement; up && up !== row.parentElement; up = up.parentElement) {
        if (getComputedStyle(up).overflow === 'visible') continue;
        const c = up.getBoundingClientRect();
        cut = Math.max(cut, c.left - r.left, r.right - c.right);
    }
    return cut;";

/// The conversation number (`#12`) in the list row of the parent who wrote
/// `words`, and the row.
async fn row_of(client: &Client, words: &str) -> anyhow::Result<(String, Value)> {
    let start: String = words.chars().take(12).collect();
    let xpath = format!("//nav//button[contains(., {})]", literal(&start));
    let row = find(client, &xpath).await?;
    // Its text as written, shown or clipped: whether it shows is measured.
    let text = row.prop("textContent").await?.unwrap_or_default();
    let digits: String = text
        .split_once('#')
        .map(|(_, after)| after.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    anyhow::ensure!(
        !digits.is_empty(),
        "the row names no conversation number: {text:?}"
    );
    let number = ["#", &digits].concat();
    Ok((number, serde_json::to_value(&row)?))
}

/// Fails unless the page has a shown landmark of `tag` named `name`.
async fn landmark(client: &Client, tag: &str, name: &str) -> anyhow::Result<()> {
    let xpath = format!("//{tag}[@aria-label={}]", literal(name));
    let found = find(client, &xpath)
        .await
        .with_context(|| format!("no {tag} landmark named {name:?}"))?;
    anyhow::ensure!(found.is_displayed().await?, "the {tag} landmark is hidden");
    Ok(())
}

#[tokio::test]
async fn staff_reply_with_the_keyboard_only() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server.add_staff(EMAIL, "Asahi", PASSWORD).await;
    let (mut parent, _token) = parent_socket(&server, FIRST).await;
    let driver = Driver::start().await?;
    let staff = driver.session(1280, 900).await?;
    let client = &staff.client;

    log_in_by_keyboard(client, &server.url(), EMAIL, PASSWORD).await?;

    let (number, row) = row_of(client, FIRST).await?;
    let cut = measure(client, NUMBER_CUT, vec![row, json!(number)]).await?;
    assert!(cut <= 0.5, "{cut} px of {number} are cut off in the list");
    let tabs = tab_to(client, &number).await?;
    assert!(
        tabs <= FEW_TABS,
        "the list is {tabs} Tabs away from the top"
    );
    let (_, _, name) = focused(client).await?;
    assert!(
        name.contains(&["Anonymous parent ", &number].concat()),
        "the row's name says who and which conversation: {name:?}"
    );
    press(client, Key::Enter).await?;
    log_with(client, FIRST).await?;
    let in_reply = eventually("focus in the reply box", || async {
        let (tag, label, _) = focused(client).await?;
        Ok((tag == "textarea" && label == "Reply").then_some(()))
    })
    .await;
    assert!(
        in_reply.is_ok(),
        "Enter on the row put focus in the reply box"
    );

    type_here(client, REPLY).await?;
    press(client, Key::Enter).await?;
    let seq = match parent
        .next_matching(
            "the staff reply",
            |frame| matches!(frame, ServerFrame::Message(message) if message.body == REPLY),
        )
        .await
    {
        ServerFrame::Message(message) => message.seq,
        _ => unreachable!("next_matching returned the reply"),
    };
    parent.send(&ClientFrame::MarkRead { seq }).await;
    let read = find(
        client,
        "//*[@role='log']//*[normalize-space(text())='Read']",
    )
    .await?;
    let read_contrast = measure(
        client,
        CONTRAST,
        vec![serde_json::to_value(&read)?, json!("color")],
    )
    .await?;
    assert!(read_contrast >= 4.5, "Read is {read_contrast:.2}:1");
    let reply_box = control(client, "Reply").await?;
    let border = measure(
        client,
        CONTRAST,
        vec![serde_json::to_value(&reply_box)?, json!("border-top-color")],
    )
    .await?;
    assert!(border >= 3.0, "the reply box's border is {border:.2}:1");

    landmark(client, "main", "Conversations with parents").await?;
    landmark(client, "nav", "Conversations").await?;

    // Every focus ring shows whole, the language buttons' too.
    for name in ["English", "日本語", &number] {
        let scope = "//*[@role='group'][@aria-label='Language']";
        let target = if name == number {
            find(
                client,
                &format!("//nav//button[contains(., {})]", literal(name)),
            )
            .await?
        } else {
            button_in(client, scope, name).await?
        };
        client
            .execute(
                "arguments[0].focus();",
                vec![serde_json::to_value(&target)?],
            )
            .await?;
        let clipped = measure(client, RING_CLIPPED, vec![]).await?;
        assert!(
            clipped <= 0.5,
            "{clipped} px of {name:?}'s focus ring are hidden"
        );
    }
    screenshot(client, "console-keyboard-en").await?;
    close_all([staff]).await
}

#[tokio::test]
async fn console_fits_a_phone() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server.add_staff(EMAIL, "Asahi", PASSWORD).await;
    parent_socket(&server, FIRST).await;
    let mut named = server.widget().await;
    named.hello(&random_token(), Lang::Ja, 0).await;
    let sent = new_client_id();
    named
        .send(&ClientFrame::Send {
            client_id: sent.clone(),
            body: NAMED_FIRST.into(),
            nickname: Some(LONG_NAME.into()),
            proof: None,
        })
        .await;
    named
        .next_matching(
            "the Ack",
            |frame| matches!(frame, ServerFrame::Ack { client_id, .. } if *client_id == sent),
        )
        .await;
    let driver = Driver::start().await?;
    let phone = driver.phone(390, 844).await?;
    let client = &phone.client;
    log_in_as(client, &server.url(), EMAIL).await?;

    for words in [FIRST, NAMED_FIRST] {
        let (number, row) = row_of(client, words).await?;
        let cut = measure(client, NUMBER_CUT, vec![row, json!(number)]).await?;
        assert!(cut <= 0.5, "{cut} px of {number} are cut off in the list");
    }
    landmark(client, "main", "Conversations with parents").await?;
    landmark(client, "nav", "Conversations").await?;

    let languages = "//*[@role='group'][@aria-label='Language']";
    button_in(client, languages, "日本語")
        .await?
        .click()
        .await?;
    landmark(client, "main", "保護者の方との相談").await?;
    let header = find(client, "//header").await?;
    let height = measure(
        client,
        "return arguments[0].getBoundingClientRect().height;",
        vec![serde_json::to_value(&header)?],
    )
    .await?;
    assert!(height < 120.0, "the header is {height} px high on a phone");
    let lowest = measure(
        client,
        "return Math.min(...[...arguments[0].querySelectorAll('button')] \
         .map((b) => b.getBoundingClientRect().height));",
        vec![serde_json::to_value(&header)?],
    )
    .await?;
    assert!(lowest >= 44.0, "a header button is {lowest} px high");
    let buttons = client.find_all(Locator::XPath("//header//button")).await?;
    assert!(
        buttons.len() >= 4,
        "the header keeps its buttons on a phone"
    );
    screenshot(client, "console-keyboard-phone-ja").await?;

    // Choosing a conversation puts the keyboard in its reply box; its back
    // button puts it on the conversation's row again.
    let (number, _) = row_of(client, FIRST).await?;
    let start: String = FIRST.chars().take(12).collect();
    find(
        client,
        &format!("//nav//button[contains(., {})]", literal(&start)),
    )
    .await?
    .click()
    .await?;
    eventually("focus in the reply box", || async {
        let (tag, label, _) = focused(client).await?;
        Ok((tag == "textarea" && label == "返信").then_some(()))
    })
    .await?;
    let back = button(client, "一覧に戻る").await?;
    client
        .execute("arguments[0].focus();", vec![serde_json::to_value(&back)?])
        .await?;
    press(client, Key::Enter).await?;
    eventually("focus back on the conversation's row", || async {
        let (tag, _, text) = focused(client).await?;
        Ok((tag == "button" && text.contains(&number)).then_some(()))
    })
    .await?;
    close_all([phone]).await
}
