//! Web origins as plain text, a leaf that imports nothing of the server:
//! parsing `scheme://host[:port]` into the form browsers send, the server's
//! own origin from its settings and a request's `Host`, and whether a `Host`
//! names this server at all ([`host_is_own`], the DNS-rebinding check).
//! Settings, guards and organisation lookups all compare origins in this one
//! form.

use std::net::{IpAddr, SocketAddr};

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
    parse_authority(authority)?;
    Some(text)
}

/// Splits a lower-case `host[:port]` (a `Host` header, an origin's
/// authority) into its host and port; `None` unless the host is a DNS name,
/// an IPv4 address or a bracketed IPv6 address and the port all digits.
fn parse_authority(authority: &str) -> Option<(&str, Option<u16>)> {
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
    if !host_ok {
        return None;
    }
    let port = match port {
        // `u16::from_str` also takes `+80`, which no browser sends.
        Some(port) if port.bytes().all(|byte| byte.is_ascii_digit()) => Some(port.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    Some((host, port))
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

/// True when a request's `Host` names this server, so that a page of
/// another site cannot reach it under that site's name (DNS rebinding: the
/// name `evil.example` made to resolve to this server; the browser then
/// sends `Host: evil.example` and treats the answers as that site's).
///
/// Accepted: `public_url`'s authority (default ports normalised), and the
/// address the server is bound to, at its port (any port if that is 0):
/// - a loopback bind: `localhost` and loopback addresses (`127.0.0.1`,
///   `[::1]`);
/// - a specific address: that address;
/// - an unspecified bind (`0.0.0.0`, `::`): without `public_url`, any `Host`
///   (the server cannot know its names; a start-up warning says so); with
///   it, `localhost` and address literals too (health checks, probes), which
///   a rebinding cannot produce: it needs a name the attacker controls.
///
/// The bind address stays accepted with `public_url` because a reverse
/// proxy may send its upstream's address as `Host` (nginx does by default);
/// the own origin is `public_url` then, whatever `Host` says.
pub fn host_is_own(public_url: Option<&str>, bind: SocketAddr, host: Option<&str>) -> bool {
    let public = public_url.and_then(parse_origin);
    if bind.ip().is_unspecified() && public.is_none() {
        return true;
    }
    let Some(host) = host.map(|host| host.trim().to_ascii_lowercase()) else {
        return false;
    };
    if host.len() > MAX_ORIGIN_CHARS {
        return false;
    }
    let Some((name, port)) = parse_authority(&host) else {
        return false;
    };
    if let Some((scheme, authority)) = public
        .as_deref()
        .and_then(|public| public.split_once("://"))
        && let Some((public_name, public_port)) = parse_authority(authority)
    {
        let default = if scheme == "https" { 443 } else { 80 };
        if name == public_name && port.unwrap_or(default) == public_port.unwrap_or(default) {
            return true;
        }
    }
    names_bind_address(name, port, bind)
}

/// True when `name` (from `Host`) names the bind address; see
/// [`host_is_own`]. The port is not compared: DNS rebinding needs a name the
/// attacker controls, never a port, and local port forwarders (`ssh -L`, a
/// test proxy) reach the server on another port than it bound.
fn names_bind_address(name: &str, _port: Option<u16>, bind: SocketAddr) -> bool {
    let literal = name
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(name)
        .parse::<IpAddr>()
        .ok();
    let bound = bind.ip();
    if bound.is_loopback() {
        name == "localhost" || literal.is_some_and(|ip| ip.is_loopback())
    } else if bound.is_unspecified() {
        name == "localhost" || literal.is_some()
    } else {
        literal == Some(bound)
    }
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

    fn bound(address: &str) -> SocketAddr {
        address.parse().expect("a socket address")
    }

    #[test]
    fn a_loopback_bind_accepts_only_loopback_names() {
        let bind = bound("127.0.0.1:8080");
        for good in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
            // A local port forwarder (`ssh -L`, a test proxy) on another port.
            "127.0.0.1:8081",
            "localhost",
        ] {
            assert!(host_is_own(None, bind, Some(good)), "{good}");
        }
        for bad in [
            "evil.example:8080",
            "127.0.0.1:+8080",
            "10.0.0.1:8080",
            "127.0.0.1.evil.example:8080",
            "",
        ] {
            assert!(!host_is_own(None, bind, Some(bad)), "{bad}");
        }
        assert!(!host_is_own(None, bind, None), "no Host");
        let any_port = bound("[::1]:0");
        assert!(host_is_own(None, any_port, Some("localhost:41234")));
        assert!(!host_is_own(None, any_port, Some("evil.example:41234")));
    }

    #[test]
    fn other_binds_accept_their_address_or_anything_when_unknowable() {
        let specific = bound("192.0.2.7:8080");
        assert!(host_is_own(None, specific, Some("192.0.2.7:8080")));
        assert!(!host_is_own(None, specific, Some("localhost:8080")));
        assert!(!host_is_own(None, specific, Some("evil.example:8080")));
        let unspecified = bound("0.0.0.0:8080");
        assert!(host_is_own(None, unspecified, Some("evil.example:8080")));
        assert!(host_is_own(None, unspecified, None));
        let on_port_80 = bound("[::]:80");
        assert!(host_is_own(None, on_port_80, Some("anything.example")));
    }

    #[test]
    fn with_public_url_its_authority_and_the_bind_address_are_accepted() {
        let public = Some("https://chat.example.org/");
        let bind = bound("127.0.0.1:8080");
        for good in [
            "chat.example.org",
            "Chat.Example.Org:443",
            "127.0.0.1:8080",
            "localhost:8080",
        ] {
            assert!(host_is_own(public, bind, Some(good)), "{good}");
        }
        for bad in [
            "chat.example.org:80",
            "evil.example",
            "chat.example.org.evil",
        ] {
            assert!(!host_is_own(public, bind, Some(bad)), "{bad}");
        }
        let unspecified = bound("0.0.0.0:8080");
        assert!(host_is_own(public, unspecified, Some("chat.example.org")));
        assert!(
            host_is_own(public, unspecified, Some("10.1.2.3:8080")),
            "a probe"
        );
        assert!(!host_is_own(public, unspecified, Some("evil.example:8080")));
        assert!(!host_is_own(public, unspecified, None));
        let plain = Some("http://chat.example.org:8443");
        assert!(host_is_own(plain, bind, Some("chat.example.org:8443")));
        assert!(!host_is_own(plain, bind, Some("chat.example.org")));
    }
}
