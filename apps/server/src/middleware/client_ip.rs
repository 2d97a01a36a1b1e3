//! Which client a request counts against, for the per-IP rate limits.
//!
//! Behind a reverse proxy the TCP peer is the proxy, so every client would share one bucket.
//! When (and only when) the peer is a configured trusted proxy, `X-Forwarded-For` is read from
//! the right: each proxy appends the address it saw, so the right-most address that is not a
//! trusted proxy is the client. Anything left of it was written by the client and is ignored.
//! From any other peer the header is ignored: a header anyone can forge must not pick a bucket.

use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The trusted proxies (`TRUSTED_PROXIES`), and how a request's client key is found.
#[derive(Debug, Clone, Default)]
pub struct ClientKeys {
    trusted_proxies: Vec<IpNet>,
}

impl ClientKeys {
    pub fn new(trusted_proxies: Vec<IpNet>) -> Self {
        Self { trusted_proxies }
    }

    /// The key of the client behind `peer`: its address, IPv6 clients by their /64 (one
    /// subscriber usually holds a whole /64 and could otherwise rotate through it).
    /// `forwarded_for` holds the `X-Forwarded-For` header values in the order received.
    pub fn client_key<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl IntoIterator<Item = &'a str>,
    ) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.is_trusted(client) {
            return bucket(client);
        }
        let hops: Vec<&str> = forwarded_for
            .into_iter()
            .flat_map(|value| value.split(','))
            .collect();
        for hop in hops.into_iter().rev() {
            // An unreadable hop ends the chain: keep the last address a trusted proxy vouched for.
            let Some(address) = parse_hop(hop) else {
                break;
            };
            client = address;
            if !self.is_trusted(address) {
                break;
            }
        }
        bucket(client)
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        self.trusted_proxies
            .iter()
            .any(|proxy| proxy.contains(&address))
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:80`, `[::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
        .map(|address| address.to_canonical())
}

/// IPv4 addresses stand alone; IPv6 addresses are keyed by their /64 network.
fn bucket(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & (u128::MAX << 64);
            IpAddr::V6(Ipv6Addr::from(network))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(trusted: &[&str]) -> ClientKeys {
        ClientKeys::new(trusted.iter().map(|net| net.parse().unwrap()).collect())
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_the_header_says() {
        let keys = keys(&["10.0.0.0/8"]);
        assert_eq!(
            keys.client_key(ip("203.0.113.9"), ["198.51.100.1"]),
            ip("203.0.113.9")
        );
        let no_proxies = ClientKeys::default();
        assert_eq!(
            no_proxies.client_key(ip("127.0.0.1"), ["198.51.100.1"]),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let keys = keys(&["10.0.0.0/8", "192.168.1.1/32"]);
        // The client forged the first entry; proxies appended the rest.
        let header = "6.6.6.6, 203.0.113.7, 10.1.2.3";
        assert_eq!(
            keys.client_key(ip("192.168.1.1"), [header]),
            ip("203.0.113.7")
        );
        // Several header lines form one list, in order.
        assert_eq!(
            keys.client_key(ip("10.0.0.1"), ["6.6.6.6", "203.0.113.7, 10.9.9.9"]),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn without_a_header_or_with_only_proxies_the_leftmost_known_address_counts() {
        let keys = keys(&["10.0.0.0/8"]);
        assert_eq!(keys.client_key(ip("10.0.0.1"), []), ip("10.0.0.1"));
        assert_eq!(
            keys.client_key(ip("10.0.0.1"), ["10.0.0.2, 10.0.0.3"]),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn an_unreadable_hop_stops_the_walk() {
        let keys = keys(&["10.0.0.0/8"]);
        assert_eq!(
            keys.client_key(ip("10.0.0.1"), ["203.0.113.7, garbage, 10.0.0.5"]),
            ip("10.0.0.5")
        );
        assert_eq!(keys.client_key(ip("10.0.0.1"), ["unknown"]), ip("10.0.0.1"));
    }

    #[test]
    fn hops_may_carry_ports_and_mapped_addresses() {
        let keys = keys(&["10.0.0.0/8"]);
        assert_eq!(
            keys.client_key(ip("10.0.0.1"), ["203.0.113.7:4711"]),
            ip("203.0.113.7")
        );
        assert_eq!(
            keys.client_key(ip("::ffff:10.0.0.1"), ["::ffff:203.0.113.7"]),
            ip("203.0.113.7")
        );
        assert_eq!(
            keys.client_key(ip("10.0.0.1"), ["[2001:db8::1]:443"]),
            ip("2001:db8::")
        );
    }

    #[test]
    fn ipv6_clients_share_a_key_per_64() {
        let keys = ClientKeys::default();
        let one = keys.client_key(ip("2001:db8:1:2:aaaa::1"), []);
        let same_64 = keys.client_key(ip("2001:db8:1:2:ffff::9"), []);
        let next_64 = keys.client_key(ip("2001:db8:1:3::1"), []);
        assert_eq!(one, ip("2001:db8:1:2::"));
        assert_eq!(one, same_64);
        assert_ne!(one, next_64);
    }
}
