//! The typed view of one certificate: everything `openssl x509 -text` shows,
//! decoded once, plus the raw bytes the signature covers.
//!
//! Parsing is lenient where a lint should report instead of refusing (serial
//! length and sign, time encodings, duplicate extensions) and strict where the
//! structure itself is broken (then the certificate does not parse at all).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, BitStringRef, OctetString};
use der::{Decode, Encode, Sequence, Tagged};
use x509_cert::certificate::Raw;
use x509_cert::ext::pkix;

use crate::crypto::{self, PublicKeyInfo, SignatureAlgorithm};
use crate::name::{DistinguishedName, GeneralName, hex, hex_colons};
use crate::time::UnixTime;

/// Extension and purpose OIDs (RFC 5280 §4.2 and RFC 6962): the crate's
/// one table, [`crate::oid`].
pub use crate::oid;

/// Key usage bits (RFC 5280 §4.2.1.3), by bit position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyUsageBit {
    /// digitalSignature (0).
    DigitalSignature = 0,
    /// nonRepudiation / contentCommitment (1).
    ContentCommitment = 1,
    /// keyEncipherment (2).
    KeyEncipherment = 2,
    /// dataEncipherment (3).
    DataEncipherment = 3,
    /// keyAgreement (4).
    KeyAgreement = 4,
    /// keyCertSign (5).
    KeyCertSign = 5,
    /// cRLSign (6).
    CrlSign = 6,
    /// encipherOnly (7).
    EncipherOnly = 7,
    /// decipherOnly (8).
    DecipherOnly = 8,
}

const KEY_USAGE_NAMES: [&str; 9] = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

/// The keyUsage extension as a set of bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUsage(pub u16);

impl KeyUsage {
    /// True when `bit` is asserted.
    pub fn contains(self, bit: KeyUsageBit) -> bool {
        self.0 & (1 << (bit as u16)) != 0
    }
    /// True when no bit is asserted.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Names of the asserted bits, as openssl prints them.
    pub fn names(self) -> Vec<&'static str> {
        KEY_USAGE_NAMES
            .iter()
            .enumerate()
            .filter(|(bit, _)| self.0 & (1 << bit) != 0)
            .map(|(_, name)| *name)
            .collect()
    }
}

/// basicConstraints (RFC 5280 §4.2.1.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct BasicConstraints {
    /// cA.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len: Option<u8>,
}

/// authorityKeyIdentifier (RFC 5280 §4.2.1.1).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthorityKeyIdentifier {
    /// keyIdentifier.
    pub key_identifier: Option<Vec<u8>>,
    /// authorityCertIssuer.
    pub issuer: Option<Vec<GeneralName>>,
    /// authorityCertSerialNumber.
    pub serial: Option<Vec<u8>>,
}

/// One subtree of nameConstraints (RFC 5280 §4.2.1.10).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GeneralSubtree {
    /// The base name.
    pub base: GeneralName,
    /// minimum (must be 0).
    pub minimum: u32,
    /// maximum (must be absent).
    pub maximum: Option<u32>,
}

/// nameConstraints (RFC 5280 §4.2.1.10).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct NameConstraints {
    /// permittedSubtrees; `None` when absent.
    pub permitted: Option<Vec<GeneralSubtree>>,
    /// excludedSubtrees; `None` when absent.
    pub excluded: Option<Vec<GeneralSubtree>>,
}

/// policyConstraints (RFC 5280 §4.2.1.11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PolicyConstraints {
    /// requireExplicitPolicy.
    pub require_explicit_policy: Option<u32>,
    /// inhibitPolicyMapping.
    pub inhibit_policy_mapping: Option<u32>,
}

/// A decoded extension value.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExtensionValue {
    /// basicConstraints.
    BasicConstraints(BasicConstraints),
    /// keyUsage.
    KeyUsage(KeyUsage),
    /// extKeyUsage.
    ExtendedKeyUsage(Vec<ObjectIdentifier>),
    /// subjectKeyIdentifier.
    SubjectKeyIdentifier(Vec<u8>),
    /// authorityKeyIdentifier.
    AuthorityKeyIdentifier(AuthorityKeyIdentifier),
    /// subjectAltName.
    SubjectAltName(Vec<GeneralName>),
    /// issuerAltName.
    IssuerAltName(Vec<GeneralName>),
    /// nameConstraints.
    NameConstraints(NameConstraints),
    /// cRLDistributionPoints: the full names of each point.
    CrlDistributionPoints(Vec<GeneralName>),
    /// authorityInfoAccess / subjectInfoAccess: (method, location).
    InformationAccess(Vec<(ObjectIdentifier, GeneralName)>),
    /// certificatePolicies: the policy OIDs.
    CertificatePolicies(Vec<ObjectIdentifier>),
    /// policyConstraints.
    PolicyConstraints(PolicyConstraints),
    /// policyMappings: (issuerDomainPolicy, subjectDomainPolicy).
    PolicyMappings(Vec<(ObjectIdentifier, ObjectIdentifier)>),
    /// inhibitAnyPolicy: skipCerts.
    InhibitAnyPolicy(u32),
    /// An extension certgate knows but does not interpret (SCT list, CT poison).
    Opaque,
    /// An extension certgate does not know.
    Unknown,
    /// A known extension whose value did not decode, with the reason.
    Malformed(String),
}

/// One extension.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Extension {
    /// extnID.
    pub oid: ObjectIdentifier,
    /// critical.
    pub critical: bool,
    /// extnValue contents (the DER inside the OCTET STRING).
    pub der: Vec<u8>,
    /// The decoded value.
    pub value: ExtensionValue,
}

/// The encoding of a validity time (RFC 5280 §4.1.2.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeEncoding {
    /// UTCTime.
    Utc,
    /// GeneralizedTime.
    Generalized,
}

/// A validity bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Validity {
    /// notBefore.
    pub not_before: UnixTime,
    /// notAfter.
    pub not_after: UnixTime,
    /// How notBefore was encoded.
    pub not_before_encoding: TimeEncoding,
    /// How notAfter was encoded.
    pub not_after_encoding: TimeEncoding,
}

/// A parsed certificate. Fields are views; the DER is kept for fingerprints
/// and for verifying signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Certificate {
    /// The whole certificate, DER.
    pub der: Vec<u8>,
    /// What the issuer signed, and how.
    pub signed: crypto::SignedData,
    /// tbsCertificate.signature, DER.
    pub tbs_signature_algorithm_der: Vec<u8>,
    /// The signature algorithm, classified.
    pub signature_algorithm: SignatureAlgorithm,
    /// X.509 version: 1, 2 or 3.
    pub version: u8,
    /// serialNumber contents (two's complement, as encoded).
    pub serial: Vec<u8>,
    /// issuer.
    pub issuer: DistinguishedName,
    /// subject.
    pub subject: DistinguishedName,
    /// validity.
    pub validity: Validity,
    /// subjectPublicKeyInfo, DER.
    pub spki_der: Vec<u8>,
    /// The public key, described.
    pub public_key: PublicKeyInfo,
    /// issuerUniqueID or subjectUniqueID present.
    pub unique_identifiers: bool,
    /// Extensions, in order (duplicates kept).
    pub extensions: Vec<Extension>,
}

/// Why a certificate did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue },
/// kept raw so the exact signed bytes survive (RFC 5280 §4.1.1).
#[derive(Sequence)]
struct RawCertificate<'a> {
    tbs: AnyRef<'a>,
    algorithm: AnyRef<'a>,
    signature: BitStringRef<'a>,
}

/// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue },
/// decoded. x509-cert's own `TBSCertificate` refuses times before 1970
/// (its `Time` is a `der::DateTime`), so the structure is spelled out here
/// with [`Asn1Time`] in `Validity`.
#[derive(Sequence)]
struct DecodedCertificate<'a> {
    tbs: TbsCertificate<'a>,
    algorithm: spki::AlgorithmIdentifierOwned,
    signature: BitStringRef<'a>,
}

/// ```text
/// TBSCertificate  ::=  SEQUENCE  {
///     version         [0]  EXPLICIT Version DEFAULT v1,
///     serialNumber         CertificateSerialNumber,
///     signature            AlgorithmIdentifier,
///     issuer               Name,
///     validity             Validity,
///     subject              Name,
///     subjectPublicKeyInfo SubjectPublicKeyInfo,
///     issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL,
///     subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,
///     extensions      [3]  EXPLICIT Extensions OPTIONAL }
/// ```
#[derive(Sequence)]
struct TbsCertificate<'a> {
    #[asn1(context_specific = "0", default = "Default::default")]
    version: x509_cert::certificate::Version,
    serial_number: x509_cert::serial_number::SerialNumber<Raw>,
    signature: spki::AlgorithmIdentifierOwned,
    issuer: x509_cert::name::Name,
    validity: RawValidity<'a>,
    subject: x509_cert::name::Name,
    subject_public_key_info: spki::SubjectPublicKeyInfoOwned,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    issuer_unique_id: Option<BitStringRef<'a>>,
    #[asn1(context_specific = "2", tag_mode = "IMPLICIT", optional = "true")]
    subject_unique_id: Option<BitStringRef<'a>>,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    extensions: Option<x509_cert::ext::Extensions>,
}

/// `Validity ::= SEQUENCE { notBefore Time, notAfter Time }` (RFC 5280 §4.1.2.5).
#[derive(Sequence)]
struct RawValidity<'a> {
    not_before: Asn1Time<'a>,
    not_after: Asn1Time<'a>,
}

/// `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }`
/// (RFC 5280 §4.1.2.5), decoded for any year UTCTime or GeneralizedTime
/// can write: 1950-2049 and 0000-9999. Kept raw too, so it re-encodes as read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Asn1Time<'a> {
    raw: AnyRef<'a>,
    pub time: UnixTime,
    pub encoding: TimeEncoding,
}

impl<'a> Decode<'a> for Asn1Time<'a> {
    type Error = der::Error;

    fn decode<R: der::Reader<'a>>(reader: &mut R) -> der::Result<Self> {
        let raw = AnyRef::decode(reader)?;
        let (time, encoding) = match raw.tag() {
            der::Tag::UtcTime => (crate::time::from_utc_time(raw.value()), TimeEncoding::Utc),
            der::Tag::GeneralizedTime => (
                crate::time::from_generalized_time(raw.value()),
                TimeEncoding::Generalized,
            ),
            tag => return Err(reader.error(tag.unexpected_error(None))),
        };
        match time {
            Some(time) => Ok(Self {
                raw,
                time,
                encoding,
            }),
            None => Err(reader.error(raw.tag().value_error())),
        }
    }
}

impl Tagged for Asn1Time<'_> {
    fn tag(&self) -> der::Tag {
        self.raw.tag()
    }
}

impl<'a> der::Choice<'a> for Asn1Time<'a> {
    fn can_decode(tag: der::Tag) -> bool {
        matches!(tag, der::Tag::UtcTime | der::Tag::GeneralizedTime)
    }
}

impl der::EncodeValue for Asn1Time<'_> {
    fn value_len(&self) -> der::Result<der::Length> {
        self.raw.value_len()
    }

    fn encode_value(&self, writer: &mut impl der::Writer) -> der::Result<()> {
        self.raw.encode_value(writer)
    }
}

impl Certificate {
    /// Parses one DER certificate.
    ///
    /// # Errors
    /// [`ParseError`] naming the structure that did not decode.
    pub fn from_der(der: &[u8]) -> Result<Self, ParseError> {
        let raw =
            RawCertificate::from_der(der).map_err(|error| der_error("certificate", &error))?;
        let parsed =
            DecodedCertificate::from_der(der).map_err(|error| der_error("certificate", &error))?;
        let tbs = &parsed.tbs;
        let signature_algorithm_der = raw
            .algorithm
            .to_der()
            .map_err(|e| der_error("signatureAlgorithm", &e))?;
        let spki_der = tbs
            .subject_public_key_info
            .to_der()
            .map_err(|e| der_error("subjectPublicKeyInfo", &e))?;
        let extensions = tbs
            .extensions
            .as_ref()
            .map(|extensions| extensions.iter().map(decode_extension).collect())
            .unwrap_or_default();
        Ok(Self {
            der: der.to_vec(),
            signature_algorithm: crypto::classify_signature_algorithm(&signature_algorithm_der),
            signed: crypto::SignedData::new(
                raw.tbs
                    .to_der()
                    .map_err(|e| der_error("tbsCertificate", &e))?,
                signature_algorithm_der,
                raw.signature,
            ),
            tbs_signature_algorithm_der: tbs
                .signature
                .to_der()
                .map_err(|e| der_error("signature", &e))?,
            version: match tbs.version {
                x509_cert::certificate::Version::V1 => 1,
                x509_cert::certificate::Version::V2 => 2,
                x509_cert::certificate::Version::V3 => 3,
            },
            serial: tbs.serial_number.as_bytes().to_vec(),
            issuer: DistinguishedName::from_x509(&tbs.issuer),
            subject: DistinguishedName::from_x509(&tbs.subject),
            validity: Validity {
                not_before: tbs.validity.not_before.time,
                not_after: tbs.validity.not_after.time,
                not_before_encoding: tbs.validity.not_before.encoding,
                not_after_encoding: tbs.validity.not_after.encoding,
            },
            public_key: crypto::public_key_info(&spki_der),
            spki_der,
            unique_identifiers: tbs.issuer_unique_id.is_some() || tbs.subject_unique_id.is_some(),
            extensions,
        })
    }

    /// The first extension with this OID.
    pub fn extension(&self, oid: ObjectIdentifier) -> Option<&Extension> {
        self.extensions
            .iter()
            .find(|extension| extension.oid == oid)
    }

    /// basicConstraints, if present and well-formed.
    pub fn basic_constraints(&self) -> Option<BasicConstraints> {
        match self.extension(oid::BASIC_CONSTRAINTS)?.value {
            ExtensionValue::BasicConstraints(value) => Some(value),
            _ => None,
        }
    }

    /// True when basicConstraints says cA=TRUE.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints()
            .is_some_and(|constraints| constraints.ca)
    }

    /// keyUsage, if present and well-formed.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        match self.extension(oid::KEY_USAGE)?.value {
            ExtensionValue::KeyUsage(value) => Some(value),
            _ => None,
        }
    }

    /// extKeyUsage purposes, if present and well-formed.
    pub fn extended_key_usage(&self) -> Option<&[ObjectIdentifier]> {
        match &self.extension(oid::EXTENDED_KEY_USAGE)?.value {
            ExtensionValue::ExtendedKeyUsage(value) => Some(value),
            _ => None,
        }
    }

    /// subjectKeyIdentifier, if present.
    pub fn subject_key_identifier(&self) -> Option<&[u8]> {
        match &self.extension(oid::SUBJECT_KEY_IDENTIFIER)?.value {
            ExtensionValue::SubjectKeyIdentifier(value) => Some(value),
            _ => None,
        }
    }

    /// authorityKeyIdentifier, if present.
    pub fn authority_key_identifier(&self) -> Option<&AuthorityKeyIdentifier> {
        match &self.extension(oid::AUTHORITY_KEY_IDENTIFIER)?.value {
            ExtensionValue::AuthorityKeyIdentifier(value) => Some(value),
            _ => None,
        }
    }

    /// subjectAltName names, if present.
    pub fn subject_alt_names(&self) -> Option<&[GeneralName]> {
        match &self.extension(oid::SUBJECT_ALT_NAME)?.value {
            ExtensionValue::SubjectAltName(value) => Some(value),
            _ => None,
        }
    }

    /// nameConstraints, if present.
    pub fn name_constraints(&self) -> Option<&NameConstraints> {
        match &self.extension(oid::NAME_CONSTRAINTS)?.value {
            ExtensionValue::NameConstraints(value) => Some(value),
            _ => None,
        }
    }

    /// True when subject and issuer are the same name (RFC 5280 §6.1: self-issued).
    pub fn is_self_issued(&self) -> bool {
        self.subject.matches(&self.issuer)
    }

    /// SHA-256 of the DER.
    pub fn sha256_fingerprint(&self) -> [u8; 32] {
        crypto::sha256(&self.der)
    }

    /// A serializable view with everything `openssl x509 -text` shows.
    pub fn view(&self) -> CertificateView {
        let extensions = self
            .extensions
            .iter()
            .map(|extension| ExtensionView {
                oid: extension.oid.to_string(),
                name: extension_name(extension.oid).into(),
                critical: extension.critical,
                value: extension_text(extension),
            })
            .collect();
        let names = |names: Option<&[GeneralName]>| {
            names.map(|names| names.iter().map(GeneralName::to_text).collect())
        };
        CertificateView {
            version: self.version,
            serial: hex_colons(&self.serial),
            signature_algorithm: self.signature_algorithm.name().into(),
            issuer: self.issuer.to_string(),
            subject: self.subject.to_string(),
            not_before: self.validity.not_before.to_rfc3339(),
            not_after: self.validity.not_after.to_rfc3339(),
            public_key: self.public_key.clone(),
            basic_constraints: self.basic_constraints(),
            key_usage: self.key_usage().map(KeyUsage::names),
            extended_key_usage: self
                .extended_key_usage()
                .map(|purposes| purposes.iter().map(|oid| eku_name(*oid)).collect()),
            subject_alt_names: names(self.subject_alt_names()),
            subject_key_identifier: self.subject_key_identifier().map(hex_colons),
            authority_key_identifier: self
                .authority_key_identifier()
                .and_then(|aki| aki.key_identifier.as_deref().map(hex_colons)),
            extensions,
            self_issued: self.is_self_issued(),
            fingerprints: Fingerprints {
                sha256: hex_colons(&crypto::sha256(&self.der)),
                sha1: hex_colons(&crypto::sha1(&self.der)),
            },
        }
    }
}

fn der_error(what: &str, error: &der::Error) -> ParseError {
    ParseError(format!("{what} does not decode: {error}"))
}

fn decode_extension(extension: &x509_cert::ext::Extension) -> Extension {
    let der = extension.extn_value.as_bytes();
    let value = decode_extension_value(extension.extn_id, der)
        .unwrap_or_else(|error| ExtensionValue::Malformed(error.to_string()));
    Extension {
        oid: extension.extn_id,
        critical: extension.critical,
        der: der.to_vec(),
        value,
    }
}

fn general_names(names: &[pkix::name::GeneralName]) -> Vec<GeneralName> {
    names.iter().map(GeneralName::from_x509).collect()
}

fn subtrees(
    subtrees: Option<&pkix::constraints::name::GeneralSubtrees>,
) -> Option<Vec<GeneralSubtree>> {
    subtrees.map(|subtrees| {
        subtrees
            .iter()
            .map(|subtree| GeneralSubtree {
                base: GeneralName::from_x509(&subtree.base),
                minimum: subtree.minimum,
                maximum: subtree.maximum,
            })
            .collect()
    })
}

fn decode_extension_value(oid: ObjectIdentifier, der: &[u8]) -> der::Result<ExtensionValue> {
    Ok(match oid {
        oid::BASIC_CONSTRAINTS => {
            let value = pkix::BasicConstraints::from_der(der)?;
            ExtensionValue::BasicConstraints(BasicConstraints {
                ca: value.ca,
                path_len: value.path_len_constraint,
            })
        }
        oid::KEY_USAGE => {
            let bits = der::asn1::BitStringRef::from_der(der)?;
            let mut value = 0u16;
            for (position, bit) in bits.bits().enumerate().take(16) {
                if bit {
                    value |= 1 << position;
                }
            }
            ExtensionValue::KeyUsage(KeyUsage(value))
        }
        oid::EXTENDED_KEY_USAGE => {
            ExtensionValue::ExtendedKeyUsage(pkix::ExtendedKeyUsage::from_der(der)?.0)
        }
        oid::SUBJECT_KEY_IDENTIFIER => {
            ExtensionValue::SubjectKeyIdentifier(OctetString::from_der(der)?.as_bytes().to_vec())
        }
        oid::AUTHORITY_KEY_IDENTIFIER => {
            let value = pkix::AuthorityKeyIdentifier::from_der(der)?;
            ExtensionValue::AuthorityKeyIdentifier(AuthorityKeyIdentifier {
                key_identifier: value.key_identifier.map(|key| key.as_bytes().to_vec()),
                issuer: value.authority_cert_issuer.as_deref().map(general_names),
                serial: value
                    .authority_cert_serial_number
                    .map(|serial| serial.as_bytes().to_vec()),
            })
        }
        oid::SUBJECT_ALT_NAME => {
            ExtensionValue::SubjectAltName(general_names(&pkix::SubjectAltName::from_der(der)?.0))
        }
        oid::ISSUER_ALT_NAME => {
            ExtensionValue::IssuerAltName(general_names(&pkix::IssuerAltName::from_der(der)?.0))
        }
        oid::NAME_CONSTRAINTS => {
            let value = pkix::NameConstraints::from_der(der)?;
            ExtensionValue::NameConstraints(NameConstraints {
                permitted: subtrees(value.permitted_subtrees.as_ref()),
                excluded: subtrees(value.excluded_subtrees.as_ref()),
            })
        }
        oid::CRL_DISTRIBUTION_POINTS => {
            let value = pkix::CrlDistributionPoints::from_der(der)?;
            let mut names = Vec::new();
            for point in &value.0 {
                if let Some(pkix::name::DistributionPointName::FullName(full)) =
                    &point.distribution_point
                {
                    names.extend(general_names(full));
                }
            }
            ExtensionValue::CrlDistributionPoints(names)
        }
        oid::AUTHORITY_INFO_ACCESS | oid::SUBJECT_INFO_ACCESS => {
            let value = pkix::AuthorityInfoAccessSyntax::from_der(der)?;
            ExtensionValue::InformationAccess(
                value
                    .0
                    .iter()
                    .map(|access| {
                        (
                            access.access_method,
                            GeneralName::from_x509(&access.access_location),
                        )
                    })
                    .collect(),
            )
        }
        oid::CERTIFICATE_POLICIES => ExtensionValue::CertificatePolicies(
            pkix::CertificatePolicies::from_der(der)?
                .0
                .iter()
                .map(|policy| policy.policy_identifier)
                .collect(),
        ),
        oid::POLICY_CONSTRAINTS => {
            let value = pkix::PolicyConstraints::from_der(der)?;
            ExtensionValue::PolicyConstraints(PolicyConstraints {
                require_explicit_policy: value.require_explicit_policy,
                inhibit_policy_mapping: value.inhibit_policy_mapping,
            })
        }
        oid::POLICY_MAPPINGS => ExtensionValue::PolicyMappings(
            pkix::PolicyMappings::from_der(der)?
                .0
                .iter()
                .map(|mapping| (mapping.issuer_domain_policy, mapping.subject_domain_policy))
                .collect(),
        ),
        oid::INHIBIT_ANY_POLICY => {
            ExtensionValue::InhibitAnyPolicy(pkix::InhibitAnyPolicy::from_der(der)?.0)
        }
        oid::SCT_LIST | oid::CT_POISON => ExtensionValue::Opaque,
        _ => ExtensionValue::Unknown,
    })
}

/// The name openssl gives an extension, or its OID.
pub fn extension_name(oid: ObjectIdentifier) -> &'static str {
    match oid {
        oid::SUBJECT_KEY_IDENTIFIER => "subjectKeyIdentifier",
        oid::KEY_USAGE => "keyUsage",
        oid::SUBJECT_ALT_NAME => "subjectAltName",
        oid::ISSUER_ALT_NAME => "issuerAltName",
        oid::BASIC_CONSTRAINTS => "basicConstraints",
        oid::NAME_CONSTRAINTS => "nameConstraints",
        oid::CRL_DISTRIBUTION_POINTS => "cRLDistributionPoints",
        oid::CERTIFICATE_POLICIES => "certificatePolicies",
        oid::POLICY_MAPPINGS => "policyMappings",
        oid::AUTHORITY_KEY_IDENTIFIER => "authorityKeyIdentifier",
        oid::POLICY_CONSTRAINTS => "policyConstraints",
        oid::EXTENDED_KEY_USAGE => "extendedKeyUsage",
        oid::INHIBIT_ANY_POLICY => "inhibitAnyPolicy",
        oid::AUTHORITY_INFO_ACCESS => "authorityInfoAccess",
        oid::SUBJECT_INFO_ACCESS => "subjectInfoAccess",
        oid::SCT_LIST => "ctPrecertificateSCTs",
        oid::CT_POISON => "ctPrecertificatePoison",
        _ => "unknown",
    }
}

/// Short name of an extended key usage purpose.
pub fn eku_name(purpose: ObjectIdentifier) -> String {
    let name = match purpose.to_string().as_str() {
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        "2.5.29.37.0" => "anyExtendedKeyUsage",
        other => return other.into(),
    };
    name.into()
}

fn join<T>(items: &[T], text: impl Fn(&T) -> String) -> String {
    items.iter().map(text).collect::<Vec<_>>().join(", ")
}

fn extension_text(extension: &Extension) -> String {
    match &extension.value {
        ExtensionValue::BasicConstraints(value) => match value.path_len {
            Some(length) => format!("CA:{}, pathlen:{length}", upper(value.ca)),
            None => format!("CA:{}", upper(value.ca)),
        },
        ExtensionValue::KeyUsage(value) => value.names().join(", "),
        ExtensionValue::ExtendedKeyUsage(value) => join(value, |oid| eku_name(*oid)),
        ExtensionValue::SubjectKeyIdentifier(value) => hex_colons(value),
        ExtensionValue::AuthorityKeyIdentifier(value) => {
            let mut parts = Vec::new();
            if let Some(key) = &value.key_identifier {
                parts.push(format!("keyid:{}", hex_colons(key)));
            }
            if let Some(issuer) = &value.issuer {
                parts.push(join(issuer, GeneralName::to_text));
            }
            if let Some(serial) = &value.serial {
                parts.push(format!("serial:{}", hex_colons(serial)));
            }
            parts.join(", ")
        }
        ExtensionValue::SubjectAltName(names)
        | ExtensionValue::IssuerAltName(names)
        | ExtensionValue::CrlDistributionPoints(names) => join(names, GeneralName::to_text),
        ExtensionValue::NameConstraints(value) => {
            let subtree_text = |trees: &Option<Vec<GeneralSubtree>>| {
                trees
                    .as_ref()
                    .map(|trees| join(trees, |tree| tree.base.to_text()))
            };
            let mut parts = Vec::new();
            if let Some(text) = subtree_text(&value.permitted) {
                parts.push(format!("Permitted: {text}"));
            }
            if let Some(text) = subtree_text(&value.excluded) {
                parts.push(format!("Excluded: {text}"));
            }
            parts.join("; ")
        }
        ExtensionValue::InformationAccess(entries) => join(entries, |(method, location)| {
            let method = match method.to_string().as_str() {
                "1.3.6.1.5.5.7.48.1" => "OCSP".to_string(),
                "1.3.6.1.5.5.7.48.2" => "CA Issuers".to_string(),
                other => other.to_string(),
            };
            format!("{method} - {}", location.to_text())
        }),
        ExtensionValue::CertificatePolicies(policies) => {
            join(policies, |oid| format!("Policy: {oid}"))
        }
        ExtensionValue::PolicyConstraints(value) => {
            let mut parts = Vec::new();
            if let Some(skip) = value.require_explicit_policy {
                parts.push(format!("Require Explicit Policy:{skip}"));
            }
            if let Some(skip) = value.inhibit_policy_mapping {
                parts.push(format!("Inhibit Policy Mapping:{skip}"));
            }
            parts.join(", ")
        }
        ExtensionValue::PolicyMappings(mappings) => {
            join(mappings, |(from, to)| format!("{from}:{to}"))
        }
        ExtensionValue::InhibitAnyPolicy(skip) => skip.to_string(),
        ExtensionValue::Opaque | ExtensionValue::Unknown => hex(&extension.der),
        ExtensionValue::Malformed(reason) => format!("<malformed: {reason}>"),
    }
}

fn upper(value: bool) -> &'static str {
    if value { "TRUE" } else { "FALSE" }
}

/// SHA-256 and SHA-1 of the DER.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Fingerprints {
    /// SHA-256, upper-case hex with colons.
    pub sha256: String,
    /// SHA-1, upper-case hex with colons.
    pub sha1: String,
}

/// One extension as shown to people.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ExtensionView {
    /// Dotted OID.
    pub oid: String,
    /// openssl's name, or `unknown`.
    pub name: String,
    /// critical flag.
    pub critical: bool,
    /// The value as text (unknown ones as hex of the DER).
    pub value: String,
}

/// Everything `openssl x509 -text -noout` shows, in a serializable form.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct CertificateView {
    /// 1, 2 or 3.
    pub version: u8,
    /// Serial, upper-case hex with colons.
    pub serial: String,
    /// Signature algorithm name.
    pub signature_algorithm: String,
    /// Issuer DN.
    pub issuer: String,
    /// Subject DN.
    pub subject: String,
    /// notBefore, RFC 3339.
    pub not_before: String,
    /// notAfter, RFC 3339.
    pub not_after: String,
    /// The public key.
    pub public_key: PublicKeyInfo,
    /// basicConstraints, if present.
    pub basic_constraints: Option<BasicConstraints>,
    /// keyUsage bit names, if present.
    pub key_usage: Option<Vec<&'static str>>,
    /// extendedKeyUsage purpose names, if present.
    pub extended_key_usage: Option<Vec<String>>,
    /// subjectAltName entries (`DNS:…`, `IP:…`), if present.
    pub subject_alt_names: Option<Vec<String>>,
    /// subjectKeyIdentifier, if present.
    pub subject_key_identifier: Option<String>,
    /// authorityKeyIdentifier keyIdentifier, if present.
    pub authority_key_identifier: Option<String>,
    /// Every extension, decoded.
    pub extensions: Vec<ExtensionView>,
    /// Subject equals issuer.
    pub self_issued: bool,
    /// Fingerprints.
    pub fingerprints: Fingerprints,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn certificate(pem: &[u8]) -> Certificate {
        crate::read(pem).unwrap().certificates.remove(0).certificate
    }

    /// PKITS 4.2.3: a UTCTime notBefore of 1950 is valid, not a parse error.
    #[test]
    fn utc_time_before_1970_parses() {
        let leaf = certificate(include_bytes!("path/testdata/leaf-1950.pem"));
        assert_eq!(leaf.validity.not_before, UnixTime(-631_108_740));
        assert_eq!(leaf.validity.not_before_encoding, TimeEncoding::Utc);
        assert_eq!(leaf.validity.not_after_encoding, TimeEncoding::Generalized);
        let view = leaf.view();
        assert_eq!(view.not_before, "1950-01-01T12:01:00Z");
        assert_eq!(view.not_after, "2120-01-01T00:00:00Z");

        let anchors = [certificate(include_bytes!("path/testdata/crl-root.pem"))];
        let intermediates = [certificate(include_bytes!(
            "path/testdata/crl-intermediate.pem"
        ))];
        // 2027-01-01T00:00:00Z, and 1960 (not yet valid for the CAs only).
        let mut options = crate::ValidationOptions::new(UnixTime(1_798_761_600));
        let result = crate::validate_path(&leaf, &intermediates, &anchors, &options);
        assert!(result.valid, "{:?}", result.findings);
        options.time = UnixTime(-315_619_200);
        let early = crate::validate_path(&leaf, &intermediates, &anchors, &options);
        let ids: Vec<_> = early
            .findings
            .iter()
            .map(|finding| (finding.id(), finding.certificate))
            .collect();
        assert!(ids.contains(&("cert.not_yet_valid", Some(1))), "{ids:?}");
        assert!(!ids.contains(&("cert.not_yet_valid", Some(0))), "{ids:?}");
    }

    #[test]
    fn validity_times_must_be_utc_or_generalized_time() {
        let leaf = certificate(include_bytes!("path/testdata/leaf-1950.pem"));
        // notBefore's tag, UTCTime (0x17), rewritten as an OCTET STRING.
        let position = leaf
            .der
            .windows(15)
            .position(|window| window == b"\x17\x0d500101120100Z")
            .unwrap();
        let mut der = leaf.der.clone();
        der[position] = 0x04;
        assert!(Certificate::from_der(&der).is_err());
        // A leap second is no DER time.
        let mut der = leaf.der.clone();
        der[position + 12..position + 14].copy_from_slice(b"60");
        assert!(Certificate::from_der(&der).is_err());
    }
}
