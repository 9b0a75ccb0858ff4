//! Liveness of the socket loop under paused tokio time: heartbeats go out on
//! schedule, a silent peer is cut off after the idle timeout, and any frame
//! from the peer (a `Pong` included) keeps the socket open.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::ws::Message as WsMessage;
use futures_util::{StreamExt as _, stream};
use tokio::time::Instant;

use super::*;
use crate::service::tests::test_service;
use crate::service::visitor::Visitor;
use crate::socket::widget::WidgetSocket;

/// A sink that hands every frame the loop sends to the returned receiver,
/// so unit tests drive the socket loop without a network.
pub(crate) fn channel_sink() -> (
    std::pin::Pin<Box<impl futures_util::Sink<WsMessage, Error = Infallible>>>,
    tokio::sync::mpsc::UnboundedReceiver<WsMessage>,
) {
    let (sender, outgoing) = tokio::sync::mpsc::unbounded_channel();
    let sink = Box::pin(futures_util::sink::unfold(
        sender,
        |sender, message: WsMessage| async move {
            let _receiver_gone = sender.send(message);
            Ok::<_, Infallible>(sender)
        },
    ));
    (sink, outgoing)
}

/// Runs a widget session over `incoming` and returns how long (in paused
/// time) the loop ran and how many pings it sent.
async fn run_over<R>(incoming: R) -> (Duration, usize)
where
    R: futures_util::Stream<Item = Result<WsMessage, Infallible>> + Unpin + Send,
{
    let (state, _db) = test_service().await;
    let (sink, mut outgoing) = channel_sink();
    let session = WidgetSocket(Visitor::new(
        state.clone(),
        state.hub().connection_id(),
        Default::default(),
        None,
    ));
    // Pause only now: the database is open, and a silent widget session
    // never touches it, so auto-advancing time cannot starve SQLite.
    tokio::time::pause();
    let started = Instant::now();
    // Bounded, so a loop that never closes fails instead of hanging.
    tokio::time::timeout(IDLE_TIMEOUT * 4, run(&state, session, sink, incoming))
        .await
        .expect("the loop closes the socket");
    let ran = started.elapsed();
    let mut pings = 0;
    while let Ok(message) = outgoing.try_recv() {
        if matches!(message, WsMessage::Ping(_)) {
            pings += 1;
        }
    }
    (ran, pings)
}

#[tokio::test]
async fn a_silent_peer_is_pinged_then_closed_after_the_idle_timeout() {
    let (ran, pings) = run_over(stream::pending()).await;
    assert!(
        ran >= IDLE_TIMEOUT && ran < IDLE_TIMEOUT + Duration::from_secs(1),
        "closed after {ran:?}"
    );
    let expected = (IDLE_TIMEOUT.as_millis() / HEARTBEAT_INTERVAL.as_millis()) as usize;
    assert!(
        (expected - 1..=expected).contains(&pings),
        "{pings} pings in {ran:?}"
    );
}

#[tokio::test]
async fn pongs_alone_keep_a_socket_open() {
    // A pong every heartbeat for five heartbeats, then silence.
    let pongs = stream::unfold(0, |sent| async move {
        if sent == 5 {
            return None;
        }
        tokio::time::sleep(HEARTBEAT_INTERVAL).await;
        Some((Ok(WsMessage::Pong(Default::default())), sent + 1))
    })
    .chain(stream::pending());
    let (ran, _pings) = run_over(Box::pin(pongs)).await;
    let last_pong = HEARTBEAT_INTERVAL * 5;
    assert!(
        ran >= last_pong + IDLE_TIMEOUT && ran < last_pong + IDLE_TIMEOUT + Duration::from_secs(1),
        "closed after {ran:?}"
    );
}
