//! Chains as the OPC UA .NET stack builds them (`CertificateValidator`,
//! `GetIssuers`): each issuer is looked up by name in the trust list, then
//! the issuer list, then the certificates the peer presented; it must have
//! signed the child and carry cA=TRUE; the chain must end at a self-signed
//! root. Trust is a separate question: some element must come from the
//! trust list (the issuer list grants none).

use alloc::vec::Vec;

use super::Store;
use super::file::StoreFile;
use crate::certificate::Certificate;
use crate::name::DistinguishedName;
use crate::time::UnixTime;

/// Longest chain followed (the stack has no fixed limit; loops are cut here).
const MAX_DEPTH: usize = 10;

/// Where a chain element was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The certificate being validated, not found in a store.
    Subject,
    /// The trust list file at this index.
    Trust(usize),
    /// The issuer list file at this index.
    Issuer(usize),
    /// The peer's presented chain, at this index.
    Presented(usize),
}

impl Origin {
    pub fn store(self) -> Option<Store> {
        match self {
            Self::Trust(_) => Some(Store::TrustList),
            Self::Issuer(_) => Some(Store::IssuerList),
            _ => None,
        }
    }
}

pub(crate) struct Element<'a> {
    pub certificate: &'a Certificate,
    pub origin: Origin,
}

pub(crate) struct Chain<'a> {
    /// Leaf first.
    pub elements: Vec<Element<'a>>,
    /// Ends at a self-signed root.
    pub complete: bool,
    /// When incomplete: the issuer name no store holds.
    pub missing_issuer: Option<&'a DistinguishedName>,
    /// A certificate that signed the last element but is no CA (cA≠TRUE).
    pub not_ca_issuer: Option<Element<'a>>,
}

impl Chain<'_> {
    /// Some element comes from the trust list.
    pub fn trusted(&self) -> bool {
        self.elements
            .iter()
            .any(|element| matches!(element.origin, Origin::Trust(_)))
    }
}

/// The stores, as chains see them.
pub(crate) struct Stores<'a> {
    pub trust: &'a [StoreFile],
    pub issuer: &'a [StoreFile],
}

/// The certificate is its own issuer: same name and its own key verifies it.
pub(crate) fn is_self_signed(certificate: &Certificate) -> bool {
    certificate.is_self_issued() && certificate.signed.verify(&certificate.spki_der).is_ok()
}

/// May sign others: v1/v2 (no extensions to say otherwise) or cA=TRUE.
fn is_ca(certificate: &Certificate) -> bool {
    certificate.version < 3 || certificate.is_ca()
}

fn signed(child: &Certificate, issuer: &Certificate) -> bool {
    if !issuer.subject.matches(&child.issuer) {
        return false;
    }
    // Key identifiers narrow the candidates when both are present.
    let child_key_id = child
        .authority_key_identifier()
        .and_then(|aki| aki.key_identifier.as_deref());
    if let (Some(wanted), Some(key_id)) = (child_key_id, issuer.subject_key_identifier())
        && wanted != key_id
    {
        return false;
    }
    child.signed.verify(&issuer.spki_der).is_ok()
}

impl<'a> Stores<'a> {
    fn candidates(&self, presented: &'a [Certificate]) -> impl Iterator<Item = Element<'a>> {
        let trust = self.trust.iter().enumerate().filter_map(|(index, file)| {
            file.certificate().map(|certificate| Element {
                certificate,
                origin: Origin::Trust(index),
            })
        });
        let issuer = self.issuer.iter().enumerate().filter_map(|(index, file)| {
            file.certificate().map(|certificate| Element {
                certificate,
                origin: Origin::Issuer(index),
            })
        });
        let presented = presented
            .iter()
            .enumerate()
            .map(|(index, certificate)| Element {
                certificate,
                origin: Origin::Presented(index),
            });
        trust.chain(issuer).chain(presented)
    }

    /// Where `certificate` itself sits: the trust list first, then the issuer list.
    pub fn origin_of(&self, certificate: &Certificate) -> Origin {
        let same = |file: &StoreFile| file.certificate().is_some_and(|c| c.der == certificate.der);
        if let Some(index) = self.trust.iter().position(same) {
            Origin::Trust(index)
        } else if let Some(index) = self.issuer.iter().position(same) {
            Origin::Issuer(index)
        } else {
            Origin::Subject
        }
    }

    /// The chain of `leaf`, issuers from the stores and `presented`.
    pub fn build(&self, leaf: &'a Certificate, presented: &'a [Certificate]) -> Chain<'a> {
        let mut elements = alloc::vec![Element {
            certificate: leaf,
            origin: self.origin_of(leaf),
        }];
        let mut not_ca_issuer = None;
        while let Some(last) = elements.last() {
            let current = last.certificate;
            if is_self_signed(current) {
                return Chain {
                    elements,
                    complete: true,
                    missing_issuer: None,
                    not_ca_issuer,
                };
            }
            if elements.len() > MAX_DEPTH {
                break;
            }
            let mut found = None;
            for candidate in self.candidates(presented) {
                if candidate.certificate.der == current.der
                    || elements
                        .iter()
                        .any(|e| e.certificate.der == candidate.certificate.der)
                    || !signed(current, candidate.certificate)
                {
                    continue;
                }
                if is_ca(candidate.certificate) {
                    found = Some(candidate);
                    break;
                }
                not_ca_issuer.get_or_insert(candidate);
            }
            match found {
                Some(element) => elements.push(element),
                None => break,
            }
        }
        let missing_issuer = elements.last().map(|element| &element.certificate.issuer);
        Chain {
            elements,
            complete: false,
            missing_issuer,
            not_ca_issuer,
        }
    }

    pub fn files(&self, store: Store) -> &'a [StoreFile] {
        match store {
            Store::TrustList => self.trust,
            Store::IssuerList => self.issuer,
        }
    }
}

/// The revocation status of `certificate` as `DirectoryCertificateStore.IsRevoked`
/// reads the issuer's store: CRLs of the issuer's name, signed by its key;
/// a listed serial is revoked, otherwise one current CRL makes it good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Revocation {
    Good,
    Revoked,
    Unknown,
}

pub(crate) fn revocation(
    certificate: &Certificate,
    issuer: &Certificate,
    store: &[StoreFile],
    time: UnixTime,
) -> Revocation {
    let mut status = Revocation::Unknown;
    for crl in store.iter().filter_map(StoreFile::crl) {
        if !crl.issuer.matches(&issuer.subject) || crl.signed.verify(&issuer.spki_der).is_err() {
            continue;
        }
        if crl.revoked.contains(&certificate.serial) {
            return Revocation::Revoked;
        }
        if is_current(crl, time) {
            status = Revocation::Good;
        }
    }
    status
}

pub(crate) fn is_current(crl: &crate::crl::Crl, time: UnixTime) -> bool {
    crl.this_update <= time && crl.next_update.is_none_or(|next| next >= time)
}
