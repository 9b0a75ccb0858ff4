//! Bounded property tests of the decoders of untrusted input that the wire
//! types define: any text a browser (or anyone) sends either decodes or is
//! refused, never panics; and every frame a client can build survives the
//! trip through JSON unchanged. The same decoders have cargo-fuzz targets
//! for unbounded runs (`server/fuzz`).

use proptest::prelude::*;
use yorisoi_protocol::http::LoginRequest;
use yorisoi_protocol::{ClientId, ConversationId, Lang, console, widget};

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Ja), Just(Lang::En)]
}

fn client_id() -> impl Strategy<Value = ClientId> {
    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|.{0,40}".prop_map(ClientId)
}

/// Text as parents write it: any Unicode, Japanese, emoji, controls, quotes.
fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,200}",
        "[ぁ-んァ-ヶ一-龯ー、。！？「」 \\n]{0,200}",
        "[\"\\\\<>&{}\\[\\]\u{0}-\u{1f}\u{1F600}-\u{1F64F}]{0,50}",
    ]
}

fn widget_frame() -> impl Strategy<Value = widget::ClientFrame> {
    prop_oneof![
        (
            "[0-9a-f]{64}|.{0,80}",
            lang(),
            any::<u64>(),
            proptest::option::of(".{0,60}")
        )
            .prop_map(|(token, lang, last_seq, site)| widget::ClientFrame::Hello {
                token,
                lang,
                last_seq,
                site,
            }),
        "[0-9a-f]{64}|.{0,80}".prop_map(|token| widget::ClientFrame::RotateToken { token }),
        Just(widget::ClientFrame::Forget),
        (client_id(), body(), proptest::option::of(body())).prop_map(
            |(client_id, body, nickname)| {
                widget::ClientFrame::Send {
                    client_id,
                    body,
                    nickname,
                }
            }
        ),
        lang().prop_map(|lang| widget::ClientFrame::SetLang { lang }),
        any::<u64>().prop_map(|seq| widget::ClientFrame::MarkRead { seq }),
        Just(widget::ClientFrame::Ping),
    ]
}

fn console_frame() -> impl Strategy<Value = console::ClientFrame> {
    let conversation = any::<i64>().prop_map(ConversationId);
    prop_oneof![
        (conversation.clone(), any::<u64>()).prop_map(|(conversation, last_seq)| {
            console::ClientFrame::Open {
                conversation,
                last_seq,
            }
        }),
        (conversation.clone(), client_id(), body()).prop_map(|(conversation, client_id, body)| {
            console::ClientFrame::Send {
                conversation,
                client_id,
                body,
            }
        }),
        (conversation, any::<u64>())
            .prop_map(|(conversation, seq)| console::ClientFrame::MarkRead { conversation, seq }),
        Just(console::ClientFrame::Ping),
    ]
}

/// A valid encoding with one byte replaced, or cut short: the inputs most
/// likely to reach deep into a decoder.
fn mutated(json: String, position: usize, byte: u8, cut: bool) -> Vec<u8> {
    let mut bytes = json.into_bytes();
    if bytes.is_empty() {
        return bytes;
    }
    let at = position % bytes.len();
    if cut {
        bytes.truncate(at);
    } else {
        bytes[at] = byte;
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn widget_frames_round_trip(frame in widget_frame()) {
        let json = serde_json::to_string(&frame).expect("frames serialise");
        prop_assert_eq!(serde_json::from_str::<widget::ClientFrame>(&json).expect("decodes"), frame);
    }

    #[test]
    fn console_frames_round_trip(frame in console_frame()) {
        let json = serde_json::to_string(&frame).expect("frames serialise");
        prop_assert_eq!(serde_json::from_str::<console::ClientFrame>(&json).expect("decodes"), frame);
    }

    #[test]
    fn any_text_is_decoded_or_refused(text in ".{0,300}") {
        let _ = serde_json::from_str::<widget::ClientFrame>(&text);
        let _ = serde_json::from_str::<console::ClientFrame>(&text);
        let _ = serde_json::from_str::<LoginRequest>(&text);
    }

    #[test]
    fn damaged_frames_are_decoded_or_refused(
        frame in widget_frame(),
        other in console_frame(),
        position in any::<usize>(),
        byte in any::<u8>(),
        cut in any::<bool>(),
    ) {
        let widget_bytes = mutated(serde_json::to_string(&frame).expect("json"), position, byte, cut);
        if let Ok(decoded) = serde_json::from_slice::<widget::ClientFrame>(&widget_bytes) {
            let again = serde_json::to_string(&decoded).expect("json");
            prop_assert_eq!(serde_json::from_str::<widget::ClientFrame>(&again).expect("decodes"), decoded);
        }
        let console_bytes = mutated(serde_json::to_string(&other).expect("json"), position, byte, cut);
        let _ = serde_json::from_slice::<console::ClientFrame>(&console_bytes);
    }

    #[test]
    fn login_bodies_round_trip(email in ".{0,80}", password in ".{0,80}") {
        let request = LoginRequest { email, password };
        let json = serde_json::to_string(&request).expect("json");
        prop_assert_eq!(serde_json::from_str::<LoginRequest>(&json).expect("decodes"), request);
    }
}
