//! Certificate revocation lists (RFC 5280 §5), parsed into a view that path
//! validation consults (§6.3): which serials an issuer revoked, and whether
//! the list itself is usable.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use const_oid::db::rfc5280::{
    ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_CERTIFICATE_ISSUER, ID_CE_CRL_NUMBER, ID_CE_CRL_REASONS,
    ID_CE_DELTA_CRL_INDICATOR, ID_CE_INVALIDITY_DATE, ID_CE_ISSUING_DISTRIBUTION_POINT,
};
use der::asn1::{AnyRef, BitStringRef};
use der::{Decode, Encode, Sequence};
use x509_cert::certificate::Raw;
use x509_cert::ext::pkix::crl::CrlReason;
use x509_cert::ext::pkix::crl::dp::{DistributionPoint, IssuingDistributionPoint as RawIdp};
use x509_cert::ext::pkix::name::DistributionPointName;

use crate::certificate::{Asn1Time, Certificate, ParseError, oid};
use crate::name::{DistinguishedName, GeneralName};
use crate::time::UnixTime;

/// CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }, raw.
#[derive(Sequence)]
struct RawCertificateList<'a> {
    tbs: AnyRef<'a>,
    algorithm: AnyRef<'a>,
    signature: BitStringRef<'a>,
}

/// The same, decoded. As for certificates, x509-cert's own `TBSCertList`
/// refuses times before 1970, so it is spelled out with [`Asn1Time`].
#[derive(Sequence)]
struct DecodedCertificateList<'a> {
    tbs: TbsCertList<'a>,
    algorithm: spki::AlgorithmIdentifierOwned,
    signature: BitStringRef<'a>,
}

/// ```text
/// TBSCertList  ::=  SEQUENCE  {
///      version                 Version OPTIONAL, -- if present, MUST be v2
///      signature               AlgorithmIdentifier,
///      issuer                  Name,
///      thisUpdate              Time,
///      nextUpdate              Time OPTIONAL,
///      revokedCertificates     SEQUENCE OF SEQUENCE  { ... }  OPTIONAL,
///      crlExtensions           [0]  EXPLICIT Extensions OPTIONAL }
/// ```
///
/// The version is required here, as x509-cert required it: a v1 CRL has
/// no cRLNumber and would be unusable anyway (§5.2.3).
#[derive(Sequence)]
struct TbsCertList<'a> {
    version: x509_cert::certificate::Version,
    signature: spki::AlgorithmIdentifierOwned,
    issuer: x509_cert::name::Name,
    this_update: Asn1Time<'a>,
    next_update: Option<Asn1Time<'a>>,
    revoked_certificates: Option<Vec<RevokedCertificate<'a>>>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    crl_extensions: Option<x509_cert::ext::Extensions>,
}

/// ```text
/// SEQUENCE  {
///      userCertificate         CertificateSerialNumber,
///      revocationDate          Time,
///      crlEntryExtensions      Extensions OPTIONAL }
/// ```
#[derive(Sequence)]
struct RevokedCertificate<'a> {
    serial_number: x509_cert::serial_number::SerialNumber<Raw>,
    revocation_date: Asn1Time<'a>,
    crl_entry_extensions: Option<x509_cert::ext::Extensions>,
}

/// A parsed CRL.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Crl {
    /// issuer.
    pub issuer: DistinguishedName,
    /// thisUpdate.
    pub this_update: UnixTime,
    /// nextUpdate, if present.
    pub next_update: Option<UnixTime>,
    /// Serial numbers of revoked certificates (two's complement bytes).
    /// A delta CRL's removeFromCRL entries are left out: they say a
    /// certificate is no longer on hold, not that it is revoked.
    pub revoked: Vec<Vec<u8>>,
    /// Problems that make the list unusable (RFC 5280 §5.2): an unknown
    /// critical extension, a malformed issuingDistributionPoint.
    pub problems: Vec<String>,
    /// Issuance rules the list breaks that clients do not enforce: a
    /// missing or critical cRLNumber (§5.2.3; OpenSSL and rustls-webpki use
    /// the list all the same).
    pub nonconforming: Vec<String>,
    /// True when cRLNumber is marked critical (§5.2.3: MUST be
    /// non-critical). OpenSSL 3 treats it as an unhandled critical CRL
    /// extension and refuses the list; rustls-webpki uses it.
    pub number_critical: bool,
    /// issuingDistributionPoint (§5.2.5): which certificates the list
    /// covers. `None`: every certificate of its issuer.
    pub issuing_distribution_point: Option<IssuingDistributionPoint>,
    /// True for a delta CRL (deltaCRLIndicator, §5.2.4): it lists only
    /// what changed since a base CRL, so a serial it lists is revoked but
    /// one it does not list is not thereby in good standing.
    pub delta: bool,
    /// What the issuer signed, and how.
    pub signed: crate::crypto::SignedData,
}

/// The issuingDistributionPoint extension of a CRL (RFC 5280 §5.2.5):
///
/// ```text
/// IssuingDistributionPoint ::= SEQUENCE {
///      distributionPoint          [0] DistributionPointName OPTIONAL,
///      onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
///      onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
///      onlySomeReasons            [3] ReasonFlags OPTIONAL,
///      indirectCRL                [4] BOOLEAN DEFAULT FALSE,
///      onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IssuingDistributionPoint {
    /// distributionPoint as general names: a fullName as is, a
    /// nameRelativeToCRLIssuer as the directoryName it makes with the
    /// CRL's issuer (§5.2.5).
    pub distribution_point: Option<Vec<GeneralName>>,
    /// onlyContainsUserCerts.
    pub only_user_certs: bool,
    /// onlyContainsCACerts.
    pub only_ca_certs: bool,
    /// onlySomeReasons, as ReasonFlags names.
    pub only_some_reasons: Option<Vec<&'static str>>,
    /// indirectCRL.
    pub indirect_crl: bool,
    /// onlyContainsAttributeCerts.
    pub only_attribute_certs: bool,
}

/// ReasonFlags bit names (RFC 5280 §4.2.1.13), by bit position.
const REASON_FLAGS: [&str; 9] = [
    "unused",
    "keyCompromise",
    "cACompromise",
    "affiliationChanged",
    "superseded",
    "cessationOfOperation",
    "certificateHold",
    "privilegeWithdrawn",
    "aACompromise",
];

impl Crl {
    /// Parses one DER CRL.
    ///
    /// # Errors
    /// [`ParseError`] naming the structure that did not decode.
    pub fn from_der(der: &[u8]) -> Result<Self, ParseError> {
        let error =
            |what: &str, error: der::Error| ParseError(format!("{what} does not decode: {error}"));
        let raw = RawCertificateList::from_der(der).map_err(|e| error("CRL", e))?;
        let list = DecodedCertificateList::from_der(der).map_err(|e| error("CRL", e))?;
        let tbs = &list.tbs;
        let mut problems = Vec::new();
        let mut nonconforming = Vec::new();
        let extensions = tbs.crl_extensions.as_deref().unwrap_or_default();
        if !extensions
            .iter()
            .any(|extension| extension.extn_id == ID_CE_CRL_NUMBER)
        {
            nonconforming.push(
                "it has no cRLNumber (RFC 5280 §5.2.3: conforming CRL issuers MUST include it)"
                    .into(),
            );
        }
        let number_critical = extensions
            .iter()
            .any(|extension| extension.extn_id == ID_CE_CRL_NUMBER && extension.critical);
        let mut issuing_distribution_point = None;
        let mut delta = false;
        for extension in extensions {
            match extension.extn_id {
                ID_CE_CRL_NUMBER | ID_CE_AUTHORITY_KEY_IDENTIFIER => {}
                ID_CE_ISSUING_DISTRIBUTION_POINT => {
                    match IssuingDistributionPoint::from_der(
                        extension.extn_value.as_bytes(),
                        &tbs.issuer,
                    ) {
                        Ok(idp) => {
                            if [
                                idp.only_user_certs,
                                idp.only_ca_certs,
                                idp.only_attribute_certs,
                            ]
                            .iter()
                            .filter(|&&only| only)
                            .count()
                                > 1
                            {
                                problems.push("its issuingDistributionPoint sets more than one of onlyContainsUserCerts, onlyContainsCACerts and onlyContainsAttributeCerts (RFC 5280 §5.2.5: at most one)".into());
                            }
                            issuing_distribution_point = Some(idp);
                        }
                        Err(reason) => problems.push(format!(
                            "its issuingDistributionPoint does not decode: {reason}"
                        )),
                    }
                }
                ID_CE_DELTA_CRL_INDICATOR => delta = true,
                _ if extension.critical => problems.push(format!(
                    "it has an unknown critical extension {}",
                    extension.extn_id
                )),
                _ => {}
            }
        }
        let mut revoked = Vec::new();
        for entry in tbs.revoked_certificates.iter().flatten() {
            let serial = entry.serial_number.as_bytes();
            let mut removed = false;
            for extension in entry.crl_entry_extensions.as_deref().unwrap_or_default() {
                match extension.extn_id {
                    ID_CE_CRL_REASONS => {
                        removed = CrlReason::from_der(extension.extn_value.as_bytes())
                            == Ok(CrlReason::RemoveFromCRL);
                    }
                    ID_CE_INVALIDITY_DATE => {}
                    // §5.3.3: entries for another issuer, in indirect CRLs only.
                    ID_CE_CERTIFICATE_ISSUER => problems.push(format!(
                        "the entry for serial {} has a certificateIssuer, which only indirect CRLs use; certgate does not support indirect CRLs",
                        crate::name::hex_colons(serial)
                    )),
                    // §5.3: a CRL with a critical entry extension the
                    // application cannot process MUST NOT be used.
                    _ if extension.critical => problems.push(format!(
                        "the entry for serial {} has an unknown critical extension {}",
                        crate::name::hex_colons(serial),
                        extension.extn_id
                    )),
                    _ => {}
                }
            }
            // §5.3.1: removeFromCRL only appears in delta CRLs; in a
            // complete CRL the entry is kept, failing closed.
            if !(delta && removed) {
                revoked.push(serial.to_vec());
            }
        }
        Ok(Self {
            issuer: DistinguishedName::from_x509(&tbs.issuer),
            this_update: tbs.this_update.time,
            next_update: tbs.next_update.map(|time| time.time),
            revoked,
            problems,
            nonconforming,
            number_critical,
            issuing_distribution_point,
            delta,
            signed: crate::crypto::SignedData::new(
                raw.tbs.to_der().map_err(|e| error("tbsCertList", e))?,
                raw.algorithm
                    .to_der()
                    .map_err(|e| error("signatureAlgorithm", e))?,
                list.signature,
            ),
        })
    }

    /// Whether `issuer_spki_der` signed this list.
    pub(crate) fn signed_by(&self, issuer_spki_der: &[u8]) -> bool {
        self.signed.verify(issuer_spki_der).is_ok()
    }

    /// Whether this list, issued by `certificate`'s issuer, covers
    /// `certificate` (RFC 5280 §6.3.3(b)(2)), as OpenSSL decides it
    /// (`crl_crldp_check`): onlyContainsAttributeCerts covers no
    /// certificate, onlyContainsUserCerts no CA certificate (cA=TRUE),
    /// onlyContainsCACerts no other one; with a distributionPoint, only a
    /// certificate with a cRLDistributionPoints entry that names it (or that
    /// has no name, RFC 5280 §4.2.1.13 allowing a bare cRLIssuer) and whose
    /// cRLIssuer, if any, names this list's issuer.
    ///
    /// A certificate without cRLDistributionPoints is therefore not covered
    /// by a list whose issuingDistributionPoint has a distributionPoint.
    /// OpenSSL decides so; RFC 5280 §6.3.3 would take the certificate's
    /// issuer as its distribution point name, which a URI never matches,
    /// and rustls-webpki instead takes such a list as covering it.
    pub(crate) fn covers(&self, certificate: &Certificate) -> bool {
        let Some(idp) = &self.issuing_distribution_point else {
            return true;
        };
        if idp.only_attribute_certs
            || (certificate.is_ca() && idp.only_user_certs)
            || (!certificate.is_ca() && idp.only_ca_certs)
        {
            return false;
        }
        let Some(names) = &idp.distribution_point else {
            return true;
        };
        let Some(extension) = certificate.extension(oid::CRL_DISTRIBUTION_POINTS) else {
            return false;
        };
        // A cRLDistributionPoints that does not decode already fails the
        // path (cert.extension_malformed); the list still applies.
        let Ok(points) = x509_cert::ext::pkix::CrlDistributionPoints::from_der(&extension.der)
        else {
            return true;
        };
        points
            .0
            .iter()
            .any(|point| self.point_matches(point, &certificate.issuer, names))
    }

    fn point_matches(
        &self,
        point: &DistributionPoint,
        certificate_issuer: &DistinguishedName,
        names: &[GeneralName],
    ) -> bool {
        if let Some(crl_issuers) = &point.crl_issuer {
            let names_this_issuer = crl_issuers.iter().any(|name| {
                matches!(GeneralName::from_x509(name), GeneralName::Directory(name) if name.matches(&self.issuer))
            });
            if !names_this_issuer {
                return false;
            }
        }
        // §4.2.1.13: a nameRelativeToCRLIssuer is relative to the
        // cRLIssuer if any, else to the certificate's issuer; either is
        // this list's issuer here.
        let point_names = match &point.distribution_point {
            None => return true,
            Some(name) => full_names(name, certificate_issuer.der.as_slice()),
        };
        point_names
            .iter()
            .any(|name| names.iter().any(|other| same_general_name(name, other)))
    }

    /// Why this list cannot decide the status of a certificate it covers,
    /// beyond [`Self::problems`]: the parts of RFC 5280 certgate does not
    /// implement.
    pub(crate) fn unsupported(&self) -> Vec<String> {
        let mut reasons = Vec::new();
        if let Some(idp) = &self.issuing_distribution_point {
            if idp.indirect_crl {
                reasons.push("its issuingDistributionPoint sets indirectCRL (RFC 5280 §5.2.5), and certgate does not support indirect CRLs, whose entries may belong to other issuers".into());
            }
            if let Some(some) = &idp.only_some_reasons {
                reasons.push(format!(
                    "its issuingDistributionPoint sets onlySomeReasons ({}), so it covers only those revocation reasons, and certgate does not combine CRLs partitioned by reason (RFC 5280 §6.3.3(d))",
                    some.join(", ")
                ));
            }
        }
        reasons
    }
}

impl IssuingDistributionPoint {
    fn from_der(der: &[u8], issuer: &x509_cert::name::Name) -> Result<Self, der::Error> {
        let raw = RawIdp::from_der(der)?;
        let issuer_der = issuer.to_der()?;
        Ok(Self {
            distribution_point: raw
                .distribution_point
                .as_ref()
                .map(|name| full_names(name, &issuer_der)),
            only_user_certs: raw.only_contains_user_certs,
            only_ca_certs: raw.only_contains_ca_certs,
            only_some_reasons: raw.only_some_reasons.map(|flags| {
                let bits = flags.bits();
                REASON_FLAGS
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| bits & (1 << bit) != 0)
                    .map(|(_, name)| *name)
                    .collect()
            }),
            indirect_crl: raw.indirect_crl,
            only_attribute_certs: raw.only_contains_attribute_certs,
        })
    }
}

/// A DistributionPointName as general names; a nameRelativeToCRLIssuer is
/// appended to `issuer_der` (a `Name`) to make a directoryName (§4.2.1.13).
fn full_names(name: &DistributionPointName, issuer_der: &[u8]) -> Vec<GeneralName> {
    match name {
        DistributionPointName::FullName(names) => {
            names.iter().map(GeneralName::from_x509).collect()
        }
        DistributionPointName::NameRelativeToCRLIssuer(relative) => {
            let name = x509_cert::name::Name::from_der(issuer_der).and_then(|issuer| {
                let mut rdns = x509_cert::name::RdnSequence::from(issuer);
                rdns.push(relative.clone());
                x509_cert::name::Name::from_der(&rdns.to_der()?)
            });
            name.ok()
                .map(|name| GeneralName::Directory(DistinguishedName::from_x509(&name)))
                .into_iter()
                .collect()
        }
    }
}

/// Distribution point names compare as OpenSSL's `GENERAL_NAME_cmp`:
/// directory names by RFC 5280 §7.1 matching, the others exactly; an
/// otherName or ediPartyName, whose value certgate does not keep, never.
fn same_general_name(a: &GeneralName, b: &GeneralName) -> bool {
    match (a, b) {
        (GeneralName::Directory(a), GeneralName::Directory(b)) => a.matches(b),
        (GeneralName::Other(_) | GeneralName::EdiParty, _) => false,
        _ => a == b,
    }
}

/// Reads every CRL in a named PEM (`X509 CRL` blocks) or DER input.
///
/// # Errors
/// [`crate::Error::Source`] naming the input when it is unusable, holds no
/// CRL, or a CRL does not parse.
pub fn read_crls(source: &crate::Source<'_>) -> Result<Vec<Crl>, crate::Error> {
    let unusable = |message: String| crate::Error::Source {
        name: source.name.into(),
        message,
    };
    let decoded =
        crate::input::decode(source.bytes).map_err(|error| unusable(format!("{error}")))?;
    if decoded.encoding == crate::input::Encoding::Der {
        // DER does not say what it is: the whole input must be one CRL.
        return Crl::from_der(source.bytes)
            .map(|crl| alloc::vec![crl])
            .map_err(|error| unusable(error.0));
    }
    let mut crls = Vec::new();
    for block in &decoded.blocks {
        if let crate::input::BlockContent::Crl(der) = &block.content {
            crls.push(
                Crl::from_der(der)
                    .map_err(|error| unusable(format!("block {}: {}", block.index, error.0)))?,
            );
        }
    }
    if crls.is_empty() {
        return Err(unusable("holds no X509 CRL block".into()));
    }
    Ok(crls)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::path::{PathValidation, ValidationOptions, validate_path};

    // 2027-01-01T00:00:00Z, inside every vector's validity.
    const NOW: UnixTime = UnixTime(1_798_761_600);

    fn certificate(name: &str) -> Certificate {
        let pem: &[u8] = match name {
            "root" => include_bytes!("path/testdata/crl-root.pem"),
            "intermediate" => include_bytes!("path/testdata/crl-intermediate.pem"),
            "leaf-listed" => include_bytes!("path/testdata/crl-leaf-listed.pem"),
            "leaf-good" => include_bytes!("path/testdata/crl-leaf-good.pem"),
            "leaf-other-cdp" => include_bytes!("path/testdata/crl-leaf-other-cdp.pem"),
            "leaf-no-cdp" => include_bytes!("path/testdata/crl-leaf-no-cdp.pem"),
            _ => panic!("no certificate {name}"),
        };
        crate::read(pem).unwrap().certificates.remove(0).certificate
    }

    fn crl(name: &str) -> Crl {
        let pem: &[u8] = match name {
            "int-plain" => include_bytes!("path/testdata/crl-int-plain.pem"),
            "int-idp" => include_bytes!("path/testdata/crl-int-idp.pem"),
            "int-idp-user" => include_bytes!("path/testdata/crl-int-idp-user.pem"),
            "int-idp-ca" => include_bytes!("path/testdata/crl-int-idp-ca.pem"),
            "int-idp-reasons" => include_bytes!("path/testdata/crl-int-idp-reasons.pem"),
            "int-idp-indirect" => include_bytes!("path/testdata/crl-int-idp-indirect.pem"),
            "int-idp-attributes" => include_bytes!("path/testdata/crl-int-idp-attributes.pem"),
            "int-delta" => include_bytes!("path/testdata/crl-int-delta.pem"),
            "root-idp-ca" => include_bytes!("path/testdata/crl-root-idp-ca.pem"),
            "root-idp-user" => include_bytes!("path/testdata/crl-root-idp-user.pem"),
            _ => panic!("no CRL {name}"),
        };
        let mut crls = read_crls(&crate::Source::new(name, pem)).unwrap();
        assert_eq!(crls.len(), 1);
        crls.remove(0)
    }

    fn validate(leaf: &str, crls: &[&str]) -> PathValidation {
        let mut options = ValidationOptions::new(NOW);
        // RFC 5280's own reading: these vectors give the CRLs of one CA,
        // and scope, not the clients' whole-chain demand, is under test.
        options.profile = crate::path::Profile::Rfc5280;
        options.crls = crls.iter().map(|name| crl(name)).collect();
        validate_path(
            &certificate(leaf),
            &[certificate("intermediate")],
            &[certificate("root")],
            &options,
        )
    }

    /// The errors: what decides the verdict (warnings such as
    /// `leaf.validity_too_long` are beside the point here).
    fn ids(result: &PathValidation) -> Vec<(&'static str, Option<usize>)> {
        result
            .findings
            .iter()
            .filter(|finding| finding.severity == crate::Severity::Error)
            .map(|finding| (finding.id(), finding.certificate))
            .collect()
    }

    fn message<'a>(result: &'a PathValidation, id: &str) -> &'a str {
        &result
            .findings
            .iter()
            .find(|finding| finding.id() == id)
            .unwrap_or_else(|| panic!("no {id} in {:?}", result.findings))
            .message
    }

    #[test]
    fn issuing_distribution_point_decodes() {
        let list = crl("int-idp");
        assert!(list.problems.is_empty(), "{:?}", list.problems);
        assert!(!list.delta);
        let idp = list.issuing_distribution_point.unwrap();
        assert_eq!(
            idp.distribution_point,
            Some(alloc::vec![GeneralName::Uri(
                "http://crl.example.com/int.crl".into()
            )])
        );
        assert!(!idp.only_user_certs && !idp.only_ca_certs && !idp.only_attribute_certs);
        assert!(!idp.indirect_crl && idp.only_some_reasons.is_none());
        let reasons = crl("int-idp-reasons").issuing_distribution_point.unwrap();
        assert_eq!(
            reasons.only_some_reasons,
            Some(alloc::vec!["keyCompromise"])
        );
        assert!(
            crl("int-idp-user")
                .issuing_distribution_point
                .unwrap()
                .only_user_certs
        );
        assert!(
            crl("int-idp-ca")
                .issuing_distribution_point
                .unwrap()
                .only_ca_certs
        );
        assert!(
            crl("int-idp-indirect")
                .issuing_distribution_point
                .unwrap()
                .indirect_crl
        );
        assert!(
            crl("int-idp-attributes")
                .issuing_distribution_point
                .unwrap()
                .only_attribute_certs
        );
        assert!(crl("int-plain").issuing_distribution_point.is_none());
        let delta = crl("int-delta");
        assert!(
            delta.delta && delta.problems.is_empty(),
            "{:?}",
            delta.problems
        );
    }

    #[test]
    fn relative_point_names_join_the_issuer() {
        use core::str::FromStr;
        let issuer = x509_cert::name::Name::from_str("CN=Issuer").unwrap();
        let relative = x509_cert::name::RelativeDistinguishedName::from_str("OU=crl1").unwrap();
        let names = full_names(
            &DistributionPointName::NameRelativeToCRLIssuer(relative),
            &issuer.to_der().unwrap(),
        );
        // RFC 4514 strings list the last RDN first.
        let expected = x509_cert::name::Name::from_str("OU=crl1,CN=Issuer").unwrap();
        let expected = GeneralName::Directory(DistinguishedName::from_x509(&expected));
        assert_eq!(names.len(), 1);
        assert!(same_general_name(&names[0], &expected), "{names:?}");
        assert!(!same_general_name(
            &names[0],
            &GeneralName::Directory(DistinguishedName::from_x509(&issuer))
        ));
    }

    #[test]
    fn critical_idp_crl_revokes_and_clears() {
        let revoked = validate("leaf-listed", &["int-idp"]);
        assert_eq!(ids(&revoked), [("chain.revoked", Some(0))]);
        let good = validate("leaf-good", &["int-idp"]);
        assert!(good.valid, "{:?}", good.findings);
        // Limited to user certificates: still the leaf's list.
        let user = validate("leaf-listed", &["int-idp-user"]);
        assert_eq!(ids(&user), [("chain.revoked", Some(0))]);
    }

    #[test]
    fn scope_leaves_other_certificates_out() {
        // A CA-only list says nothing about a leaf, listed or not.
        let ca_only = validate("leaf-listed", &["int-idp-ca"]);
        assert!(ca_only.valid, "{:?}", ca_only.findings);
        // Nor an attribute-certificate list about any certificate.
        let attributes = validate("leaf-listed", &["int-idp-attributes"]);
        assert!(attributes.valid, "{:?}", attributes.findings);
        // The list is for another distribution point than the leaf's.
        let other = crl("int-idp");
        assert!(!other.covers(&certificate("leaf-other-cdp")));
        assert!(other.covers(&certificate("leaf-good")));
        // OpenSSL: no cRLDistributionPoints, no match with a named point;
        // the plain list (no issuingDistributionPoint) covers it.
        let no_cdp = validate("leaf-no-cdp", &["int-idp"]);
        assert!(no_cdp.valid, "{:?}", no_cdp.findings);
        let plain = validate("leaf-no-cdp", &["int-plain"]);
        assert_eq!(ids(&plain), [("chain.revoked", Some(0))]);
    }

    #[test]
    fn ca_scope_applies_to_the_intermediate() {
        // crl-root-* revoke the intermediate (certificate 1).
        let ca_only = validate("leaf-good", &["root-idp-ca"]);
        assert_eq!(ids(&ca_only), [("chain.revoked", Some(1))]);
        let user_only = validate("leaf-good", &["root-idp-user"]);
        assert!(user_only.valid, "{:?}", user_only.findings);
    }

    #[test]
    fn unsupported_scopes_fail_closed_with_the_reason() {
        let reasons = validate("leaf-good", &["int-idp-reasons"]);
        assert_eq!(ids(&reasons), [("chain.crl_invalid", Some(0))]);
        assert!(
            message(&reasons, "chain.crl_invalid").contains("onlySomeReasons (keyCompromise)"),
            "{:?}",
            reasons.findings
        );
        let indirect = validate("leaf-listed", &["int-idp-indirect"]);
        assert_eq!(ids(&indirect), [("chain.crl_invalid", Some(0))]);
        assert!(message(&indirect, "chain.crl_invalid").contains("indirectCRL"));
        // Not covered, so not in the way: the leaf outside their points.
        let elsewhere = validate("leaf-other-cdp", &["int-idp-reasons", "int-idp-indirect"]);
        assert!(elsewhere.valid, "{:?}", elsewhere.findings);
    }

    #[test]
    fn delta_crl_revokes_what_it_lists_only() {
        let listed = validate("leaf-listed", &["int-delta"]);
        assert_eq!(ids(&listed), [("chain.revoked", Some(0))]);
        assert!(message(&listed, "chain.revoked").contains("delta CRL"));
        let good = validate("leaf-good", &["int-delta", "int-idp"]);
        assert!(good.valid, "{:?}", good.findings);
    }

    #[test]
    fn unknown_critical_extensions_still_make_a_crl_unusable() {
        // The delta CRL's indicator, 2.5.29.27, re-labelled as 2.5.29.99.
        let pem = include_str!("path/testdata/crl-int-delta.pem");
        let mut der = crate::input::decode(pem.as_bytes()).unwrap();
        let crate::input::BlockContent::Crl(bytes) = &mut der.blocks[0].content else {
            panic!("not a CRL block");
        };
        let at = bytes
            .windows(3)
            .position(|window| window == [0x55, 0x1d, 0x1b])
            .unwrap();
        bytes[at + 2] = 0x63;
        let list = Crl::from_der(bytes).unwrap();
        assert!(!list.delta);
        assert_eq!(
            list.problems,
            ["it has an unknown critical extension 2.5.29.99"]
        );
    }
}
