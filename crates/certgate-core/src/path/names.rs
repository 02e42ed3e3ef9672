//! Name matching: DNS-name syntax (RFC 1034 §3.5 as amended by RFC 1123
//! §2.1), name constraints (RFC 5280 §4.2.1.10) and peer names (RFC 6125 §6.4).

use alloc::vec::Vec;

use crate::certificate::GeneralSubtree;
use crate::name::{DistinguishedName, GeneralName};

/// True for a syntactically valid DNS name. `allow_wildcard` admits one
/// leading `*.` label (presented identifiers only); `allow_underscore`
/// admits `_`, which browsers tolerate but RFC 5280 §4.2.1.6 does not.
pub(crate) fn is_valid_dns_name(name: &str, allow_wildcard: bool, allow_underscore: bool) -> bool {
    let name = if allow_wildcard {
        name.strip_prefix("*.").unwrap_or(name)
    } else {
        name
    };
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    name.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.bytes().all(|byte| {
                byte.is_ascii_alphanumeric() || byte == b'-' || (allow_underscore && byte == b'_')
            })
    })
}

/// True for `local@domain` with a valid domain (RFC 5280 §4.2.1.6 refers to
/// RFC 2821's Mailbox; the local part is taken as is).
pub(crate) fn is_valid_email(address: &str) -> bool {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !local.contains('@')
                && local.bytes().all(|byte| byte.is_ascii_graphic())
                && is_valid_dns_name(domain, false, true)
        }
        None => false,
    }
}

/// DNS name `presented` against dNSName constraint `constraint` (RFC 5280
/// §4.2.1.10: "adding zero or more labels to the left-hand side"). A
/// leading `.` in the constraint means proper subdomains only; `""` matches
/// every name.
///
/// A wildcard `*.base` stands for every `x.base`: for a permitted subtree
/// all of them must fall within it (`every`), for an excluded subtree one
/// is enough (`!every`), so `*.example.com` is caught by an exclusion of
/// `www.example.com` but not admitted by a permission of it.
pub(crate) fn dns_within(presented: &str, constraint: &str, every: bool) -> bool {
    if constraint.is_empty() {
        return true;
    }
    let presented = presented.to_ascii_lowercase();
    let constraint = constraint.to_ascii_lowercase();
    let bare = constraint.trim_start_matches('.');
    if let Some(base) = presented.strip_prefix("*.") {
        let all = base == bare || base.ends_with(&alloc::format!(".{bare}"));
        let some = bare.split_once('.').is_some_and(|(label, rest)| {
            !label.is_empty() && rest == base && !constraint.starts_with('.')
        });
        return all || (!every && some);
    }
    if constraint.starts_with('.') {
        return presented.len() > constraint.len() && presented.ends_with(&constraint);
    }
    presented == constraint || presented.ends_with(&alloc::format!(".{constraint}"))
}

/// e-mail address (or a DN emailAddress) against an rfc822Name constraint
/// (RFC 5280 §4.2.1.10): a full mailbox, a host (`example.com`), or a
/// domain (`.example.com`: any host beneath it).
pub(crate) fn email_within(address: &str, constraint: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    if let Some((constraint_local, constraint_domain)) = constraint.rsplit_once('@') {
        return local == constraint_local && domain.eq_ignore_ascii_case(constraint_domain);
    }
    if constraint.starts_with('.') {
        let domain = domain.to_ascii_lowercase();
        return domain.ends_with(&constraint.to_ascii_lowercase())
            && domain.len() > constraint.len();
    }
    domain.eq_ignore_ascii_case(constraint)
}

/// IP address (4 or 16 bytes) against an iPAddress constraint (address +
/// mask, 8 or 32 bytes), RFC 5280 §4.2.1.10.
pub(crate) fn ip_within(address: &[u8], constraint: &[u8]) -> bool {
    if constraint.len() != address.len() * 2 {
        return false;
    }
    let (network, mask) = constraint.split_at(address.len());
    address
        .iter()
        .zip(network)
        .zip(mask)
        .all(|((a, n), m)| a & m == n & m)
}

/// Host part of a URI (`scheme://[user@]host[:port]/…`), lower-cased.
fn uri_host(uri: &str) -> Option<&str> {
    let rest = uri.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    // Characters that URL parsers disagree on make the host unknowable.
    if authority.contains(['\\', '%']) {
        return None;
    }
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);

    let host = if host.starts_with('[') {
        host
    } else {
        host.split(':').next()?
    };
    // `www.example.com.` is the same host as `www.example.com`.
    let host = host.strip_suffix('.').unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// URI against a uniformResourceIdentifier constraint: the host, as for
/// DNS names, with `.domain` meaning subdomains (RFC 5280 §4.2.1.10).
pub(crate) fn uri_within(uri: &str, constraint: &str, every: bool) -> bool {
    // A URI whose host cannot be told is never admitted by a permitted
    // subtree and always caught by an excluded one.
    let Some(host) = uri_host(uri) else {
        return !every;
    };
    if let Some(suffix) = constraint.strip_prefix('.') {
        let host = host.to_ascii_lowercase();
        return host.ends_with(&alloc::format!(".{}", suffix.to_ascii_lowercase()));
    }
    host.eq_ignore_ascii_case(constraint)
}

/// Which constraint form applies to a name, so a subtree of one form says
/// nothing about names of another (RFC 5280 §4.2.1.10).
fn same_form(name: &GeneralName, base: &GeneralName) -> bool {
    matches!(
        (name, base),
        (GeneralName::Dns(_), GeneralName::Dns(_))
            | (GeneralName::Email(_), GeneralName::Email(_))
            | (GeneralName::Ip(_), GeneralName::Ip(_))
            | (GeneralName::Uri(_), GeneralName::Uri(_))
            | (GeneralName::Directory(_), GeneralName::Directory(_))
    ) || matches!((name, base), (GeneralName::Other(a), GeneralName::Other(b)) if a == b)
}

/// `name` falls within subtree base `base` (same form assumed); `every`
/// as for [`dns_within`].
fn within(name: &GeneralName, base: &GeneralName, every: bool) -> bool {
    match (name, base) {
        (GeneralName::Dns(name), GeneralName::Dns(base)) => dns_within(name, base, every),
        (GeneralName::Email(name), GeneralName::Email(base)) => email_within(name, base),
        (GeneralName::Ip(name), GeneralName::Ip(base)) => ip_within(name, base),
        (GeneralName::Uri(name), GeneralName::Uri(base)) => uri_within(name, base, every),
        (GeneralName::Directory(name), GeneralName::Directory(base)) => name.is_within(base),
        // otherName values cannot be compared in general; RFC 5280 §4.2.1.10
        // says to process the constraint or reject, so an exclusion of the
        // same type catches the name and a permission never admits it.
        (GeneralName::Other(_), GeneralName::Other(_)) => !every,
        _ => false,
    }
}

/// The accumulated name-constraint state of RFC 5280 §6.1.2(b)/(c): a list
/// of permitted sets (each certificate's permitted subtrees narrow the
/// previous ones, so a name must fall within one subtree of *every* set of
/// its form) and the union of excluded subtrees.
#[derive(Clone, Debug, Default)]
pub(crate) struct ConstraintState {
    permitted: Vec<Vec<GeneralName>>,
    excluded: Vec<GeneralName>,
}

/// Most (name, subtree) comparisons for one certificate.
const MAX_NAME_COMPARISONS: usize = 1 << 16;

/// Why a name violated the constraints.
pub(crate) struct Violation {
    pub name: GeneralName,
    pub excluded: bool,
    /// True when the check was refused for exceeding the comparison budget.
    pub budget: bool,
}

impl ConstraintState {
    /// Adds a CA's nameConstraints (RFC 5280 §6.1.4(g)).
    pub fn add(
        &mut self,
        permitted: Option<&[GeneralSubtree]>,
        excluded: Option<&[GeneralSubtree]>,
    ) {
        if let Some(permitted) = permitted {
            self.permitted
                .push(permitted.iter().map(|tree| tree.base.clone()).collect());
        }
        if let Some(excluded) = excluded {
            self.excluded
                .extend(excluded.iter().map(|tree| tree.base.clone()));
        }
    }

    /// True when no constraint has been added.
    pub fn is_empty(&self) -> bool {
        self.permitted.is_empty() && self.excluded.is_empty()
    }

    /// Checks one name (RFC 5280 §6.1.3(b)/(c)).
    fn check_name(&self, name: &GeneralName) -> Result<(), Violation> {
        if self
            .excluded
            .iter()
            .any(|base| same_form(name, base) && within(name, base, false))
        {
            return Err(Violation {
                name: name.clone(),
                excluded: true,
                budget: false,
            });
        }
        for set in &self.permitted {
            let mut same_form_seen = false;
            let mut inside = false;
            for base in set.iter().filter(|base| same_form(name, base)) {
                same_form_seen = true;
                if within(name, base, true) {
                    inside = true;
                    break;
                }
            }
            if same_form_seen && !inside {
                return Err(Violation {
                    name: name.clone(),
                    excluded: false,
                    budget: false,
                });
            }
        }
        Ok(())
    }

    /// Checks a certificate's subject DN, its emailAddress attributes and
    /// its subjectAltName entries. For an end entity without DNS SANs, a
    /// common name that looks like a host name is checked as a DNS name too,
    /// as browsers do, so constraints cannot be dodged through the CN.
    pub fn check(
        &self,
        subject: &DistinguishedName,
        alt_names: Option<&[GeneralName]>,
        check_common_name: bool,
    ) -> Result<(), Violation> {
        if self.is_empty() {
            return Ok(());
        }
        // Quadratic blow-up guard (limbo pathological::nc-dos-*): names ×
        // subtrees beyond a budget is refused rather than computed.
        let names = 1 + alt_names.map_or(0, <[GeneralName]>::len) + subject.rdns.len();
        let subtrees = self.excluded.len() + self.permitted.iter().map(Vec::len).sum::<usize>();
        if names.saturating_mul(subtrees) > MAX_NAME_COMPARISONS {
            return Err(Violation {
                name: GeneralName::Directory(subject.clone()),
                excluded: false,
                budget: true,
            });
        }
        if !subject.is_empty() {
            self.check_name(&GeneralName::Directory(subject.clone()))?;
        }
        for email in subject.attributes(const_oid::db::rfc3280::EMAIL_ADDRESS) {
            self.check_name(&GeneralName::Email(email.into()))?;
        }
        let names = alt_names.unwrap_or_default();
        for name in names {
            self.check_name(name)?;
        }
        // Like webpki and Chrome: the CN stands in for a DNS name only when
        // there is no subjectAltName at all.
        if check_common_name && alt_names.is_none() {
            for common_name in subject.attributes(const_oid::db::rfc4519::CN) {
                if is_valid_dns_name(common_name, true, true) && common_name.contains('.') {
                    self.check_name(&GeneralName::Dns(common_name.into()))?;
                }
            }
        }
        Ok(())
    }
}

/// A name the caller expects the leaf to carry.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PeerName {
    /// A DNS name (matched against dNSName SANs, wildcards allowed).
    Dns(alloc::string::String),
    /// An IPv4 or IPv6 address, 4 or 16 bytes (matched against iPAddress SANs).
    Ip(alloc::vec::Vec<u8>),
    /// An e-mail address (matched against rfc822Name SANs).
    Email(alloc::string::String),
}

impl PeerName {
    /// Parses `text` as an IP address if it is one, otherwise as a DNS name.
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(address) = text.parse::<core::net::IpAddr>() {
            return Some(match address {
                core::net::IpAddr::V4(v4) => Self::Ip(v4.octets().to_vec()),
                core::net::IpAddr::V6(v6) => Self::Ip(v6.octets().to_vec()),
            });
        }
        let name = text.strip_suffix('.').unwrap_or(text);
        is_valid_dns_name(name, false, true).then(|| Self::Dns(name.to_ascii_lowercase()))
    }

    /// The name as text.
    pub fn to_text(&self) -> alloc::string::String {
        match self {
            Self::Dns(name) | Self::Email(name) => name.clone(),
            Self::Ip(bytes) => crate::name::ip_text(bytes),
        }
    }
}

/// RFC 6125 §6.4: does a presented SAN match the reference name? Wildcards
/// only as the whole leftmost label, matching exactly one label, never in
/// a public-suffix-like two-label name (`*.com`).
pub(crate) fn peer_name_matches(alt_names: &[GeneralName], reference: &PeerName) -> bool {
    alt_names.iter().any(|name| match (name, reference) {
        (GeneralName::Dns(presented), PeerName::Dns(reference)) => {
            dns_matches_reference(presented, reference)
        }
        (GeneralName::Ip(presented), PeerName::Ip(reference)) => presented == reference,
        (GeneralName::Email(presented), PeerName::Email(reference)) => {
            match (presented.rsplit_once('@'), reference.rsplit_once('@')) {
                (Some((pl, pd)), Some((rl, rd))) => pl == rl && pd.eq_ignore_ascii_case(rd),
                _ => false,
            }
        }
        _ => false,
    })
}

fn dns_matches_reference(presented: &str, reference: &str) -> bool {
    if !is_valid_dns_name(presented, true, true) {
        return false;
    }
    let presented = presented.to_ascii_lowercase();
    let reference = reference.to_ascii_lowercase();
    match presented.strip_prefix("*.") {
        Some(base) => {
            base.contains('.')
                && reference
                    .split_once('.')
                    .is_some_and(|(label, rest)| !label.is_empty() && rest == base)
        }
        None => presented == reference,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_constraints() {
        assert!(dns_within("example.com", "example.com", true));
        assert!(dns_within("www.example.com", "example.com", true));
        assert!(!dns_within("badexample.com", "example.com", true));
        assert!(dns_within("www.example.com", ".example.com", true));
        assert!(!dns_within("example.com", ".example.com", true));
        assert!(dns_within("anything", "", true));
        assert!(dns_within("*.example.com", "www.example.com", false));
        assert!(!dns_within("*.example.com", "www.example.com", true));
        assert!(dns_within("*.example.com", "example.com", true));
        assert!(dns_within("*.example.com", ".example.com", true));
        assert!(!dns_within("*.example.com", "a.b.example.com", false));
        assert!(dns_within("WWW.Example.COM", "example.com", true));
    }

    #[test]
    fn ip_and_email_constraints() {
        assert!(ip_within(&[10, 1, 2, 3], &[10, 0, 0, 0, 255, 0, 0, 0]));
        assert!(!ip_within(&[11, 1, 2, 3], &[10, 0, 0, 0, 255, 0, 0, 0]));
        assert!(!ip_within(&[10, 1, 2, 3], &[0; 32]));
        assert!(email_within("a@example.com", "example.com"));
        assert!(email_within("a@mail.example.com", ".example.com"));
        assert!(!email_within("a@example.com", ".example.com"));
        assert!(email_within("a@Example.com", "a@example.com"));
    }

    #[test]
    fn uri_constraints() {
        assert!(uri_within(
            "https://www.example.com./x",
            "www.example.com",
            false
        ));
        assert!(uri_within(
            "https://a.example.com:8443/",
            ".example.com",
            true
        ));
        assert!(uri_within(
            "http://evil.com\\@www.example.com/",
            "www.example.com",
            false
        ));
        assert!(!uri_within(
            "http://evil.com\\@www.example.com/",
            "www.example.com",
            true
        ));
    }

    #[test]
    fn peer_names() {
        let names = [GeneralName::Dns("*.example.com".into())];
        assert!(peer_name_matches(
            &names,
            &PeerName::Dns("www.example.com".into())
        ));
        assert!(!peer_name_matches(
            &names,
            &PeerName::Dns("a.b.example.com".into())
        ));
        assert!(!peer_name_matches(
            &names,
            &PeerName::Dns("example.com".into())
        ));
        let wide = [GeneralName::Dns("*.com".into())];
        assert!(!peer_name_matches(
            &wide,
            &PeerName::Dns("example.com".into())
        ));
        assert_eq!(
            PeerName::parse("10.0.0.1"),
            Some(PeerName::Ip(alloc::vec![10, 0, 0, 1]))
        );
        assert_eq!(PeerName::parse("bad name"), None);
    }
}
