//! Embedding only where allowed: a site listed in `allowed_origins` gets a
//! working chat; an unlisted site gets a clear refusal in its visitor's
//! language instead of a broken frame.

use yorisoi_tests::TestServer;

use crate::browser::Driver;
use crate::host_site::HostSite;
use crate::page::{eventually, log_with};
use crate::scenario::{close_all, launch, write};

const LAUNCHER: &str = "Open chat";

#[tokio::test]
async fn an_allowed_site_embeds_the_chat_and_an_unlisted_one_is_told_no() -> anyhow::Result<()> {
    let allowed = HostSite::start().await?;
    let unlisted = HostSite::start().await?;
    let origin = allowed.origin();
    let server = TestServer::start_with(move |config| config.allowed_origins = vec![origin]).await;
    allowed.embed(&server.url());
    unlisted.embed(&server.url());
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;

    parent.client.goto(&allowed.origin()).await?;
    launch(&parent.client, LAUNCHER)
        .await?
        .enter_frame()
        .await?;
    let text = "Hello from a partner site";
    write(&parent.client, "Message", "Send", text).await?;
    log_with(&parent.client, text).await?;

    let visitor = driver.session(1280, 900).await?;
    visitor.client.goto(&unlisted.origin()).await?;
    let host = visitor
        .client
        .find(fantoccini::Locator::Css("yorisoi-chat"))
        .await?;
    let shadow = host.shadow_root().await?;
    shadow
        .find(fantoccini::Locator::Css(&format!(
            "button[aria-label=\"{LAUNCHER}\"]"
        )))
        .await?
        .click()
        .await?;
    eventually("the refusal to be explained", || async {
        let note = shadow
            .find(fantoccini::Locator::Css("p[role=status]"))
            .await?;
        let text = note.text().await?;
        Ok(text.contains("isn't available on this site").then_some(()))
    })
    .await?;
    assert!(
        shadow
            .find(fantoccini::Locator::Css("iframe"))
            .await
            .is_err(),
        "no broken frame is left on the unlisted site"
    );
    close_all([parent, visitor]).await
}
