//! A switchable network between the browser and the server: a TCP proxy on
//! loopback that passes everything while online and, while offline, cuts every
//! WebSocket and refuses new ones. Pages themselves still load while offline,
//! which is what lets a test reload the page during an outage and check that
//! nothing the parent wrote is lost.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The largest request head the proxy reads to tell a WebSocket upgrade from
/// a page request.
const MAX_HEAD: usize = 16 * 1024;

/// A running proxy; stops on drop.
pub struct Network {
    address: SocketAddr,
    online: Arc<watch::Sender<bool>>,
    task: JoinHandle<()>,
}

impl Network {
    /// Starts the proxy in front of `upstream`, online.
    pub async fn start(upstream: SocketAddr) -> anyhow::Result<Network> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let online = Arc::new(watch::channel(true).0);
        let task = tokio::spawn(accept(listener, upstream, online.clone()));
        Ok(Network {
            address,
            online,
            task,
        })
    }

    /// The base URL through the proxy.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Cuts every open WebSocket and refuses new ones until [`Network::go_online`].
    pub fn go_offline(&self) {
        self.online.send_replace(false);
    }

    /// Lets WebSockets through again.
    pub fn go_online(&self) {
        self.online.send_replace(true);
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept(listener: TcpListener, upstream: SocketAddr, online: Arc<watch::Sender<bool>>) {
    while let Ok((client, _)) = listener.accept().await {
        let online = online.subscribe();
        tokio::spawn(async move {
            let _ended = relay(client, upstream, online).await;
        });
    }
}

/// Relays one connection. WebSocket connections are dropped when the network
/// goes offline (and refused while it is); other requests always pass.
async fn relay(
    mut client: TcpStream,
    upstream: SocketAddr,
    mut online: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let head = read_head(&mut client).await?;
    let websocket = is_websocket_upgrade(&head);
    if websocket && !*online.borrow() {
        return Ok(());
    }
    let mut server = TcpStream::connect(upstream)
        .await
        .context("connecting upstream")?;
    server.write_all(&head).await?;
    if !websocket {
        tokio::io::copy_bidirectional(&mut client, &mut server).await?;
        return Ok(());
    }
    tokio::select! {
        copied = tokio::io::copy_bidirectional(&mut client, &mut server) => { copied?; }
        _ = online.wait_for(|online| !*online) => {}
    }
    Ok(())
}

async fn read_head(client: &mut TcpStream) -> anyhow::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") && head.len() < MAX_HEAD {
        let read = client.read(&mut buffer).await?;
        anyhow::ensure!(read > 0, "connection closed before a request");
        head.extend_from_slice(&buffer[..read]);
    }
    Ok(head)
}

fn is_websocket_upgrade(head: &[u8]) -> bool {
    String::from_utf8_lossy(head)
        .lines()
        .any(|line| line.to_ascii_lowercase().replace(' ', "") == "upgrade:websocket")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upgrade_requests_are_recognised() {
        let upgrade = b"GET /api/widget/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n";
        assert!(is_websocket_upgrade(upgrade));
        let page = b"GET /demo HTTP/1.1\r\nHost: x\r\n\r\n";
        assert!(!is_websocket_upgrade(page));
    }
}
