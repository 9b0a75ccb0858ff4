//! Idle widget connections: many parents with the chat open and nothing to
//! say. Each socket connects, says `Hello` with a fresh token, reads its
//! `Welcome` and then only answers the server's heartbeats. Sockets are
//! spread over several loopback source addresses (127.0.0.2, 127.0.0.3…),
//! [`PER_ADDRESS`] each in the full plan, since one address has only
//! ~28,000 ports.

use std::net::Ipv4Addr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use futures_util::StreamExt as _;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::JoinHandle;
use yorisoi_protocol::Lang;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};

use crate::net::{self, Endpoint};

/// Sockets per source address in the full plan.
pub const PER_ADDRESS: usize = 4000;

/// Handshakes in progress at once.
const CONCURRENCY: usize = 128;

/// Held idle sockets; [`Idle::close`] closes them.
pub struct Idle {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    /// How many are open.
    pub held: usize,
    /// Source addresses used.
    pub addresses: usize,
    /// How long opening them took.
    pub opening: Duration,
}

/// Opens `count` idle widget sockets; fails if any cannot be opened.
pub async fn open(endpoint: &Endpoint, count: usize, per_address: usize) -> anyhow::Result<Idle> {
    let (stop, stopped) = watch::channel(false);
    let (ready_tx, mut ready) = mpsc::channel::<Result<(), String>>(count.max(1));
    let gate = Arc::new(Semaphore::new(CONCURRENCY));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(count);
    for index in 0..count {
        let address_index = u8::try_from(index / per_address + 2).context("too many sockets")?;
        let source = Ipv4Addr::new(127, 0, 0, address_index);
        let endpoint = endpoint.clone();
        let gate = gate.clone();
        let ready = ready_tx.clone();
        let stopped = stopped.clone();
        tasks.push(tokio::spawn(async move {
            let permit = gate.acquire_owned().await;
            let opened = hello(&endpoint, source).await;
            drop(permit);
            match opened {
                Ok(ws) => {
                    let _ = ready.send(Ok(())).await;
                    hold(ws, stopped).await;
                }
                Err(error) => {
                    let _ = ready.send(Err(format!("{source}: {error:#}"))).await;
                }
            }
        }));
    }
    drop(ready_tx);
    let mut failure = None;
    for opened in 0..count {
        match tokio::time::timeout(Duration::from_secs(120), ready.recv()).await {
            Ok(Some(Ok(()))) => {}
            Ok(Some(Err(why))) => {
                failure = Some(format!("idle socket {opened} of {count}: {why}"));
                break;
            }
            Ok(None) | Err(_) => {
                failure = Some(format!(
                    "opening idle sockets stalled after {opened} of {count}"
                ));
                break;
            }
        }
    }
    let idle = Idle {
        stop,
        tasks,
        held: count,
        addresses: count.div_ceil(per_address),
        opening: started.elapsed(),
    };
    match failure {
        None => Ok(idle),
        Some(why) => {
            idle.close().await;
            bail!(why)
        }
    }
}

async fn hello(endpoint: &Endpoint, source: Ipv4Addr) -> anyhow::Result<net::Ws> {
    let mut ws = net::connect(endpoint, Some(source)).await?;
    let hello = ClientFrame::Hello {
        token: yorisoi_tests::random_token(),
        lang: Lang::Ja,
        last_seq: 0,
        site: None,
    };
    net::send_frame(&mut ws, &hello).await?;
    loop {
        let message = tokio::time::timeout(Duration::from_secs(60), ws.next())
            .await
            .context("no Welcome in time")?;
        match message {
            Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text))) => {
                return match serde_json::from_str::<ServerFrame>(text.as_str()) {
                    Ok(ServerFrame::Welcome { .. }) => Ok(ws),
                    Ok(other) => bail!("unexpected answer to Hello: {other:?}"),
                    Err(error) => bail!("unreadable frame: {error}"),
                };
            }
            Some(Ok(_control)) => continue,
            Some(Err(error)) => bail!("socket error: {error}"),
            None => bail!("socket closed before Welcome"),
        }
    }
}

/// Reads (answering heartbeats) until told to stop or the socket closes.
async fn hold(mut ws: net::Ws, mut stopped: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            changed = stopped.changed() => {
                if changed.is_err() || *stopped.borrow() {
                    break;
                }
            }
            message = ws.next() => {
                if matches!(message, None | Some(Err(_))) {
                    return;
                }
            }
        }
    }
    let _closed = ws.close(None).await;
}

impl Idle {
    /// Closes every socket and waits for the tasks.
    pub async fn close(self) {
        self.stop.send_replace(true);
        for task in self.tasks {
            let _ended = tokio::time::timeout(Duration::from_secs(10), task).await;
        }
    }
}
