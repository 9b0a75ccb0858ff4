//! The widget loop over in-memory channels.

use std::convert::Infallible;

use axum::extract::ws::Message as WsMessage;
use futures_util::stream;

use super::*;
use crate::socket::run;
use yorisoi_protocol::Lang;

use crate::service::tests::test_service;

fn error(code: ErrorCode, client_id: Option<ClientId>) -> ServerFrame {
    <WidgetSocket as Session>::error(code, client_id)
}

fn text(frame: &ClientFrame) -> Result<WsMessage, Infallible> {
    Ok(WsMessage::text(
        serde_json::to_string(frame).expect("encode"),
    ))
}

/// Drives the real socket loop over in-memory channels: no network.
#[tokio::test]
async fn the_loop_answers_frames_in_order_over_any_sink_and_stream() {
    let (state, _db) = test_service().await;
    let client_id = ClientId("00000000-0000-4000-8000-000000000001".into());
    let hello = |token: String| ClientFrame::Hello {
        token,
        lang: Lang::Ja,
        last_seq: 0,
        site: None,
    };
    let incoming = stream::iter([
        Ok(WsMessage::text("garbage")),
        text(&hello("0F".repeat(32))),
        text(&hello("0f".repeat(32))),
        text(&ClientFrame::Send {
            proof: None,
            client_id: client_id.clone(),
            body: "やあ".into(),
            nickname: None,
        }),
    ]);
    let (sink, mut outgoing) = crate::socket::tests::channel_sink();
    let session = WidgetSocket(Visitor::new(
        state.clone(),
        state.hub().connection_id(),
        Default::default(),
        None,
    ));
    run(&state, session, sink, incoming).await;

    let mut frames = Vec::new();
    while let Ok(WsMessage::Text(text)) = outgoing.try_recv() {
        frames.push(serde_json::from_str::<ServerFrame>(text.as_str()).expect("decode"));
    }
    assert_eq!(frames.len(), 4, "{frames:?}");
    assert_eq!(frames[0], error(ErrorCode::MalformedFrame, None));
    assert_eq!(frames[1], error(ErrorCode::BadToken, None));
    assert_eq!(
        frames[2],
        ServerFrame::Welcome {
            has_conversation: false,
            messages: vec![],
            read_seq: 0,
        }
    );
    assert!(
        matches!(&frames[3], ServerFrame::Ack { seq: 1, client_id: acked, .. } if *acked == client_id)
    );
}
