//! Certificate revocation lists (RFC 5280 §5), parsed into a view that path
//! validation consults (§6.3): which serials an issuer revoked, and whether
//! the list itself is usable.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use der::asn1::{AnyRef, BitStringRef};
use der::{Decode, Encode, Sequence};
use x509_cert::certificate::Raw;
use x509_cert::crl::CertificateList;

use crate::certificate::ParseError;
use crate::name::DistinguishedName;
use crate::time::UnixTime;

/// id-ce-cRLNumber (RFC 5280 §5.2.3).
const CRL_NUMBER: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.20");
/// id-ce-authorityKeyIdentifier, allowed in CRLs (§5.2.1).
const AUTHORITY_KEY_IDENTIFIER: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.35");

/// CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }, raw.
#[derive(Sequence)]
struct RawCertificateList<'a> {
    tbs: AnyRef<'a>,
    algorithm: AnyRef<'a>,
    signature: BitStringRef<'a>,
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
    pub revoked: Vec<Vec<u8>>,
    /// Problems that make the list unusable (RFC 5280 §5.2): a missing or
    /// critical cRLNumber, an unknown critical extension.
    pub problems: Vec<String>,
    pub(crate) tbs_der: Vec<u8>,
    pub(crate) signature_algorithm_der: Vec<u8>,
    pub(crate) signature: Vec<u8>,
}

impl Crl {
    /// Parses one DER CRL.
    ///
    /// # Errors
    /// [`ParseError`] naming the structure that did not decode.
    pub fn from_der(der: &[u8]) -> Result<Self, ParseError> {
        let error =
            |what: &str, error: der::Error| ParseError(format!("{what} does not decode: {error}"));
        let raw = RawCertificateList::from_der(der).map_err(|e| error("CRL", e))?;
        let list = CertificateList::<Raw>::from_der(der).map_err(|e| error("CRL", e))?;
        let tbs = &list.tbs_cert_list;
        let seconds = |time: x509_cert::time::Time| {
            UnixTime(i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX))
        };
        let mut problems = Vec::new();
        let extensions = tbs.crl_extensions.as_deref().unwrap_or_default();
        match extensions
            .iter()
            .find(|extension| extension.extn_id == CRL_NUMBER)
        {
            None => problems.push(
                "it has no cRLNumber (RFC 5280 §5.2.3: conforming CRL issuers MUST include it)"
                    .into(),
            ),
            Some(extension) if extension.critical => {
                problems.push(
                    "its cRLNumber is critical (RFC 5280 §5.2.3: MUST be non-critical)".into(),
                );
            }
            Some(_) => {}
        }
        for extension in extensions {
            if extension.critical
                && extension.extn_id != CRL_NUMBER
                && extension.extn_id != AUTHORITY_KEY_IDENTIFIER
            {
                problems.push(format!(
                    "it has an unknown critical extension {}",
                    extension.extn_id
                ));
            }
        }
        Ok(Self {
            issuer: DistinguishedName::from_x509(&tbs.issuer),
            this_update: seconds(tbs.this_update),
            next_update: tbs.next_update.map(seconds),
            revoked: tbs
                .revoked_certificates
                .iter()
                .flatten()
                .map(|revoked| revoked.serial_number.as_bytes().to_vec())
                .collect(),
            problems,
            tbs_der: raw.tbs.to_der().map_err(|e| error("tbsCertList", e))?,
            signature_algorithm_der: raw
                .algorithm
                .to_der()
                .map_err(|e| error("signatureAlgorithm", e))?,
            signature: raw
                .signature
                .as_bytes()
                .ok_or_else(|| ParseError("signatureValue has unused bits".into()))?
                .to_vec(),
        })
    }

    /// Whether `issuer_spki_der` signed this list.
    pub(crate) fn signed_by(&self, issuer_spki_der: &[u8]) -> bool {
        crate::crypto::verify_signature(
            issuer_spki_der,
            &self.signature_algorithm_der,
            &self.tbs_der,
            &self.signature,
        )
        .is_ok()
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
