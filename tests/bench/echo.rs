//! The bare WebSocket floor: an echo server (tokio-tungstenite, every text
//! frame sent straight back, `TCP_NODELAY` like the clients) on its own
//! thread and single-threaded runtime, so it does not share the load
//! client's workers. The load client drives it with the very code it drives
//! Yorisoi with ([`crate::load`]), so the ratio of the two is what the
//! server adds on top of the client, the kernel and the WebSocket framing.

use std::net::SocketAddr;

use anyhow::Context as _;
use futures_util::{SinkExt as _, StreamExt as _};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// A running echo server; stops when dropped.
pub struct EchoServer {
    /// Where it listens.
    pub address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl EchoServer {
    /// Starts the echo server on `127.0.0.1:0`.
    pub fn start() -> anyhow::Result<EchoServer> {
        let listener =
            std::net::TcpListener::bind("127.0.0.1:0").context("bind the echo server")?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("the echo server's runtime")?;
        let thread = std::thread::Builder::new()
            .name("echo-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::select! {
                        () = accept_loop(listener) => {}
                        _ = stopped => {}
                    }
                });
            })
            .context("the echo server's thread")?;
        Ok(EchoServer {
            address,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for EchoServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopped = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _joined = thread.join();
        }
    }
}

async fn accept_loop(listener: TcpListener) {
    loop {
        let Ok((stream, _peer)) = listener.accept().await else {
            // Out of files, most likely: let some close.
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            continue;
        };
        tokio::spawn(async move {
            let _nodelay = stream.set_nodelay(true);
            let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
                return;
            };
            while let Some(Ok(message)) = ws.next().await {
                let echo = match message {
                    WsMessage::Text(_) | WsMessage::Binary(_) => message,
                    WsMessage::Close(_) => return,
                    _ => continue,
                };
                if ws.send(echo).await.is_err() {
                    return;
                }
            }
        });
    }
}
