//! The console's first screen with many conversations: the database is
//! seeded through the server's own store interface (each conversation
//! created by a parent's first message, one commit each, exactly as the
//! widget path stores it, minus the socket), then the console socket is
//! opened a few times and the `Welcome` frame timed (from the start of the
//! TCP connection to the whole frame read) and weighed.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use futures_util::StreamExt as _;
use serde::Serialize;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use yorisoi_protocol::Lang;
use yorisoi_protocol::console::ServerFrame;
use yorisoi_server::store::{Store, VisitorMessage};

use crate::load::tag::{self, Tag};
use crate::net::{self, Endpoint};
use crate::stats::{Latency, micros};

/// The first screen as measured.
#[derive(Debug, Clone, Serialize)]
pub struct FirstScreen {
    /// Conversations in the database.
    pub conversations: usize,
    /// How long seeding them took, seconds.
    pub seed_secs: f64,
    /// Conversations the `Welcome` listed.
    pub listed: usize,
    /// Bytes of the `Welcome` frame (uncompressed JSON text).
    pub welcome_bytes: usize,
    /// Socket open → `Welcome` read, over the attempts.
    pub time_to_welcome: Option<Latency>,
}

/// Creates `count` conversations (one parent message each) in the first
/// organisation of the database at `database`; the server must not run.
pub async fn seed(database: &Path, count: usize) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let store = Store::open(&database.into())
        .await
        .context("opening the store")?;
    let organisation = store
        .organisations()
        .await?
        .first()
        .map(|organisation| organisation.id)
        .context("no organisation to seed")?;
    let now_ms = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis(),
    )?;
    for index in 0..count {
        let token_hash = yorisoi_tests::random_token();
        let client_id = yorisoi_tests::new_client_id();
        let body = Tag::now(tag::PARENT, 0, index, None).body();
        let nickname = format!("保護者{index}");
        let message = VisitorMessage {
            token_hash: &token_hash,
            lang: if index % 3 == 0 { Lang::En } else { Lang::Ja },
            client_id: &client_id,
            body: &body,
            nickname: (index % 2 == 0).then_some(nickname.as_str()),
            nominee: None,
        };
        let at = now_ms - i64::try_from(count - index).unwrap_or_default() * 1000;
        store
            .append_visitor_message(organisation, message, at)
            .await
            .with_context(|| format!("seeding conversation {index}"))?;
    }
    Ok(started.elapsed())
}

/// Opens the console `attempts` times and measures its `Welcome`.
pub async fn measure(
    console: &Endpoint,
    conversations: usize,
    seeding: Duration,
    attempts: usize,
) -> anyhow::Result<FirstScreen> {
    let mut samples = Vec::new();
    let mut bytes = 0;
    let mut listed = 0;
    for _ in 0..attempts {
        let started = Instant::now();
        let mut ws = net::connect(console, None).await?;
        let text = loop {
            let message = tokio::time::timeout(Duration::from_secs(60), ws.next())
                .await
                .context("no Welcome in time")?;
            match message {
                Some(Ok(WsMessage::Text(text))) => break text,
                Some(Ok(_control)) => continue,
                Some(Err(error)) => bail!("console socket error: {error}"),
                None => bail!("console socket closed before Welcome"),
            }
        };
        samples.push(micros(started.elapsed()));
        let _closed = ws.close(None).await;
        bytes = text.len();
        match serde_json::from_str::<ServerFrame>(text.as_str()) {
            Ok(ServerFrame::Welcome {
                conversations: list,
                ..
            }) => listed = list.len(),
            Ok(other) => bail!("the console's first frame was not Welcome: {other:?}"),
            Err(error) => bail!("unreadable Welcome: {error}"),
        }
    }
    Ok(FirstScreen {
        conversations,
        seed_secs: seeding.as_secs_f64(),
        listed,
        welcome_bytes: bytes,
        time_to_welcome: Latency::of(&samples),
    })
}
