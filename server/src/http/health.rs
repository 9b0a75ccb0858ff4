//! Health checks for a load balancer in front of several nodes:
//! `/healthz` (liveness: the process answers) and `/readyz` (readiness:
//! the database answers too, and the node is not shutting down). Both skip
//! the Host check (a balancer asks each node by its own address) and say
//! nothing beyond one word.

use axum::extract::State;
use axum::http::StatusCode;
use yorisoi_protocol::http::{HEALTHZ, READYZ};

use crate::service::Service;

/// True for the two health paths.
pub fn is_health_check(path: &str) -> bool {
    path == HEALTHZ || path == READYZ
}

/// `200 ok` while the process runs.
pub async fn live() -> &'static str {
    "ok"
}

/// `200 ready` when the database answers and the node is not stopping;
/// `503` otherwise, so the balancer sends parents elsewhere.
pub async fn ready(State(service): State<Service>) -> (StatusCode, &'static str) {
    if *service.shutdown_signal().borrow() {
        return (StatusCode::SERVICE_UNAVAILABLE, "stopping");
    }
    match service.store().ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "not ready: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
