//! Finding things on a page as a person does (by accessible name, by visible
//! text) and waiting for what they wait for, always with a deadline.

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

/// How long a person would reasonably wait for anything to appear.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// An XPath string literal for `text`, whatever quotes it holds.
pub fn literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// The XPath of the form control whose accessible name is `name`: named by
/// `aria-label`, or by a `<label>` pointing at it or wrapping it.
pub fn control_xpath(name: &str) -> String {
    let name = literal(name);
    format!(
        "//*[(self::textarea or self::input or self::select) and (@aria-label={name} \
         or @id=//label[normalize-space()={name}]/@for or ancestor::label[.//text()[normalize-space()={name}]])]"
    )
}

/// Waits for the form control whose accessible name is `name`.
pub async fn control(client: &Client, name: &str) -> anyhow::Result<Element> {
    find(client, &control_xpath(name))
        .await
        .with_context(|| format!("no control named {name:?}"))
}

/// Waits for the link (`<a href>`) whose accessible name is `name` and is
/// shown (a hidden link is no way anywhere).
pub async fn link(client: &Client, name: &str) -> anyhow::Result<Element> {
    let quoted = literal(name);
    let xpath = format!(
        "//a[@href][not(ancestor-or-self::*[@hidden])]\
         [@aria-label={quoted} or (not(@aria-label) and normalize-space()={quoted})]"
    );
    find(client, &xpath)
        .await
        .with_context(|| format!("no link named {name:?}"))
}

/// Waits for the button whose accessible name is `name`, inside `scope` (an
/// XPath prefix such as `//*[@role='group']`, or empty for the whole page).
pub async fn button_in(client: &Client, scope: &str, name: &str) -> anyhow::Result<Element> {
    let name = literal(name);
    let xpath = format!(
        "{scope}//button[@aria-label={name} or (not(@aria-label) and normalize-space()={name})]"
    );
    find(client, &xpath)
        .await
        .with_context(|| format!("no button named {name}"))
}

/// Waits for the button named `name` anywhere on the page.
pub async fn button(client: &Client, name: &str) -> anyhow::Result<Element> {
    button_in(client, "", name).await
}

/// Waits for the radio button named `name` in the group named `group` (a
/// `<fieldset>` with that `<legend>`, or a `radiogroup` with that label).
pub async fn radio(client: &Client, group: &str, name: &str) -> anyhow::Result<Element> {
    let (group, name) = (literal(group), literal(name));
    let xpath = format!(
        "//*[(self::fieldset and legend[normalize-space()={group}]) \
         or (@role='radiogroup' and @aria-label={group})]//input[@type='radio'] \
         [@aria-label={name} or @id=//label[normalize-space()={name}]/@for \
         or ancestor::label[normalize-space()={name}]]"
    );
    find(client, &xpath)
        .await
        .with_context(|| format!("no radio button {name} in {group}"))
}

/// Waits for an element whose own text contains `text` (what a reader sees).
pub async fn text_shown(client: &Client, text: &str) -> anyhow::Result<Element> {
    let xpath = format!("//*[text()[contains(., {})]]", literal(text));
    find(client, &xpath)
        .await
        .with_context(|| format!("the page never shows {text:?}"))
}

/// Waits for an element of role `log` that contains `text`.
pub async fn log_with(client: &Client, text: &str) -> anyhow::Result<Element> {
    let xpath = format!("//*[@role='log'][contains(., {})]", literal(text));
    find(client, &xpath)
        .await
        .with_context(|| format!("no log shows {text:?}"))
}

/// Waits for the element matching `xpath` (visible or not).
pub async fn find(client: &Client, xpath: &str) -> anyhow::Result<Element> {
    Ok(client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::XPath(xpath))
        .await?)
}

/// Polls `check` until it yields `Some`, failing after [`PATIENCE`].
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<Option<T>>>,
{
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(value) = check().await? {
            return Ok(value);
        }
        if tokio::time::Instant::now() > deadline {
            bail!("timed out waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves a screenshot of the whole window as `tests/screenshots/<name>.png`.
pub async fn screenshot(client: &Client, name: &str) -> anyhow::Result<()> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    std::fs::create_dir_all(&dir)?;
    let png = client.screenshot().await?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}
