//! The client's address, for per-address limits: the socket's peer, or the
//! last value of the configured `trusted_proxy_header` (the one our own
//! proxy appended; earlier values are whatever the client claimed). The
//! header is ignored unless configured, so nobody can pick their own
//! address. IPv6 clients are counted per /64, the block one subscriber gets.
//! Addresses are never stored, and logged only if `log_client_addresses`.
//! A leaf: the request extractor lives in `crate::http::extractors`.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::http::HeaderMap;

use crate::config::Config;

/// Where a request comes from (`Default`: unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientAddress {
    ip: Option<IpAddr>,
}

impl ClientAddress {
    /// The address of a request with these headers from `peer`.
    pub fn resolve(config: &Config, headers: &HeaderMap, peer: Option<SocketAddr>) -> Self {
        let forwarded = config
            .trusted_proxy_header
            .as_deref()
            .and_then(|name| headers.get_all(name).iter().next_back())
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.rsplit(',').next())
            .and_then(parse_ip);
        ClientAddress {
            ip: forwarded.or(peer.map(|peer| peer.ip())),
        }
    }

    /// The key limits count under.
    pub fn key(&self) -> String {
        match self.ip {
            Some(IpAddr::V6(ip)) if ip.to_ipv4_mapped().is_none() => {
                let [a, b, c, d, ..] = ip.segments();
                format!("{}/64", Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
            }
            Some(IpAddr::V6(ip)) => ip.to_canonical().to_string(),
            Some(ip) => ip.to_string(),
            None => "unknown".to_owned(),
        }
    }

    /// The address for a log line (only when configured).
    pub fn ip(&self) -> String {
        self.ip
            .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
    }
}

/// `1.2.3.4`, `::1`, `[::1]:80` or `1.2.3.4:5`.
fn parse_ip(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn forwarded(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn the_proxy_header_counts_only_when_configured() {
        let peer = Some(SocketAddr::from(([10, 0, 0, 1], 5000)));
        let headers = forwarded(&["6.6.6.6", "1.1.1.1, 2.2.2.2"]);
        let plain = ClientAddress::resolve(&Config::default(), &headers, peer);
        assert_eq!(plain.key(), "10.0.0.1");
        let config = Config {
            trusted_proxy_header: Some("x-forwarded-for".into()),
            ..Config::default()
        };
        let proxied = ClientAddress::resolve(&config, &headers, peer);
        assert_eq!(proxied.key(), "2.2.2.2", "the last value, set by our proxy");
        let garbage = ClientAddress::resolve(&config, &forwarded(&["nonsense"]), peer);
        assert_eq!(garbage.key(), "10.0.0.1");
    }

    #[test]
    fn ipv6_clients_count_per_64() {
        let config = Config {
            trusted_proxy_header: Some("x-forwarded-for".into()),
            ..Config::default()
        };
        let one = ClientAddress::resolve(&config, &forwarded(&["2001:db8:1:2:aaaa::1"]), None);
        let two = ClientAddress::resolve(&config, &forwarded(&["[2001:db8:1:2::9]:443"]), None);
        assert_eq!(one.key(), two.key());
        assert_eq!(one.key(), "2001:db8:1:2::/64");
        let mapped = ClientAddress::resolve(&config, &forwarded(&["::ffff:1.2.3.4"]), None);
        assert_eq!(mapped.key(), "1.2.3.4");
    }
}
