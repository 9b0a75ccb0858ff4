//! A slow-loris against the real binary with few open files: more
//! half-open connections than the server may have files, from another
//! address, while a parent's page and a staff console are used from this
//! one. The page and the console still answer, and every attacking socket
//! is closed (at once over the per-address cap, after the header timeout
//! otherwise), so the attack cannot hold the server.

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpSocket, TcpStream};
use yorisoi_protocol::console::ServerFrame;
use yorisoi_protocol::http::CSRF_HEADER;
use yorisoi_tests::process::{ServerProcess, free_address, staff_add};
use yorisoi_tests::{ConsoleSocket, TIMEOUT, socket};

/// Open files the server gets: fewer than the attacking sockets.
const OPEN_FILES: u64 = 256;
/// Attacking sockets.
const ATTACKERS: usize = 300;
const PASSWORD: &str = "a long enough password";

/// A connection from 127.0.0.2 (another address on loopback) that sends
/// half a request line and nothing more; `None` when refused at once.
async fn half_open(server: std::net::SocketAddr) -> Option<TcpStream> {
    let socket = TcpSocket::new_v4().ok()?;
    socket.bind("127.0.0.2:0".parse().ok()?).ok()?;
    let mut stream = socket.connect(server).await.ok()?;
    stream.write_all(b"GET /demo HT").await.ok()?;
    Some(stream)
}

/// True once the server has closed `stream` (end of file or reset).
async fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buffer = [0u8; 256];
    loop {
        match tokio::time::timeout(TIMEOUT, stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return true,
            // A 408 or 400 answer before the close is fine too.
            Ok(Ok(_)) => continue,
            Err(_elapsed) => return false,
        }
    }
}

#[tokio::test]
async fn half_open_connections_cannot_keep_parents_and_staff_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = dir.path().join("yorisoi.db");
    staff_add(
        dir.path(),
        &database,
        "sakura@example.org",
        "さくら",
        PASSWORD,
    )
    .await;
    let address = free_address();
    let env = [("YORISOI_HTTP_HEADER_TIMEOUT_SECS", "2")];
    let _server =
        ServerProcess::start_limited(dir.path(), &database, address, OPEN_FILES, &env).await;

    let mut attack = Vec::new();
    for _ in 0..ATTACKERS {
        attack.extend(half_open(address).await);
    }

    // A parent's page answers (503 when the site is not built into this
    // test build: an answer all the same, not a timeout).
    let base = format!("http://{address}");
    let http = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .expect("client");
    let page = http
        .get(format!("{base}/demo"))
        .send()
        .await
        .expect("/demo answers");
    assert!(
        page.status().is_success() || page.status().as_u16() == 503,
        "{}",
        page.status()
    );

    // A staff member logs in and the console opens.
    let login = http
        .post(format!("{base}/api/staff/login"))
        .header("origin", &base)
        .header(CSRF_HEADER, "1")
        .json(&serde_json::json!({"email": "sakura@example.org", "password": PASSWORD}))
        .send()
        .await
        .expect("login answers");
    assert_eq!(login.status().as_u16(), 204);
    let cookie = login
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let url = format!("ws://{address}/api/console/ws");
    let request = socket::request(&url, &[("origin", &base), ("cookie", &cookie)]);
    let mut console = ConsoleSocket::connect(request)
        .await
        .expect("console opens");
    assert!(matches!(console.next().await, ServerFrame::Welcome { .. }));

    // Every attacking socket is closed: none holds a file for long.
    let started = tokio::time::Instant::now();
    for stream in &mut attack {
        assert!(
            closed_by_server(stream).await,
            "a half-open socket stayed open"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(15));
}
