//! Web origins as plain text, a leaf that imports nothing of the server:
//! parsing `scheme://host[:port]` into the form browsers send, and the
//! server's own origin from its settings and a request's `Host`. Settings,
//! guards and organisation lookups all compare origins in this one form.

/// Longest origin we accept (a DNS name is at most 253 characters).
pub const MAX_ORIGIN_CHARS: usize = 300;

/// Parses an origin `http(s)://host[:port]` (one trailing `/` tolerated) into
/// its lower-case serialisation, as browsers send it; `None` for anything
/// else: a path, a query, credentials, another scheme.
pub fn parse_origin(text: &str) -> Option<String> {
    let text = text.trim();
    if text.len() > MAX_ORIGIN_CHARS {
        return None;
    }
    let text = text.strip_suffix('/').unwrap_or(text).to_ascii_lowercase();
    let (scheme, authority) = text.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let (host, port) = split_port(authority)?;
    let host_ok = if let Some(inner) = host.strip_prefix('[') {
        inner
            .strip_suffix(']')
            .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok())
    } else {
        !host.is_empty()
            && host
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.')
    };
    if !host_ok || port.is_some_and(|port| port.parse::<u16>().is_err()) {
        return None;
    }
    Some(text)
}

/// Splits `host[:port]`, minding the colons of `[IPv6]`.
fn split_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at(end + 1);
        return match rest {
            "" => Some((host, None)),
            _ => Some((host, Some(rest.strip_prefix(':')?))),
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => Some((host, Some(port))),
        None => Some((authority, None)),
    }
}

/// The server's own origin: `public_url` when set (behind a TLS proxy), else
/// the scheme (https when `secure`) and the request's `Host`. `None` without
/// a usable `Host`.
pub fn own_origin(public_url: Option<&str>, secure: bool, host: Option<&str>) -> Option<String> {
    if let Some(public) = public_url {
        return parse_origin(public);
    }
    let scheme = if secure { "https" } else { "http" };
    parse_origin(&format!("{scheme}://{}", host?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            parse_origin(" HTTPS://Example.org/ ").as_deref(),
            Some("https://example.org")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8081").as_deref(),
            Some("http://127.0.0.1:8081")
        );
        assert_eq!(
            parse_origin("http://[::1]:80").as_deref(),
            Some("http://[::1]:80")
        );
        for bad in [
            "example.org",
            "ftp://example.org",
            "https://example.org/path",
            "https://user@example.org",
            "https://example.org:99999",
            "https://",
            "https://exa mple.org",
            "https://[nothex]",
            "null",
        ] {
            assert_eq!(parse_origin(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_own_origin_comes_from_public_url_else_the_host() {
        assert_eq!(
            own_origin(
                Some("https://chat.example.org/"),
                false,
                Some("127.0.0.1:8080")
            )
            .as_deref(),
            Some("https://chat.example.org")
        );
        assert_eq!(
            own_origin(None, false, Some("127.0.0.1:8080")).as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(own_origin(None, true, None), None);
    }
}
