//! Bounded property tests of the decoders of untrusted input that the wire
//! types define: any text a browser (or anyone) sends either decodes or is
//! refused, never panics, and what it accepts is JSON holding a frame that
//! survives being encoded and decoded again; and every frame a client can
//! build survives the trip through JSON unchanged. The same decoders have
//! cargo-fuzz targets for unbounded runs (`server/fuzz`).

use proptest::prelude::*;
use proptest::strategy::ValueTree as _;
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
        (
            client_id(),
            body(),
            proptest::option::of(body()),
            proptest::option::of(any::<u64>())
        )
            .prop_map(|(client_id, body, nickname, proof)| {
                widget::ClientFrame::Send {
                    client_id,
                    body,
                    nickname,
                    proof,
                }
            }),
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

/// Words the decoders look for: every variant and field name, so that the
/// generated objects sometimes are frames.
const WORDS: [&str; 20] = [
    "Hello",
    "Send",
    "SetLang",
    "MarkRead",
    "RotateToken",
    "Forget",
    "Ping",
    "Open",
    "token",
    "lang",
    "last_seq",
    "site",
    "client_id",
    "body",
    "nickname",
    "proof",
    "seq",
    "conversation",
    "email",
    "password",
];

/// A JSON string: a word a decoder knows, a language tag, or anything.
fn json_string() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(&WORDS[..]).prop_map(str::to_owned),
        Just("ja".to_owned()),
        Just("en".to_owned()),
        body(),
    ]
    .prop_map(|text| serde_json::to_string(&text).expect("a string encodes"))
}

/// JSON text shaped like frames: objects keyed by the decoders' own words,
/// holding numbers (negative, huge, fractional), strings and nested values.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("1.5".to_owned()),
        Just("1e400".to_owned()),
        json_string(),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4)
                .prop_map(|items| format!("[{}]", items.join(","))),
            proptest::collection::vec((json_string(), inner), 0..5).prop_map(|fields| {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(key, value)| format!("{key}:{value}"))
                    .collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
}

/// What anyone may send: arbitrary text, frame-shaped JSON, or a real frame
/// with a byte changed or cut off.
fn untrusted_text() -> impl Strategy<Value = String> {
    let frame = prop_oneof![
        widget_frame().prop_map(|frame| serde_json::to_string(&frame).expect("json")),
        console_frame().prop_map(|frame| serde_json::to_string(&frame).expect("json")),
        (".{0,40}", ".{0,40}").prop_map(|(email, password)| {
            serde_json::to_string(&LoginRequest { email, password }).expect("json")
        }),
    ];
    prop_oneof![
        ".{0,300}",
        json_text(),
        (frame, any::<usize>(), any::<u8>(), any::<bool>()).prop_map(
            |(json, position, byte, cut)| {
                String::from_utf8_lossy(&mutated(json, position, byte, cut)).into_owned()
            }
        ),
    ]
}

/// What a decoder must do with untrusted `text`: refuse it, or accept a
/// frame that is really there. An accepted text is JSON, and the frame
/// survives being encoded and decoded again unchanged (nothing accepted is
/// something the server could not have meant).
fn decoded_or_refused<T>(text: &str) -> Result<bool, TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let Ok(decoded) = serde_json::from_str::<T>(text) else {
        return Ok(false);
    };
    prop_assert!(
        serde_json::from_str::<serde_json::Value>(text).is_ok(),
        "accepted text that is not JSON: {:?}",
        text
    );
    let again = serde_json::to_string(&decoded).expect("a decoded frame encodes");
    let redecoded = serde_json::from_str::<T>(&again);
    prop_assert!(
        redecoded.as_ref().is_ok_and(|frame| *frame == decoded),
        "{:?} decoded to {:?}, which encodes to {:?} and decodes to {:?}",
        text,
        decoded,
        again,
        redecoded.map_err(|error| error.to_string())
    );
    Ok(true)
}

/// The property above is only worth something if its inputs reach both
/// answers: many are refused, and many are real frames of each decoder.
#[test]
fn untrusted_texts_reach_both_answers_of_every_decoder() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = untrusted_text();
    let (mut widget, mut console, mut login, mut refused) = (0, 0, 0, 0);
    for _ in 0..4_000 {
        let text = strategy
            .new_tree(&mut runner)
            .expect("a generated text")
            .current();
        let accepted = [
            decoded_or_refused::<widget::ClientFrame>(&text).expect("the property holds"),
            decoded_or_refused::<console::ClientFrame>(&text).expect("the property holds"),
            decoded_or_refused::<LoginRequest>(&text).expect("the property holds"),
        ];
        widget += usize::from(accepted[0]);
        console += usize::from(accepted[1]);
        login += usize::from(accepted[2]);
        refused += usize::from(accepted == [false; 3]);
    }
    eprintln!("decoded: widget {widget}, console {console}, login {login}; refused {refused}");
    assert!(refused > 1_000, "refused {refused}");
    for (decoder, count) in [("widget", widget), ("console", console), ("login", login)] {
        assert!(count > 0, "no generated text decoded as a {decoder} frame");
    }
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
    fn any_text_is_decoded_or_refused(text in untrusted_text()) {
        decoded_or_refused::<widget::ClientFrame>(&text)?;
        decoded_or_refused::<console::ClientFrame>(&text)?;
        decoded_or_refused::<LoginRequest>(&text)?;
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
