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

/// What a host page is written in (`<html lang>`), which the loader follows.
#[derive(Debug, Clone, Copy)]
pub enum PageLang {
    /// `lang="en"`: the launcher says "Open chat".
    En,
    /// `lang="ja"`: the launcher says "チャットを開く".
    Ja,
}

impl HostSite {
    /// Binds a free port now, so its origin can go into the chat server's
    /// settings before the chat server starts; see [`HostSite::embed`].
    pub async fn start() -> anyhow::Result<HostSite> {
        HostSite::start_in(PageLang::En).await
    }

    /// Like [`HostSite::start`], with the page written in `lang`.
    pub async fn start_in(lang: PageLang) -> anyhow::Result<HostSite> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let chat = Arc::new(Mutex::new(String::new()));
        let task = tokio::spawn(serve(listener, chat.clone(), lang));
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

async fn serve(listener: TcpListener, chat: Arc<Mutex<String>>, lang: PageLang) {
    let (tag, blurb) = match lang {
        PageLang::En => ("en", "A partner organisation's page."),
        PageLang::Ja => ("ja", "地域の子育て支援団体のページです。"),
    };
    while let Ok((mut stream, _)) = listener.accept().await {
        let chat = chat.lock().map(|chat| chat.clone()).unwrap_or_default();
        tokio::spawn(async move {
            let mut request = [0u8; 4096];
            let _read = stream.read(&mut request).await;
            let page = format!(
                "<!doctype html><html lang=\"{tag}\"><head><meta charset=\"utf-8\">\
                 <title>Sunny Families</title></head><body><h1>Sunny Families</h1>\
                 <p>{blurb}</p>\
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
