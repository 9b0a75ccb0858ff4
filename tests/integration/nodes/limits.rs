//! Abuse limits across nodes: the nodes keep their buckets in the database
//! they share, so what one node counted holds on the other, and a flood
//! spread over both meets one limit.

use reqwest::StatusCode;
use yorisoi_protocol::http::{LoginRequest, STAFF_LOGIN};

use super::{Cluster, EMAIL, staff_post};

/// Failed logins allowed per address in the window, on both nodes together.
const FAILURES: u32 = 4;

async fn wrong_login(cluster: &Cluster, n: usize) -> StatusCode {
    staff_post(&cluster.url(n, STAFF_LOGIN), None)
        .json(&LoginRequest {
            email: EMAIL.into(),
            password: "not the password".into(),
        })
        .send()
        .await
        .expect("login")
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_spread_over_two_nodes_meet_one_limit() {
    let failures = FAILURES.to_string();
    let cluster = Cluster::start_with(&[
        ("YORISOI_LIMIT_LOGIN_FAILURES_PER_ADDRESS", &failures),
        ("YORISOI_LIMIT_LOGIN_FAILURES_PER_ACCOUNT", "1000"),
    ])
    .await;
    for attempt in 0..FAILURES {
        let node = (attempt % 2) as usize;
        assert_eq!(
            wrong_login(&cluster, node).await,
            StatusCode::UNAUTHORIZED,
            "attempt {attempt} on node {node} is only refused as wrong"
        );
    }
    for node in [0, 1] {
        assert_eq!(
            wrong_login(&cluster, node).await,
            StatusCode::TOO_MANY_REQUESTS,
            "node {node} knows the address used its attempts on both"
        );
    }
}
