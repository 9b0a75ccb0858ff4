//! Running several nodes: each answers a load balancer's health checks
//! whatever `Host` the balancer sends (any other request with that `Host`
//! is still refused), and a node stopped with SIGTERM closes its open
//! sockets with "service restart" (1012), so clients reconnect at once to
//! another node, and exits successfully.

use futures_util::future::join_all;
use reqwest::StatusCode;
use reqwest::header::HOST;
use yorisoi_protocol::console::ServerFrame as StaffEvent;
use yorisoi_protocol::http::{HEALTHZ, READYZ};
use yorisoi_protocol::limits::CLOSE_SERVICE_RESTART;
use yorisoi_protocol::widget::ServerFrame as ParentEvent;
use yorisoi_protocol::{Author, Lang};
use yorisoi_tests::random_token;

use super::{Cluster, listens};

/// The `Host` a balancer in front of the nodes may pass on: not a node's.
const BALANCER_HOST: &str = "soudan.example.org";

/// Open sockets of each kind when a node is stopped.
const SOCKETS: usize = 3;

#[tokio::test]
async fn every_node_answers_health_checks_whatever_host_the_balancer_sends() {
    let cluster = Cluster::start().await;
    let http = reqwest::Client::new();
    for n in 0..2 {
        for (path, answer) in [(HEALTHZ, "ok"), (READYZ, "ready")] {
            let response = http
                .get(cluster.url(n, path))
                .header(HOST, BALANCER_HOST)
                .send()
                .await
                .expect("a health check");
            let status = response.status();
            let body = response.text().await.expect("its body");
            assert_eq!(
                (status, &*body),
                (StatusCode::OK, answer),
                "{path} on node {}",
                n + 1
            );
        }
        let page = http
            .get(cluster.url(n, "/"))
            .header(HOST, BALANCER_HOST)
            .send()
            .await
            .expect("a page");
        assert_eq!(
            page.status(),
            StatusCode::MISDIRECTED_REQUEST,
            "only health checks skip the Host check (node {})",
            n + 1
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_a_parents_socket_with_service_restart_and_exits_cleanly() {
    let mut cluster = Cluster::start().await;
    let token = random_token();
    let mut widget = cluster.widget(0).await;
    widget.hello(&token, Lang::Ja, 0).await;
    let said = widget.say("再起動の前に").await;
    widget
        .next_matching("the Ack", |f| matches!(f, ParentEvent::Ack { .. }))
        .await;

    let node = cluster.take(0);
    let (status, closed) = tokio::join!(node.terminate(), widget.closed());
    assert_eq!(
        closed,
        Some(CLOSE_SERVICE_RESTART),
        "the widget's close code"
    );
    assert!(status.success(), "the node exits successfully: {status}");
    assert!(!listens(cluster.addresses[0]).await, "node 1 is gone");

    // The parent reconnects to the other node and finds the conversation.
    let mut widget = cluster.widget(1).await;
    let frames = widget.hello(&token, Lang::Ja, 0).await;
    let Some(ParentEvent::Welcome {
        has_conversation,
        messages,
        ..
    }) = frames.last()
    else {
        panic!("expected Welcome, got {frames:?}");
    };
    assert!(has_conversation);
    let held: Vec<_> = messages
        .iter()
        .map(|m| (m.seq, &m.client_id, &m.author))
        .collect();
    assert_eq!(held, vec![(1, &said, &Author::Visitor)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_every_open_socket_with_service_restart() {
    let mut cluster = Cluster::start().await;
    let mut widgets = Vec::new();
    for _ in 0..SOCKETS {
        let mut widget = cluster.widget(0).await;
        widget.hello(&random_token(), Lang::Ja, 0).await;
        widgets.push(widget);
    }
    let cookie = cluster.login(0).await;
    let mut consoles = Vec::new();
    for _ in 0..SOCKETS {
        let mut console = cluster.console(0, &cookie).await;
        let welcome = console.next().await;
        assert!(matches!(welcome, StaffEvent::Welcome { .. }), "{welcome:?}");
        consoles.push(console);
    }

    let node = cluster.take(0);
    let widgets_closed = join_all(widgets.iter_mut().map(|w| w.closed()));
    let consoles_closed = join_all(consoles.iter_mut().map(|c| c.closed()));
    let (status, widgets_closed, consoles_closed) =
        tokio::join!(node.terminate(), widgets_closed, consoles_closed);
    assert!(status.success(), "the node exits successfully: {status}");
    let restart = Some(CLOSE_SERVICE_RESTART);
    assert_eq!(
        widgets_closed,
        vec![restart; SOCKETS],
        "the widgets' close codes"
    );
    assert_eq!(
        consoles_closed,
        vec![restart; SOCKETS],
        "the consoles' close codes"
    );
}
