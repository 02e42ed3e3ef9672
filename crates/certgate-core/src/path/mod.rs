//! Path building and validation (RFC 5280 §6, RFC 4158 for building).
//!
//! Building is a depth-first search from the leaf through the pool of
//! untrusted intermediates to a trust anchor, matching issuer to subject by
//! name and preferring candidates whose subjectKeyIdentifier matches the
//! child's authorityKeyIdentifier. Every complete path is validated; the
//! first valid one wins, otherwise the best failed attempt is reported with
//! all its findings. A work budget bounds pathological pools.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::vec::Vec;

use crate::catalogue as rules;
use crate::certificate::Certificate;
use crate::finding::{Finding, Severity};
use crate::time::UnixTime;

pub(crate) mod names;
mod validate;

pub use names::PeerName;

/// What the leaf will be used for (RFC 5280 §4.2.1.12).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Purpose {
    /// TLS server authentication (id-kp-serverAuth).
    #[default]
    Server,
    /// TLS client authentication (id-kp-clientAuth).
    Client,
    /// Any purpose: extendedKeyUsage is not checked.
    Any,
}

/// Which verdict decides what is an error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Profile {
    /// The client model: an error is what a selected client
    /// ([`ValidationOptions::clients`]) rejects; the standards' other rules
    /// are warnings that cite them.
    #[default]
    Clients,
    /// RFC 5280 as written: its MUST rules fail the path.
    Rfc5280,
    /// The Web PKI: RFC 5280 plus the CA/Browser Forum Baseline Requirements.
    Webpki,
}

impl core::str::FromStr for Profile {
    type Err = ();

    /// `clients`, `rfc5280` or `webpki`.
    fn from_str(name: &str) -> Result<Self, ()> {
        match name {
            "clients" => Ok(Self::Clients),
            "rfc5280" => Ok(Self::Rfc5280),
            "webpki" => Ok(Self::Webpki),
            _ => Err(()),
        }
    }
}

/// Options for [`validate_path`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationOptions {
    /// The evaluation time.
    pub time: UnixTime,
    /// Required purpose of the leaf.
    pub purpose: Purpose,
    /// Name the leaf must carry, if any.
    pub peer_name: Option<PeerName>,
    /// The verdict: the client model (default) or a strict profile.
    pub profile: Profile,
    /// The clients the verdict is for (all by default); each gets an answer.
    pub clients: crate::client::ClientSet,
    /// Most intermediates allowed between leaf and anchor (`None`: 8).
    pub max_intermediates: Option<usize>,
    /// CRLs to consult (RFC 5280 §6.3): a certificate listed by its
    /// issuer's CRL is revoked; an issuer's unusable CRL fails closed.
    pub crls: Vec<crate::crl::Crl>,
}

impl ValidationOptions {
    /// Server purpose, no peer name, the verdict of every client.
    pub fn new(time: UnixTime) -> Self {
        Self {
            time,
            purpose: Purpose::Server,
            peer_name: None,
            profile: Profile::Clients,
            clients: crate::client::ClientSet::ALL,
            max_intermediates: None,
            crls: Vec::new(),
        }
    }

    /// The verdict these options ask for.
    pub fn verdict(&self) -> crate::client::Verdict {
        crate::client::Verdict {
            profile: self.profile,
            clients: self.clients,
        }
    }
}

/// Most intermediates in any path, whatever the caller asks.
const MAX_INTERMEDIATES: usize = 8;
/// Most signature verifications in one validation.
const MAX_SIGNATURE_CHECKS: usize = 256;
/// Most path extensions in one validation.
const MAX_STEPS: usize = 20_000;

/// The outcome of path validation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct PathValidation {
    /// True when a path was found and no finding is an error.
    pub valid: bool,
    /// The chosen path (or the best failed attempt), leaf first, as indices
    /// into the certificate list: 0 is the leaf, `1..=k` the intermediates,
    /// then the anchors.
    pub path: Vec<usize>,
    /// True when `path` ends in a trust anchor.
    pub complete: bool,
    /// Every finding about the chosen path.
    pub findings: Vec<Finding>,
    /// Each selected client's answer: accepted when some path it would
    /// build passes its rules.
    pub clients: Vec<crate::client::ClientAnswer>,
}

/// The certificates of one validation, indexed as in the report:
/// `[leaf, intermediates…, anchors…]`.
pub(crate) struct Pool<'a> {
    pub certificates: Vec<&'a Certificate>,
    pub anchors_from: usize,
    /// Signature results by (child, issuer): building and validation ask
    /// the same questions, and each verification is the expensive part.
    signatures: core::cell::RefCell<BTreeMap<(usize, usize), Result<(), crate::VerifyError>>>,
    /// Whether CRL `n` was signed by certificate `issuer`, by (n, issuer).
    crl_signatures: core::cell::RefCell<BTreeMap<(usize, usize), bool>>,
}

impl Pool<'_> {
    pub fn is_anchor(&self, index: usize) -> bool {
        index >= self.anchors_from
    }

    /// Where certificate `index` sits on any path of this pool.
    pub fn position(&self, index: usize) -> crate::client::Position {
        match index {
            0 => crate::client::Position::Leaf,
            _ if self.is_anchor(index) => crate::client::Position::Anchor,
            _ => crate::client::Position::Intermediate,
        }
    }

    /// Whether `issuer`'s key verifies `child`'s signature (memoized).
    pub fn verify(&self, child: usize, issuer: usize) -> Result<(), crate::VerifyError> {
        if let Some(result) = self.signatures.borrow().get(&(child, issuer)) {
            return *result;
        }
        let result = self.certificates[child]
            .signed
            .verify(&self.certificates[issuer].spki_der);
        self.signatures.borrow_mut().insert((child, issuer), result);
        result
    }

    /// Whether `issuer` signed CRL `crl` of `crls` (memoized).
    pub fn crl_signed_by(&self, crls: &[crate::crl::Crl], crl: usize, issuer: usize) -> bool {
        if let Some(result) = self.crl_signatures.borrow().get(&(crl, issuer)) {
            return *result;
        }
        let result = crls[crl].signed_by(&self.certificates[issuer].spki_der);
        self.crl_signatures
            .borrow_mut()
            .insert((crl, issuer), result);
        result
    }

    fn is_verified(&self, child: usize, issuer: usize) -> bool {
        self.signatures.borrow().contains_key(&(child, issuer))
    }
}

struct Search<'a, 'b> {
    pool: &'b Pool<'a>,
    options: &'b ValidationOptions,
    max_intermediates: usize,
    signature_checks: usize,
    steps: usize,
    exhausted: bool,
    /// A branch was cut by the depth limit.
    depth_cut: bool,
    best: Option<(usize, PathValidation)>,
    /// Clients that accepted some complete path, even one the verdict refused.
    accepted_by: crate::client::ClientSet,
    longest_partial: Vec<usize>,
}

impl Search<'_, '_> {
    fn signature_ok(&mut self, child: usize, issuer: usize) -> bool {
        if !self.pool.is_verified(child, issuer) {
            if self.signature_checks >= MAX_SIGNATURE_CHECKS {
                self.exhausted = true;
                return false;
            }
            self.signature_checks += 1;
        }
        self.pool.verify(child, issuer).is_ok()
    }

    /// RFC 5280 §6.1.4(l) spirit: self-issued intermediates (key rollover)
    /// do not count towards the depth limit; a hard cap bounds the path anyway.
    fn depth_allows(&self, path: &[usize]) -> bool {
        let counted = path[1..]
            .iter()
            .filter(|&&index| !self.pool.certificates[index].is_self_issued())
            .count();
        counted <= self.max_intermediates && path.len() <= 2 * MAX_INTERMEDIATES + 1
    }

    /// Issuer candidates of `child`, best first: key-id match, no key-id
    /// information, key-id mismatch; among those, good signatures first.
    fn candidates(&mut self, child: usize, path: &[usize]) -> Vec<usize> {
        let certificate = self.pool.certificates[child];
        let child_key_id = certificate
            .authority_key_identifier()
            .and_then(|aki| aki.key_identifier.as_deref());
        let mut ranked: Vec<(u8, usize)> = Vec::new();
        for (index, candidate) in self.pool.certificates.iter().enumerate().skip(1) {
            if !candidate.subject.matches(&certificate.issuer) {
                continue;
            }
            // RFC 4158 §2.4.2 loop detection: same subject and key = same CA.
            if path.iter().any(|&seen| {
                let seen = self.pool.certificates[seen];
                seen.spki_der == candidate.spki_der && seen.subject.der == candidate.subject.der
            }) {
                continue;
            }
            let key_rank = match (child_key_id, candidate.subject_key_identifier()) {
                (Some(a), Some(b)) if a == b => 0,
                (Some(_), Some(_)) => 4,
                _ => 2,
            };
            let signature_rank = if self.signature_ok(child, index) {
                0
            } else {
                1
            };
            ranked.push((key_rank + signature_rank, index));
        }
        crate::order::sort(&mut ranked);
        ranked.into_iter().map(|(_, index)| index).collect()
    }

    fn search(&mut self, path: &mut Vec<usize>) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.exhausted = true;
            return false;
        }
        if path.len() > self.longest_partial.len() {
            self.longest_partial = path.clone();
        }
        let current = *path.last().unwrap_or(&0);
        for candidate in self.candidates(current, path) {
            if self.exhausted {
                return false;
            }
            path.push(candidate);
            if self.pool.is_anchor(candidate) {
                let result = validate::validate(self.pool, path, self.options);
                for answer in &result.clients {
                    if answer.accepts {
                        self.accepted_by = self.accepted_by.with(answer.client);
                    }
                }
                let errors = result
                    .findings
                    .iter()
                    .filter(|finding| finding.severity == Severity::Error)
                    .count();
                if errors == 0 {
                    self.best = Some((0, result));
                    return true;
                }
                if self.best.as_ref().is_none_or(|(best, _)| errors < *best) {
                    self.best = Some((errors, result));
                }
            } else if !self.depth_allows(path) {
                self.depth_cut = true;
            } else if self.search(path) {
                return true;
            }
            path.pop();
        }
        false
    }
}

/// Builds and validates a path from `leaf` through `intermediates` to one
/// of `anchors` (RFC 5280 §6.1), collecting every finding of the chosen
/// path. Certificate indices in the result are `0` for the leaf, `1..=k`
/// for intermediates, then anchors.
pub fn validate_path(
    leaf: &Certificate,
    intermediates: &[Certificate],
    anchors: &[Certificate],
    options: &ValidationOptions,
) -> PathValidation {
    let mut certificates: Vec<&Certificate> =
        Vec::with_capacity(1 + intermediates.len() + anchors.len());
    certificates.push(leaf);
    certificates.extend(intermediates);
    let anchors_from = certificates.len();
    certificates.extend(anchors);
    let pool = Pool {
        certificates,
        anchors_from,
        signatures: core::cell::RefCell::new(BTreeMap::new()),
        crl_signatures: core::cell::RefCell::new(BTreeMap::new()),
    };
    // A leaf that is itself a trust anchor is trusted directly.
    if let Some(anchor) = anchors.iter().position(|anchor| anchor.der == leaf.der) {
        let path = alloc::vec![0, anchors_from + anchor];
        return validate::validate_trusted_leaf(&pool, &path, options);
    }
    let mut search = Search {
        pool: &pool,
        options,
        max_intermediates: options
            .max_intermediates
            .unwrap_or(MAX_INTERMEDIATES)
            .min(MAX_INTERMEDIATES),
        signature_checks: 0,
        steps: 0,
        exhausted: false,
        depth_cut: false,
        best: None,
        accepted_by: crate::client::ClientSet::EMPTY,
        longest_partial: Vec::new(),
    };
    let mut path = alloc::vec![0];
    search.search(&mut path);
    let exhausted = search.exhausted;
    if let Some((errors, result)) = search.best {
        let accepted_by = search.accepted_by;
        let mut findings = result.findings;
        if errors > 0 && exhausted {
            findings.push(budget_finding());
        }
        let mut result = validate::finish(&pool, result.path, result.complete, findings, options);
        // A client that accepted another path accepts the input: it would
        // have built that one.
        for answer in &mut result.clients {
            if accepted_by.contains(answer.client) {
                answer.accepts = true;
                answer.because.clear();
            }
        }
        return result;
    }
    // No path reached an anchor: report where it stopped, with what can be
    // said about the certificates on the way.
    let partial = if search.longest_partial.is_empty() {
        alloc::vec![0]
    } else {
        search.longest_partial
    };
    let partial_result = validate::validate_partial(&pool, &partial, options);
    let last = *partial.last().unwrap_or(&0);
    let stuck = pool.certificates[last];
    let mut finding = if exhausted {
        budget_finding()
    } else if search.depth_cut {
        Finding::new(
            &rules::CHAIN_MAX_DEPTH_EXCEEDED,
            format!(
                "no trust anchor within {} intermediates",
                search.max_intermediates
            ),
        )
    } else {
        Finding::new(
            &rules::CHAIN_ISSUER_NOT_FOUND,
            format!(
                "no trusted or supplied certificate issued {} (issuer {})",
                stuck.subject, stuck.issuer
            ),
        )
    };
    finding.certificate = Some(last);
    let mut findings = partial_result.findings;
    findings.push(finding);
    validate::finish(&pool, partial, false, findings, options)
}

fn budget_finding() -> Finding {
    Finding::new(
        &rules::CHAIN_BUDGET_EXHAUSTED,
        format!(
            "path building stopped after {MAX_SIGNATURE_CHECKS} signature checks or {MAX_STEPS} steps without a valid path"
        ),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn certificates(pem: &[u8]) -> Vec<Certificate> {
        crate::read(pem)
            .unwrap()
            .certificates
            .into_iter()
            .map(|entry| entry.certificate)
            .collect()
    }

    fn ids(result: &PathValidation) -> Vec<&'static str> {
        result.findings.iter().map(Finding::id).collect()
    }

    const ROOT: &[u8] = include_bytes!("../../../../examples/pki/root-ca.pem");
    const CHAIN: &[u8] = include_bytes!("../../../../examples/pki/server-chain.pem");
    // 2027-01-01T00:00:00Z
    const NOW: UnixTime = UnixTime(1_798_761_600);

    fn options(name: &str) -> ValidationOptions {
        let mut options = ValidationOptions::new(NOW);
        options.peer_name = PeerName::parse(name);
        options
    }

    #[test]
    fn example_chain_is_valid() {
        let chain = certificates(CHAIN);
        let roots = certificates(ROOT);
        let result = validate_path(&chain[0], &chain[1..], &roots, &options("mqtt.example.com"));
        assert!(result.valid, "{:?}", result.findings);
        assert_eq!(result.path, [0, 1, 2]);
    }

    #[test]
    fn wrong_name_expiry_and_missing_anchor_are_all_reported() {
        let chain = certificates(CHAIN);
        let roots = certificates(ROOT);
        let wrong = validate_path(
            &chain[0],
            &chain[1..],
            &roots,
            &options("other.example.com"),
        );
        assert!(!wrong.valid);
        assert!(ids(&wrong).contains(&"leaf.name_mismatch"));

        let mut late = options("mqtt.example.com");
        late.time = UnixTime::parse_rfc3339("2200-01-01T00:00:00Z").unwrap();
        let expired = validate_path(&chain[0], &chain[1..], &roots, &late);
        let expired_ids = ids(&expired);
        // Leaf, intermediate and root are all expired: each is named.
        assert_eq!(
            expired_ids
                .iter()
                .filter(|id| **id == "cert.expired")
                .count(),
            3
        );

        let orphan = validate_path(&chain[0], &[], &roots, &options("mqtt.example.com"));
        assert!(!orphan.complete);
        assert!(ids(&orphan).contains(&"chain.issuer_not_found"));
    }

    #[test]
    fn max_depth_zero_refuses_an_intermediate() {
        let chain = certificates(CHAIN);
        let roots = certificates(ROOT);
        let mut shallow = options("mqtt.example.com");
        shallow.max_intermediates = Some(0);
        let result = validate_path(&chain[0], &chain[1..], &roots, &shallow);
        assert!(!result.valid);
        assert!(
            ids(&result).contains(&"chain.max_depth_exceeded"),
            "{:?}",
            ids(&result)
        );
    }

    fn vector(name: &str) -> Certificate {
        let pem = match name {
            "root-pathlen0" => include_bytes!("testdata/root-pathlen0.pem").as_slice(),
            "intermediate-under-pathlen0" => {
                include_bytes!("testdata/intermediate-under-pathlen0.pem")
            }
            "leaf-under-pathlen0" => include_bytes!("testdata/leaf-under-pathlen0.pem"),
            "root" => include_bytes!("testdata/root.pem"),
            "intermediate-client" => include_bytes!("testdata/intermediate-client.pem"),
            "intermediate-server" => include_bytes!("testdata/intermediate-server.pem"),
            "leaf-eku" => include_bytes!("testdata/leaf-eku.pem"),
            "intermediate-explicit" => include_bytes!("testdata/intermediate-explicit.pem"),
            "leaf-no-policy" => include_bytes!("testdata/leaf-no-policy.pem"),
            "leaf-policy" => include_bytes!("testdata/leaf-policy.pem"),
            _ => panic!("no vector {name}"),
        };
        certificates(pem).remove(0)
    }

    fn validate(
        leaf: &str,
        intermediates: &[&str],
        anchor: &str,
        profile: Profile,
    ) -> PathValidation {
        let intermediates: Vec<_> = intermediates.iter().map(|name| vector(name)).collect();
        let mut options = options("leaf.example.com");
        options.profile = profile;
        validate_path(&vector(leaf), &intermediates, &[vector(anchor)], &options)
    }

    #[test]
    fn anchor_path_length_binds() {
        let result = validate(
            "leaf-under-pathlen0",
            &["intermediate-under-pathlen0"],
            "root-pathlen0",
            Profile::Rfc5280,
        );
        assert!(
            ids(&result).contains(&"chain.anchor_pathlen_exceeded"),
            "{:?}",
            ids(&result)
        );
        // rustls-webpki reads only an anchor's name and key: it accepts.
        let mut options = options("leaf.example.com");
        options.clients = crate::client::ClientSet::of(&[crate::client::Client::Rustls]);
        let intermediates = [vector("intermediate-under-pathlen0")];
        let rustls = validate_path(
            &vector("leaf-under-pathlen0"),
            &intermediates,
            &[vector("root-pathlen0")],
            &options,
        );
        assert!(rustls.valid, "{:?}", ids(&rustls));
    }

    #[test]
    fn issuer_purposes_intersect_down_the_path() {
        let chain = ["intermediate-server", "intermediate-client"];
        let lenient = validate("leaf-eku", &chain, "root", Profile::Rfc5280);
        assert!(
            ids(&lenient).contains(&"chain.eku_not_permitted_by_issuer"),
            "{:?}",
            ids(&lenient)
        );
        assert!(
            lenient.valid,
            "a warning under rfc5280: {:?}",
            lenient.findings
        );
        let strict = validate("leaf-eku", &chain, "root", Profile::Webpki);
        assert!(!strict.valid);
    }

    #[test]
    fn required_explicit_policy_needs_a_common_policy() {
        let missing = validate(
            "leaf-no-policy",
            &["intermediate-explicit"],
            "root",
            Profile::Rfc5280,
        );
        assert!(
            ids(&missing).contains(&"chain.explicit_policy_required"),
            "{:?}",
            ids(&missing)
        );
        let present = validate(
            "leaf-policy",
            &["intermediate-explicit"],
            "root",
            Profile::Rfc5280,
        );
        assert!(present.valid, "{:?}", present.findings);
    }
}
