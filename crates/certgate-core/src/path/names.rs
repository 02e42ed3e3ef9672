//! Name matching: DNS-name syntax (RFC 1034 §3.5 as amended by RFC 1123
//! §2.1), name constraints (RFC 5280 §4.2.1.10) and peer names (RFC 6125 §6.4).

use alloc::string::String;
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
#[cfg(test)]
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
#[cfg(test)]
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
/// nothing about names of another (RFC 5280 §4.2.1.10). The linear
/// reference for [`Subtrees`], kept for its tests.
#[cfg(test)]
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
/// as for [`dns_within`]. The linear reference for [`Subtrees`].
#[cfg(test)]
fn within(name: &GeneralName, base: &GeneralName, every: bool) -> bool {
    match (name, base) {
        (GeneralName::Dns(name), GeneralName::Dns(base)) => dns_within(name, base, every),
        (GeneralName::Email(name), GeneralName::Email(base)) => email_within(name, base),
        (GeneralName::Ip(name), GeneralName::Ip(base)) => ip_within(name, base),
        (GeneralName::Uri(name), GeneralName::Uri(base)) => uri_within(name, base, every),
        (GeneralName::Directory(name), GeneralName::Directory(base)) => name.is_within(base),
        (GeneralName::Other(_), GeneralName::Other(_)) => !every,
        _ => false,
    }
}

// Log-linear matching, after Go's crypto/x509 (constraints.go, 1.26+):
// each CA's subtrees are sorted and pruned once, and a name is then matched
// by binary search instead of against every subtree.
//
// DNS-like names are compared as their labels in reverse, lower-cased
// (`www.Example.com` → [com, example, www]), so a subtree is a prefix of
// the names within it. Sorted lexicographically, and with every key that
// extends a kept one pruned (whatever it admits, the shorter one admits
// too), no kept key is a prefix of another; then at most one kept key is a
// prefix of a given name, and it is the greatest kept key not above the
// name, one binary search away. The exact rule of each form (a `.domain`
// constraint wants a proper subdomain, URIs and e-mail hosts want the host
// itself) is applied to that one candidate, so matching decides as the
// pairwise functions above do.

/// Reversed, lower-cased labels of a DNS-like name.
type Labels = Vec<String>;

fn labels(name: &str) -> Labels {
    name.to_ascii_lowercase()
        .split('.')
        .rev()
        .map(String::from)
        .collect()
}

/// Work counted against [`MAX_WORK`]: comparisons made while sorting and
/// searching, and pairwise comparisons where no order helps.
#[derive(Clone, Copy, Debug, Default)]
struct Work(usize);

impl Work {
    fn add(&mut self, units: usize) {
        self.0 = self.0.saturating_add(units);
    }
}

/// Sorts with a counted comparison, then drops each key that `covered`
/// says an earlier kept one already covers.
fn sort_and_prune<T: Ord>(
    mut keys: Vec<T>,
    covered: impl Fn(&T, &T) -> bool,
    work: &mut Work,
) -> Vec<T> {
    crate::order::sort_by(&mut keys, |a, b| {
        work.add(1);
        a.cmp(b)
    });
    let mut kept: Vec<T> = Vec::with_capacity(keys.len());
    for key in keys {
        work.add(1);
        if !kept.last().is_some_and(|last| covered(last, &key)) {
            kept.push(key);
        }
    }
    kept
}

/// The greatest key not above `target` (counted binary search).
fn floor<'a, T: Ord + ?Sized, K: core::borrow::Borrow<T>>(
    keys: &'a [K],
    target: &T,
    work: &mut Work,
) -> Option<&'a K> {
    let index = keys.partition_point(|key| {
        work.add(1);
        key.borrow() <= target
    });
    index.checked_sub(1).map(|index| &keys[index])
}

fn contains<T: Ord + ?Sized, K: core::borrow::Borrow<T>>(
    keys: &[K],
    target: &T,
    work: &mut Work,
) -> bool {
    floor(keys, target, work).is_some_and(|key| key.borrow() == target)
}

/// Label-sequence keys, sorted, none a prefix of another.
#[derive(Clone, Debug, Default)]
struct SuffixSet(Vec<Labels>);

impl SuffixSet {
    fn new(keys: Vec<Labels>, work: &mut Work) -> Self {
        Self(sort_and_prune(
            keys,
            |kept, key| key.starts_with(kept),
            work,
        ))
    }

    /// The one key that may be a prefix of `name`.
    fn prefix_of(&self, name: &[String], work: &mut Work) -> Option<&Labels> {
        floor(&self.0, name, work).filter(|key| name.starts_with(key))
    }
}

/// dNSName subtrees of one CA (RFC 5280 §4.2.1.10), as [`dns_within`]
/// decides them.
#[derive(Clone, Debug, Default)]
struct DnsSubtrees {
    present: bool,
    /// `""`: every name.
    all: bool,
    /// `example.com`: the name and its subdomains.
    domains: SuffixSet,
    /// `.example.com`: proper subdomains, keyed by `example.com`.
    subdomains: SuffixSet,
    /// `..example.com` and the like, which no sane CA writes: their
    /// wildcard rule differs, so they are compared one by one.
    odd: Vec<String>,
    /// For excluded subtrees: `www.example.com` keyed by `example.com`,
    /// so `*.example.com` is caught (one of the names it stands for).
    parents: Vec<Labels>,
}

impl DnsSubtrees {
    fn new(bases: &[&str], excluded: bool, work: &mut Work) -> Self {
        let mut domains = Vec::new();
        let mut subdomains = Vec::new();
        let mut set = Self {
            present: !bases.is_empty(),
            ..Self::default()
        };
        for base in bases {
            if base.is_empty() {
                set.all = true;
            } else if let Some(rest) = base.strip_prefix('.') {
                if rest.starts_with('.') {
                    set.odd.push(String::from(*base));
                } else {
                    subdomains.push(labels(rest));
                }
            } else {
                if excluded && let Some((_, rest)) = base.split_once('.') {
                    set.parents.push(labels(rest));
                }
                domains.push(labels(base));
            }
        }
        set.domains = SuffixSet::new(domains, work);
        set.subdomains = SuffixSet::new(subdomains, work);
        set.parents = sort_and_prune(set.parents, |kept, key| kept == key, work);
        set
    }

    fn matches(&self, name: &str, every: bool, work: &mut Work) -> bool {
        if self.all {
            return true;
        }
        let lower = name.to_ascii_lowercase();
        let found = if let Some(base) = lower.strip_prefix("*.") {
            // Every name `*.base` stands for is within a subtree that
            // `base` is (a subdomain of); for an exclusion, one is enough.
            let base = labels(base);
            self.domains.prefix_of(&base, work).is_some()
                || self.subdomains.prefix_of(&base, work).is_some()
                || (!every && contains(&self.parents, base.as_slice(), work))
        } else {
            let name = labels(&lower);
            self.domains.prefix_of(&name, work).is_some()
                || self
                    .subdomains
                    .prefix_of(&name, work)
                    .is_some_and(|key| proper_subdomain(&name, key))
        };
        found || {
            work.add(self.odd.len());
            self.odd.iter().any(|base| dns_within(name, base, every))
        }
    }
}

/// `name` (labels) is a proper subdomain of `key`, as `.key` constrains:
/// longer, and not just `.key` itself (an empty first label).
fn proper_subdomain(name: &[String], key: &[String]) -> bool {
    name.len() > key.len() && !(name.len() == key.len() + 1 && name[key.len()].is_empty())
}

/// rfc822Name subtrees of one CA, as [`email_within`] decides them.
#[derive(Clone, Debug, Default)]
struct EmailSubtrees {
    present: bool,
    /// `local@domain`, the domain lower-cased.
    mailboxes: Vec<(String, String)>,
    /// `example.com`: that host only, lower-cased.
    hosts: Vec<String>,
    /// `.example.com`: any host beneath it, keyed by `example.com`.
    domains: SuffixSet,
}

impl EmailSubtrees {
    fn new(bases: &[&str], work: &mut Work) -> Self {
        let mut mailboxes = Vec::new();
        let mut hosts = Vec::new();
        let mut domains = Vec::new();
        for base in bases {
            if let Some((local, domain)) = base.rsplit_once('@') {
                mailboxes.push((String::from(local), domain.to_ascii_lowercase()));
            } else if let Some(rest) = base.strip_prefix('.') {
                domains.push(labels(rest));
            } else {
                hosts.push(base.to_ascii_lowercase());
            }
        }
        Self {
            present: !bases.is_empty(),
            mailboxes: sort_and_prune(mailboxes, |kept, key| kept == key, work),
            hosts: sort_and_prune(hosts, |kept, key| kept == key, work),
            domains: SuffixSet::new(domains, work),
        }
    }

    fn matches(&self, address: &str, work: &mut Work) -> bool {
        let Some((local, domain)) = address.rsplit_once('@') else {
            return false;
        };
        let domain = domain.to_ascii_lowercase();
        let mailbox = (String::from(local), domain.clone());
        if contains(&self.mailboxes, &mailbox, work) || contains(&self.hosts, &domain, work) {
            return true;
        }
        let name = labels(&domain);
        self.domains
            .prefix_of(&name, work)
            .is_some_and(|key| proper_subdomain(&name, key))
    }
}

/// uniformResourceIdentifier subtrees of one CA, as [`uri_within`]
/// decides them.
#[derive(Clone, Debug, Default)]
struct UriSubtrees {
    present: bool,
    /// `host`: that host only, lower-cased.
    hosts: Vec<String>,
    /// `.example.com`: hosts ending in it, keyed by `example.com`.
    domains: SuffixSet,
}

impl UriSubtrees {
    fn new(bases: &[&str], work: &mut Work) -> Self {
        let mut hosts = Vec::new();
        let mut domains = Vec::new();
        for base in bases {
            match base.strip_prefix('.') {
                Some(rest) => domains.push(labels(rest)),
                None => hosts.push(base.to_ascii_lowercase()),
            }
        }
        Self {
            present: !bases.is_empty(),
            hosts: sort_and_prune(hosts, |kept, key| kept == key, work),
            domains: SuffixSet::new(domains, work),
        }
    }

    fn matches(&self, uri: &str, every: bool, work: &mut Work) -> bool {
        let Some(host) = uri_host(uri) else {
            return !every;
        };
        let host = host.to_ascii_lowercase();
        if contains(&self.hosts, &host, work) {
            return true;
        }
        let name = labels(&host);
        self.domains
            .prefix_of(&name, work)
            .is_some_and(|key| name.len() > key.len())
    }
}

/// iPAddress subtrees of one CA, as [`ip_within`] decides them.
#[derive(Clone, Debug, Default)]
struct IpSubtrees {
    present: bool,
    /// Networks with a prefix mask, as (masked address, prefix length),
    /// 4-byte and 16-byte addresses apart; sorted and pruned, they are
    /// disjoint, so only the last one starting at or below an address can
    /// hold it.
    v4: Vec<(Vec<u8>, u32)>,
    v6: Vec<(Vec<u8>, u32)>,
    /// Masks that are not a prefix, or lengths that are not 8 or 32 bytes
    /// (both invalid, RFC 5280 §4.2.1.10): compared one by one.
    odd: Vec<Vec<u8>>,
}

impl IpSubtrees {
    fn new(bases: &[&[u8]], work: &mut Work) -> Self {
        let mut set = Self {
            present: !bases.is_empty(),
            ..Self::default()
        };
        let (mut v4, mut v6) = (Vec::new(), Vec::new());
        for base in bases {
            let half = base.len() / 2;
            let (address, mask) = base.split_at(half);
            match prefix_length(mask) {
                Some(length) if matches!(base.len(), 8 | 32) => {
                    let network = address.iter().zip(mask).map(|(a, m)| a & m).collect();
                    if half == 4 { &mut v4 } else { &mut v6 }.push((network, length));
                }
                _ => set.odd.push(base.to_vec()),
            }
        }
        let covered = |kept: &(Vec<u8>, u32), key: &(Vec<u8>, u32)| {
            kept.1 <= key.1 && masked(&key.0, kept.1) == kept.0
        };
        set.v4 = sort_and_prune(v4, covered, work);
        set.v6 = sort_and_prune(v6, covered, work);
        set
    }

    fn matches(&self, address: &[u8], work: &mut Work) -> bool {
        let networks = match address.len() {
            4 => self.v4.as_slice(),
            16 => self.v6.as_slice(),
            _ => &[],
        };
        let index = networks.partition_point(|(network, _)| {
            work.add(1);
            network.as_slice() <= address
        });
        let found = index
            .checked_sub(1)
            .is_some_and(|index| masked(address, networks[index].1) == networks[index].0);
        found || {
            work.add(self.odd.len());
            self.odd.iter().any(|base| ip_within(address, base))
        }
    }
}

/// The number of leading one bits, if `mask` is ones then zeros.
fn prefix_length(mask: &[u8]) -> Option<u32> {
    let ones: u32 = mask.iter().map(|byte| byte.count_ones()).sum();
    let bits = u32::try_from(mask.len()).ok()?.checked_mul(8)?;
    let prefix = (0..bits).all(|bit| {
        let set = mask[(bit / 8) as usize] & (0x80 >> (bit % 8)) != 0;
        set == (bit < ones)
    });
    prefix.then_some(ones)
}

/// `address` with all but the first `length` bits cleared.
fn masked(address: &[u8], length: u32) -> Vec<u8> {
    address
        .iter()
        .enumerate()
        .map(|(index, byte)| {
            let start = u32::try_from(index).unwrap_or(u32::MAX).saturating_mul(8);
            let keep = length.saturating_sub(start).min(8);
            // `keep` is 0..=8, so the shift stays below 16 bits.
            let mask = (0xff_u16 << (8 - keep)) as u8;
            byte & mask
        })
        .collect()
}

/// Normalized RDNs of a directory name (see `DistinguishedName::is_within`).
type RdnKeys = Vec<Vec<(const_oid::ObjectIdentifier, String)>>;

/// All subtrees of one CA's permittedSubtrees or excludedSubtrees.
#[derive(Clone, Debug, Default)]
struct Subtrees {
    dns: DnsSubtrees,
    email: EmailSubtrees,
    uri: UriSubtrees,
    ip: IpSubtrees,
    /// directoryName bases, sorted, none a prefix of another.
    directory: Option<Vec<RdnKeys>>,
    /// otherName type ids: values cannot be compared in general, so RFC
    /// 5280 §4.2.1.10's "process or reject" makes an exclusion of the type
    /// catch every such name and a permission admit none.
    other: Vec<const_oid::ObjectIdentifier>,
}

impl Subtrees {
    fn new(subtrees: &[GeneralSubtree], excluded: bool, work: &mut Work) -> Self {
        let (mut dns, mut email, mut uri, mut ip, mut directory, mut other) = (
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        for subtree in subtrees {
            match &subtree.base {
                GeneralName::Dns(base) => dns.push(base.as_str()),
                GeneralName::Email(base) => email.push(base.as_str()),
                GeneralName::Uri(base) => uri.push(base.as_str()),
                GeneralName::Ip(base) => ip.push(base.as_slice()),
                GeneralName::Directory(base) => directory.push(base.rdn_keys().to_vec()),
                GeneralName::Other(type_id) => other.push(*type_id),
                // registeredID and ediPartyName constrain nothing certgate
                // compares.
                GeneralName::RegisteredId(_) | GeneralName::EdiParty => {}
            }
        }
        let has_directory = !directory.is_empty();
        let directory = sort_and_prune(directory, |kept, key| key.starts_with(kept), work);
        Self {
            dns: DnsSubtrees::new(&dns, excluded, work),
            email: EmailSubtrees::new(&email, work),
            uri: UriSubtrees::new(&uri, work),
            ip: IpSubtrees::new(&ip, work),
            directory: has_directory.then_some(directory),
            other: sort_and_prune(other, |kept, key| kept == key, work),
        }
    }

    /// `Some(within)` when the subtrees have `name`'s form, `None` when
    /// they say nothing about it.
    fn lookup(&self, name: &GeneralName, every: bool, work: &mut Work) -> Option<bool> {
        match name {
            GeneralName::Dns(name) => self
                .dns
                .present
                .then(|| self.dns.matches(name, every, work)),
            GeneralName::Email(address) => self
                .email
                .present
                .then(|| self.email.matches(address, work)),
            GeneralName::Uri(uri) => self.uri.present.then(|| self.uri.matches(uri, every, work)),
            GeneralName::Ip(address) => self.ip.present.then(|| self.ip.matches(address, work)),
            GeneralName::Directory(name) => self.directory.as_ref().map(|bases| {
                let keys = name.rdn_keys();
                floor(bases, keys, work).is_some_and(|base| keys.starts_with(base))
            }),
            GeneralName::Other(type_id) => contains(&self.other, type_id, work).then_some(!every),
            GeneralName::RegisteredId(_) | GeneralName::EdiParty => None,
        }
    }
}

/// The accumulated name-constraint state of RFC 5280 §6.1.2(b)/(c): the
/// permitted subtrees of each CA (each narrows the previous ones, so a name
/// must fall within one subtree of *every* CA's set that has its form) and
/// the excluded subtrees of each (a name within any of them is refused).
#[derive(Clone, Debug, Default)]
pub(crate) struct ConstraintState {
    permitted: Vec<Subtrees>,
    excluded: Vec<Subtrees>,
    /// Work spent sorting the subtrees, charged to every check.
    setup: Work,
}

/// Most work (comparisons, see [`Work`]) for one certificate's names,
/// counting the sorting of the subtrees that apply: a backstop, not the
/// defence (that is log-linear matching). 260 names against 260 permitted
/// subtrees take about 4,200 units; 1,000 names against 1,000 permitted
/// and 1,000 excluded subtrees about 31,000 (both tested below). Limbo's
/// pathological::nc-dos-1/-2, 2,048 names against 4,098 subtrees, take
/// about 45,500 and are refused, as limbo expects (Go 1.27 accepts them:
/// they are valid, only large).
const MAX_WORK: usize = 40_000;

/// Why a name violated the constraints.
pub(crate) struct Violation {
    /// The name; for a refused check, the one at which the budget ran out.
    pub name: GeneralName,
    pub excluded: bool,
    /// True when the check was refused for exceeding the work budget.
    pub budget: bool,
    /// True when only a wildcard's expansion is excluded: `*.example.com`
    /// against an exclusion of `bar.example.com`. OpenSSL compares the
    /// wildcard literally and accepts it; Go and rustls-webpki refuse.
    pub wildcard_only: bool,
}

impl ConstraintState {
    /// Adds a CA's nameConstraints (RFC 5280 §6.1.4(g)).
    pub fn add(
        &mut self,
        permitted: Option<&[GeneralSubtree]>,
        excluded: Option<&[GeneralSubtree]>,
    ) {
        if let Some(permitted) = permitted {
            let subtrees = Subtrees::new(permitted, false, &mut self.setup);
            self.permitted.push(subtrees);
        }
        if let Some(excluded) = excluded {
            let subtrees = Subtrees::new(excluded, true, &mut self.setup);
            self.excluded.push(subtrees);
        }
    }

    /// True when no constraint has been added.
    pub fn is_empty(&self) -> bool {
        self.permitted.is_empty() && self.excluded.is_empty()
    }

    /// Checks one name (RFC 5280 §6.1.3(b)/(c)).
    fn check_name(&self, name: &GeneralName, work: &mut Work) -> Result<(), Violation> {
        let violation = |excluded, budget| Violation {
            name: name.clone(),
            excluded,
            budget,
            wildcard_only: false,
        };
        if self
            .excluded
            .iter()
            .any(|subtrees| subtrees.lookup(name, false, work) == Some(true))
        {
            // Read literally (`every`), a wildcard is excluded only when its
            // base is: the reading OpenSSL's `nc_dns` gives.
            let wildcard_only = matches!(name, GeneralName::Dns(dns) if dns.starts_with("*."))
                && !self
                    .excluded
                    .iter()
                    .any(|subtrees| subtrees.lookup(name, true, work) == Some(true));
            return Err(Violation {
                wildcard_only,
                ..violation(true, false)
            });
        }
        if self
            .permitted
            .iter()
            .any(|subtrees| subtrees.lookup(name, true, work) == Some(false))
        {
            return Err(violation(false, false));
        }
        if work.0 > MAX_WORK {
            return Err(violation(false, true));
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
        let mut work = self.setup;
        self.check_counted(subject, alt_names, check_common_name, &mut work)
    }

    /// Checks one DNS name alone: OpenSSL's reading of a leaf's common name
    /// when the leaf has no dNSName SAN (even with other SANs), which
    /// [`Self::check`] leaves to RFC 5280 and the Web PKI.
    pub fn check_dns_name(&self, name: &str) -> Result<(), Violation> {
        if self.is_empty() {
            return Ok(());
        }
        let mut work = self.setup;
        self.check_name(&GeneralName::Dns(name.into()), &mut work)
    }

    fn check_counted(
        &self,
        subject: &DistinguishedName,
        alt_names: Option<&[GeneralName]>,
        check_common_name: bool,
        work: &mut Work,
    ) -> Result<(), Violation> {
        if self.is_empty() {
            return Ok(());
        }
        if !subject.is_empty() {
            self.check_name(&GeneralName::Directory(subject.clone()), work)?;
        }
        for email in subject.attributes(const_oid::db::rfc3280::EMAIL_ADDRESS) {
            self.check_name(&GeneralName::Email(email.into()), work)?;
        }
        // A wildcard-only exclusion is kept until every other name is
        // checked: a violation all clients see takes precedence.
        let mut wildcard_only = None;
        for name in alt_names.unwrap_or_default() {
            match self.check_name(name, work) {
                Err(violation) if violation.wildcard_only => {
                    wildcard_only.get_or_insert(violation);
                }
                other => other?,
            }
        }
        if let Some(violation) = wildcard_only {
            return Err(violation);
        }
        // Like webpki and Chrome: the CN stands in for a DNS name only when
        // there is no subjectAltName at all.
        if check_common_name && alt_names.is_none() {
            for common_name in subject.attributes(const_oid::db::rfc4519::CN) {
                if is_valid_dns_name(common_name, true, true) && common_name.contains('.') {
                    self.check_name(&GeneralName::Dns(common_name.into()), work)?;
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
    #![allow(clippy::unwrap_used)]
    // Clock and printing for the timing shown with --show-output.
    extern crate std;
    use super::*;

    /// The pairwise check as it was before the sorted sets: the reference
    /// the sorted matching must agree with.
    fn reference(
        permitted: &[Vec<GeneralName>],
        excluded: &[GeneralName],
        name: &GeneralName,
    ) -> Result<(), bool> {
        if excluded
            .iter()
            .any(|base| same_form(name, base) && within(name, base, false))
        {
            return Err(true);
        }
        for set in permitted {
            let mut bases = set.iter().filter(|base| same_form(name, base)).peekable();
            if bases.peek().is_some() && !bases.any(|base| within(name, base, true)) {
                return Err(false);
            }
        }
        Ok(())
    }

    fn subtrees(bases: &[GeneralName]) -> Vec<GeneralSubtree> {
        bases
            .iter()
            .map(|base| GeneralSubtree {
                base: base.clone(),
                minimum: 0,
                maximum: None,
            })
            .collect()
    }

    /// xorshift64: reproducible cases without a dependency.
    struct Random(u64);

    impl Random {
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % bound as u64) as usize
        }

        fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
            choices[self.below(choices.len())]
        }

        fn host(&mut self) -> String {
            let labels = ["a", "b", "A", "ab", "", "x-y", "*"];
            let count = self.below(4);
            let mut host = String::from(self.pick(&["", "", ".", ".."]));
            for index in 0..count {
                if index > 0 {
                    host.push('.');
                }
                host.push_str(self.pick(&labels));
            }
            host
        }

        fn name(&mut self) -> GeneralName {
            match self.below(6) {
                0 | 1 => GeneralName::Dns(self.host()),
                2 => GeneralName::Email(alloc::format!(
                    "{}{}",
                    self.pick(&["x@", "X@", "x@y@", "", "@"]),
                    self.host()
                )),
                3 => GeneralName::Uri(alloc::format!(
                    "{}{}{}",
                    self.pick(&["https://", "http://u@", "ldap://", "mailto:", "http://%"]),
                    self.host(),
                    self.pick(&["", "/p", ":8443/", "."])
                )),
                4 => {
                    let length = [4, 4, 4, 16, 5][self.below(5)];
                    let values = [0u8, 10, 11, 0x80, 0xff];
                    GeneralName::Ip((0..length).map(|_| values[self.below(5)]).collect())
                }
                _ => self.directory(),
            }
        }

        fn directory(&mut self) -> GeneralName {
            use core::str::FromStr;
            let text = self.pick(&["", "O=a", "CN=b,O=a", "CN=B,O=a", "O=b", "CN=c,OU=d,O=a"]);
            let name = x509_cert::name::Name::from_str(text).unwrap_or_default();
            GeneralName::Directory(DistinguishedName::from_x509(&name))
        }

        fn base(&mut self) -> GeneralName {
            match self.below(7) {
                0 | 1 => GeneralName::Dns(self.host()),
                2 => GeneralName::Email(alloc::format!(
                    "{}{}",
                    self.pick(&["", "", "x@", "X@"]),
                    self.host()
                )),
                3 => GeneralName::Uri(self.host()),
                4 => {
                    let length = [8, 8, 8, 32, 10][self.below(5)];
                    let values = [0u8, 10, 11, 0x80, 0xc0, 0xff, 0xf0, 0x0f];
                    GeneralName::Ip((0..length).map(|_| values[self.below(8)]).collect())
                }
                5 => self.directory(),
                _ => GeneralName::Other(
                    [const_oid::db::rfc4519::CN, const_oid::db::rfc4519::O][self.below(2)],
                ),
            }
        }
    }

    fn certificate(pem: &[u8]) -> crate::Certificate {
        crate::read(pem).unwrap().certificates.remove(0).certificate
    }

    /// 260 SANs under 260 permitted subtrees: a real certificate's load,
    /// which the pairwise budget (names × subtrees) used to refuse.
    #[test]
    fn many_names_against_many_subtrees() {
        let root = certificate(include_bytes!("testdata/many-names-root.pem"));
        let intermediate = certificate(include_bytes!("testdata/many-names-intermediate.pem"));
        let inside = certificate(include_bytes!("testdata/many-names-leaf.pem"));
        let outside = certificate(include_bytes!("testdata/many-names-outside.pem"));
        assert_eq!(inside.subject_alt_names().unwrap().len(), 260);
        let constraints = intermediate.name_constraints().unwrap();
        assert_eq!(constraints.permitted.as_deref().unwrap().len(), 260);

        let mut state = ConstraintState::default();
        state.add(
            constraints.permitted.as_deref(),
            constraints.excluded.as_deref(),
        );
        let mut work = state.setup;
        let started = std::time::Instant::now();
        let result =
            state.check_counted(&inside.subject, inside.subject_alt_names(), true, &mut work);
        let elapsed = started.elapsed();
        assert!(result.is_ok());
        std::println!(
            "260 SANs x 260 subtrees: {} units of work of {MAX_WORK}, {elapsed:?}",
            work.0
        );
        assert!(work.0 < MAX_WORK / 4, "{}", work.0);

        // 2027-01-01T00:00:00Z
        let mut options = crate::ValidationOptions::new(crate::UnixTime(1_798_761_600));
        options.peer_name = PeerName::parse("www.d259.example.net");
        let started = std::time::Instant::now();
        let valid = crate::validate_path(
            &inside,
            core::slice::from_ref(&intermediate),
            core::slice::from_ref(&root),
            &options,
        );
        std::println!(
            "260 SANs x 260 subtrees, whole path: {:?}",
            started.elapsed()
        );
        assert!(valid.valid, "{:?}", valid.findings);
        options.peer_name = None;
        let invalid = crate::validate_path(&outside, &[intermediate], &[root], &options);
        let errors: Vec<_> = invalid
            .findings
            .iter()
            .filter(|finding| finding.severity == crate::Severity::Error)
            .collect();
        let ids: Vec<_> = errors.iter().map(|finding| finding.id()).collect();
        assert_eq!(ids, ["chain.name_constraints_violated"]);
        assert!(errors[0].message.contains("DNS:www.example.org"));
    }

    fn dns_subtrees(names: impl Iterator<Item = String>) -> Vec<GeneralSubtree> {
        subtrees(&names.map(GeneralName::Dns).collect::<Vec<_>>())
    }

    fn work_for(permitted: usize, excluded: usize, names: usize) -> (Result<(), Violation>, usize) {
        let mut state = ConstraintState::default();
        state.add(
            Some(&dns_subtrees(
                (0..permitted).map(|i| alloc::format!("d{i}.example.net")),
            )),
            Some(&dns_subtrees(
                (0..excluded).map(|i| alloc::format!("x{i}.example.net")),
            )),
        );
        let names: Vec<_> = (0..names)
            .map(|i| GeneralName::Dns(alloc::format!("www.d{i}.example.net")))
            .collect();
        let mut work = state.setup;
        let result =
            state.check_counted(&DistinguishedName::default(), Some(&names), true, &mut work);
        (result, work.0)
    }

    #[test]
    fn budget_is_a_backstop_for_real_certificates_only() {
        let (result, work) = work_for(1000, 1000, 1000);
        assert!(result.is_ok(), "1,000 x 2,000 used {work}");
        // limbo pathological::nc-dos-2: 2,048 names, 2,050 + 2,048 subtrees.
        let (result, work) = work_for(2050, 2048, 2048);
        assert!(result.is_err_and(|violation| violation.budget), "{work}");
    }

    #[test]
    fn sorted_matching_agrees_with_pairwise_matching() {
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let mut violations = 0;
        for _ in 0..4000 {
            let mut permitted = Vec::new();
            for _ in 0..random.below(3) {
                let count = 1 + random.below(6);
                permitted.push((0..count).map(|_| random.base()).collect::<Vec<_>>());
            }
            let excluded: Vec<_> = (0..random.below(6)).map(|_| random.base()).collect();
            let mut state = ConstraintState::default();
            for set in &permitted {
                state.add(Some(&subtrees(set)), None);
            }
            if !excluded.is_empty() {
                state.add(None, Some(&subtrees(&excluded)));
            }
            for _ in 0..8 {
                let name = random.name();
                let expected = reference(&permitted, &excluded, &name);
                let mut work = Work::default();
                let actual = state
                    .check_name(&name, &mut work)
                    .map_err(|violation| violation.excluded);
                assert_eq!(
                    actual, expected,
                    "{name:?} against permitted {permitted:?}, excluded {excluded:?}"
                );
                violations += usize::from(expected.is_err());
            }
        }
        // The cases exercise both outcomes, not just one.
        assert!((4000..28_000).contains(&violations), "{violations}");
    }

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
