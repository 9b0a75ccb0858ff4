//! Finding web addresses in message text, so they can be shown as links
//! without ever treating the text as HTML. Only `http://` and `https://`
//! addresses become links: a message can never carry a `javascript:` or
//! `data:` link, because nothing else is recognised. Pure, tested natively;
//! the bubble renders [`Piece::Link`] as an `<a>` whose text is the address.
//!
//! An address ends at whitespace, at any non-ASCII character (Japanese text
//! is often written right against a URL: `https://example.org/を見て`), at
//! characters that cannot appear in a URL unescaped (`<>"` …), and trailing
//! punctuation that more likely ends the sentence (`.`, `,`, `)` without its
//! `(`…) is left out.

/// A piece of message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Plain text, shown as it is.
    Text(&'a str),
    /// An `http(s)://` address, shown as a link to itself.
    Link(&'a str),
}

/// Splits `text` into plain text and links, in order. Joining the pieces
/// gives back `text` exactly.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((start, end)) = next_link(rest) {
        // Both ends are ASCII bytes, so char boundaries: `get` never fails
        // here, and unlike indexing it links no slicing panic, whose message
        // formats a char with `{:?}` (about 1 KB gzip of escaping tables).
        let (Some(before), Some(link), Some(after)) =
            (rest.get(..start), rest.get(start..end), rest.get(end..))
        else {
            break;
        };
        if !before.is_empty() {
            out.push(Piece::Text(before));
        }
        out.push(Piece::Link(link));
        rest = after;
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The byte range of the first link in `text`.
fn next_link(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    for start in 0..bytes.len() {
        // Schemes are case-insensitive; not in the middle of an ASCII word
        // ("xhttp://…").
        if !bytes[start].eq_ignore_ascii_case(&b'h')
            || (start > 0 && bytes[start - 1].is_ascii_alphanumeric())
        {
            continue;
        }
        let after_scheme = ["https://", "http://"]
            .iter()
            .find(|scheme| starts_with_ignore_case(&bytes[start..], scheme.as_bytes()))
            .map(|scheme| start + scheme.len());
        let Some(host_start) = after_scheme else {
            continue;
        };
        let end = trim_end(text, start, url_end(bytes, host_start));
        // Something that can be a host must follow the scheme.
        if bytes.get(host_start).is_some_and(u8::is_ascii_alphanumeric) && end > host_start {
            return Some((start, end));
        }
    }
    None
}

fn starts_with_ignore_case(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Where the run of URL characters from `from` ends.
fn url_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| !is_url_byte(b))
        .map_or(bytes.len(), |offset| from + offset)
}

/// ASCII characters allowed in an address as written in a message.
fn is_url_byte(b: u8) -> bool {
    b.is_ascii_graphic()
        && !matches!(
            b,
            b'<' | b'>' | b'"' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
        )
}

/// Drops trailing punctuation that ends the sentence rather than the
/// address, and closing brackets with no opening one inside the address.
fn trim_end(text: &str, start: usize, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    while end > start {
        let last = bytes[end - 1];
        let unbalanced = |open: u8, close: u8| {
            let link = &bytes[start..end];
            let opens = link.iter().filter(|&&b| b == open).count();
            let closes = link.iter().filter(|&&b| b == close).count();
            closes > opens
        };
        let drop = match last {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' | b'_' => true,
            b')' => unbalanced(b'(', b')'),
            b']' => unbalanced(b'[', b']'),
            _ => false,
        };
        if !drop {
            break;
        }
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::Piece::{Link, Text};
    use super::*;

    #[test]
    fn plain_text_stays_text() {
        assert_eq!(pieces("こんにちは"), vec![Text("こんにちは")]);
        assert_eq!(pieces(""), Vec::<Piece<'_>>::new());
        assert_eq!(pieces("http と https"), vec![Text("http と https")]);
    }

    #[test]
    fn japanese_text_around_an_address() {
        assert_eq!(
            pieces("詳しくはhttps://example.org/kosodate/を見てください。"),
            vec![
                Text("詳しくは"),
                Link("https://example.org/kosodate/"),
                Text("を見てください。"),
            ]
        );
    }

    #[test]
    fn full_width_punctuation_ends_an_address() {
        for (text, link) in [
            ("https://example.org/a。", "https://example.org/a"),
            ("https://example.org/a、次に", "https://example.org/a"),
            ("（https://example.org/a）", "https://example.org/a"),
            ("「https://example.org/a?q=1」", "https://example.org/a?q=1"),
            ("http://example.org/ 🌸", "http://example.org/"),
        ] {
            let found: Vec<_> = pieces(text)
                .into_iter()
                .filter_map(|p| match p {
                    Link(l) => Some(l),
                    Text(_) => None,
                })
                .collect();
            assert_eq!(found, vec![link], "{text}");
        }
    }

    #[test]
    fn ascii_sentence_punctuation_is_left_out() {
        assert_eq!(
            pieces("See https://example.org/page. Thanks!"),
            vec![
                Text("See "),
                Link("https://example.org/page"),
                Text(". Thanks!"),
            ]
        );
        assert_eq!(
            pieces("(https://example.org/a_(b))"),
            vec![Text("("), Link("https://example.org/a_(b)"), Text(")")]
        );
    }

    #[test]
    fn only_http_and_https_become_links() {
        for text in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "ftp://example.org/",
            "xhttps://example.org/",
            "https://",
            "https:///evil",
            "<a href=\"javascript:alert(1)\">x</a>",
        ] {
            assert!(
                pieces(text).iter().all(|p| matches!(p, Text(_))),
                "{text} made a link"
            );
        }
    }

    #[test]
    fn an_address_cannot_break_out_of_its_attribute() {
        assert_eq!(
            pieces("https://example.org/\"onmouseover=alert(1)"),
            vec![Link("https://example.org/"), Text("\"onmouseover=alert(1)"),]
        );
        assert_eq!(
            pieces("https://example.org/<script>"),
            vec![Link("https://example.org/"), Text("<script>")]
        );
    }

    #[test]
    fn several_links_and_the_text_round_trips() {
        let text = "HTTPS://A.example/x と http://b.example/y,それから";
        let parts = pieces(text);
        assert_eq!(
            parts,
            vec![
                Link("HTTPS://A.example/x"),
                Text(" と "),
                Link("http://b.example/y"),
                Text(",それから"),
            ]
        );
        let joined: String = parts
            .iter()
            .map(|p| match p {
                Link(s) | Text(s) => *s,
            })
            .collect();
        assert_eq!(joined, text);
    }
}
