//! The rules: one declaration per finding id, with its default severity,
//! reference, description, fix hint and — for certificate and path rules —
//! which verdicts reject a path that carries it ([`Rejections`]). The docs,
//! the JSON, the npm package's labels and the finding-id contract
//! (`tests/data/findings.tsv`) are all read from here. Ids are a contract
//! with users' scripts: never rename one, only add.
//!
//! Families live one file each (`x509`, `kubernetes`, `service`); their
//! constants are re-exported here, so `catalogue::CERT_EXPIRED` names a rule
//! wherever it is declared.

use crate::client::{Client, Position};
use crate::finding::Severity;
use crate::path::Profile;

mod kubernetes;
mod opcua;
mod service;
mod x509;

pub use kubernetes::*;
pub use opcua::*;
pub use service::*;
pub use x509::*;

/// A set of positions on a path: the leaf, intermediates, the trust anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Positions(u8);

/// No position: the verdict accepts the finding wherever it is.
pub const NOWHERE: Positions = Positions(0);
/// The end-entity certificate.
pub const LEAF: Positions = Positions(1);
/// A certificate between the leaf and the anchor.
pub const INTERMEDIATE: Positions = Positions(2);
/// The trust anchor.
pub const ANCHOR: Positions = Positions(4);
/// The leaf and intermediates: everything whose signature is checked.
pub const NOT_ANCHOR: Positions = Positions(3);
/// Intermediates and the anchor: every certificate that issues.
pub const ISSUERS: Positions = Positions(6);
/// Every position.
pub const EVERYWHERE: Positions = Positions(7);

impl Positions {
    /// True when `position` is in the set.
    pub const fn contains(self, position: Position) -> bool {
        self.0 & position.bit() != 0
    }

    /// True when the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// Where each verdict rejects a path carrying a finding of the rule: per
/// real client (what OpenSSL, Go and rustls-webpki do, proven by the
/// differential tests in `tests/differential.rs`) and per strict profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Rejections {
    /// OpenSSL 3 `X509_verify_cert` with default flags.
    pub openssl: Positions,
    /// Go crypto/x509 `Certificate.Verify`.
    pub go: Positions,
    /// rustls-webpki `EndEntityCert::verify_for_usage`.
    pub rustls: Positions,
    /// The `rfc5280` profile: RFC 5280's MUST rules.
    pub rfc5280: Positions,
    /// The `webpki` profile: RFC 5280 plus the CA/Browser Forum rules.
    pub webpki: Positions,
}

impl Rejections {
    /// Rejected by no verdict anywhere: a warning only.
    pub const NONE: Self = Self {
        openssl: NOWHERE,
        go: NOWHERE,
        rustls: NOWHERE,
        rfc5280: NOWHERE,
        webpki: NOWHERE,
    };

    /// Where `client` rejects.
    pub const fn client(&self, client: Client) -> Positions {
        match client {
            Client::Openssl => self.openssl,
            Client::Go => self.go,
            Client::Rustls => self.rustls,
        }
    }

    /// Where the strict `profile` rejects; [`Profile::Clients`] has no
    /// rules of its own.
    pub const fn profile(&self, profile: Profile) -> Positions {
        match profile {
            Profile::Rfc5280 => self.rfc5280,
            Profile::Webpki => self.webpki,
            Profile::Clients => NOWHERE,
        }
    }
}

/// One rule: a stable id and everything said about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rule {
    /// Stable id, such as `cert.expired`.
    pub id: &'static str,
    /// Default severity. For a rule with [`Rule::rejected_by`], a finding
    /// is an error where a selected verdict rejects it and at most a
    /// warning elsewhere.
    pub severity: Severity,
    /// The standard, client or tool whose behaviour the rule follows.
    pub reference: &'static str,
    /// One line saying when the rule fires.
    pub description: &'static str,
    /// What the user should do about it.
    pub fix: &'static str,
    /// A word or two for a certificate's status where space is short (the
    /// upload page's per-certificate line: `expired`, `revoked`, `wrong
    /// name`…); `None` for rules that only the full message explains.
    pub label: Option<&'static str>,
    /// For certificate and path rules: which verdicts reject a path with
    /// this finding, and where. `None` for rules no TLS client judges
    /// (Kubernetes objects, bundles as files): their severity is fixed.
    pub rejected_by: Option<Rejections>,
}

/// Serialized as `{id, severity, reference, description, fix, label, rejectedBy}`,
/// `rejectedBy` mapping each client that rejects the finding somewhere to
/// the positions (`leaf`, `intermediate`, `anchor`), or `null` for a rule no
/// client judges: what the npm package's `catalogue()` and the page show.
impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut rule = serializer.serialize_struct("Rule", 7)?;
        rule.serialize_field("id", self.id)?;
        rule.serialize_field("severity", &self.severity)?;
        rule.serialize_field("reference", self.reference)?;
        rule.serialize_field("description", self.description)?;
        rule.serialize_field("fix", self.fix)?;
        rule.serialize_field("label", &self.label)?;
        rule.serialize_field("rejectedBy", &self.rejected_by.map(ByClient))?;
        rule.end()
    }
}

struct ByClient(Rejections);

impl serde::Serialize for ByClient {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let positions = |positions: Positions| {
            [
                (Position::Leaf, "leaf"),
                (Position::Intermediate, "intermediate"),
                (Position::Anchor, "anchor"),
            ]
            .into_iter()
            .filter(move |(position, _)| positions.contains(*position))
            .map(|(_, name)| name)
            .collect::<alloc::vec::Vec<_>>()
        };
        serializer.collect_map(
            Client::ALL
                .into_iter()
                .filter(|client| !self.0.client(*client).is_empty())
                .map(|client| (client.name(), positions(self.0.client(client)))),
        )
    }
}

/// The families, in catalogue order.
const FAMILIES: &[&[Rule]] = &[x509::RULES, kubernetes::RULES, service::RULES, opcua::RULES];

/// Every rule, in catalogue order.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// The rule with this id, if there is one.
pub fn rule(id: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_rule_has_a_fix() {
        let mut ids: alloc::vec::Vec<&str> = all().map(|rule| rule.id).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "duplicate ids");
        for rule in all() {
            assert!(!rule.fix.is_empty(), "{} has no fix hint", rule.id);
            assert!(rule.id.contains('.'), "{} has no family", rule.id);
        }
    }
}
