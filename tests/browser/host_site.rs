//! Another organisation's website on its own origin (another loopback port):
//! a plain page that embeds the chat with the one documented script tag, for
//! the tests of which sites may embed the widget.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A running host site; stops on drop.
pub struct HostSite {
    address: SocketAddr,
    chat: Arc<Mutex<String>>,
    task: JoinHandle<()>,
}

impl HostSite {
    /// Binds a free port now, so its origin can go into the chat server's
    /// settings before the chat server starts; see [`HostSite::embed`].
    pub async fn start() -> anyhow::Result<HostSite> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let chat = Arc::new(Mutex::new(String::new()));
        let task = tokio::spawn(serve(listener, chat.clone()));
        Ok(HostSite {
            address,
            chat,
            task,
        })
    }

    /// The site's origin, e.g. `http://127.0.0.1:41234`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Makes the page embed the chat served at `chat_url`.
    pub fn embed(&self, chat_url: &str) {
        if let Ok(mut chat) = self.chat.lock() {
            *chat = chat_url.to_owned();
        }
    }
}

impl Drop for HostSite {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(listener: TcpListener, chat: Arc<Mutex<String>>) {
    while let Ok((mut stream, _)) = listener.accept().await {
        let chat = chat.lock().map(|chat| chat.clone()).unwrap_or_default();
        tokio::spawn(async move {
            let mut request = [0u8; 4096];
            let _read = stream.read(&mut request).await;
            let page = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                 <title>Sunny Families</title></head><body><h1>Sunny Families</h1>\
                 <p>A partner organisation's page.</p>\
                 <script src=\"{chat}/widget.js\" async></script></body></html>"
            );
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{page}",
                page.len()
            );
            let _sent = stream.write_all(response.as_bytes()).await;
        });
    }
}
