//! The console's socket is cut while a staff member has a conversation
//! open. Without a reload, the console says it is reconnecting, comes back
//! by itself, shows what the parent wrote meanwhile, and its replies reach
//! the parent again.

use yorisoi_protocol::widget::ServerFrame;
use yorisoi_tests::TestServer;

use super::{log_in_as, open_conversation, parent_socket, role_says, say_acknowledged};
use crate::browser::Driver;
use crate::network::Network;
use crate::page::log_with;
use crate::scenario::{close_all, write};

const EMAIL: &str = "mirai@example.org";
const BEFORE: &str = "夜泣きが続いていて、相談したいです。";
const DURING: &str = "回線が切れている間に書きました。届いていますか？";
const REPLY: &str = "Yes, it reached us. We are here for you.";

#[tokio::test]
async fn the_console_reconnects_by_itself_after_its_socket_is_cut() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server.add_staff(EMAIL, "Mirai", super::PASSWORD).await;
    let network = Network::start(server.url().trim_start_matches("http://").parse()?).await?;
    let driver = Driver::start().await?;
    let staff = driver.session(1280, 900).await?;
    // Only the console goes through the switchable network; the parent
    // talks to the server directly.
    log_in_as(&staff.client, &network.url(), EMAIL).await?;
    let (mut parent, _token) = parent_socket(&server, BEFORE).await;
    open_conversation(&staff.client, BEFORE, BEFORE).await?;
    // Survives only if the page is never reloaded.
    staff
        .client
        .execute("window.yorisoiNotReloaded = true;", vec![])
        .await?;

    network.go_offline();
    role_says(&staff.client, "status", "Reconnecting").await?;
    say_acknowledged(&mut parent, DURING).await;
    network.go_online();

    role_says(&staff.client, "status", "Connected again").await?;
    let history = log_with(&staff.client, DURING).await?.text().await?;
    let positions = super::positions(&history, &[BEFORE, DURING])?;
    assert!(
        positions[0] < positions[1],
        "the history is whole and in order: {history:?}"
    );
    let still_the_same_page = staff
        .client
        .execute("return window.yorisoiNotReloaded === true;", vec![])
        .await?;
    assert_eq!(
        still_the_same_page,
        serde_json::Value::Bool(true),
        "the console came back without a reload"
    );

    write(&staff.client, "Reply", "Send", REPLY).await?;
    parent
        .next_matching(
            "the reply sent after reconnecting",
            |frame| matches!(frame, ServerFrame::Message(message) if message.body == REPLY),
        )
        .await;
    close_all([staff]).await
}
