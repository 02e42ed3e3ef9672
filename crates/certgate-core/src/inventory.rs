//! An input read whole: its blocks decoded, its certificates parsed, and a
//! finding for every block that is not a usable certificate.

use alloc::format;
use alloc::vec::Vec;

use crate::Error;
use crate::catalogue as rules;
use crate::certificate::Certificate;
use crate::finding::{Finding, Findings};
use crate::input::{self, BlockContent, Encoding, Normalization};

/// A parsed certificate and the block it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// Index of the PEM block or DER object.
    pub block: usize,
    /// The certificate.
    pub certificate: Certificate,
}

/// Everything in one input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Inventory {
    /// PEM or DER.
    pub encoding: Encoding,
    /// What was tolerated while reading PEM.
    pub normalization: Normalization,
    /// How many blocks the input held.
    pub block_count: usize,
    /// The certificates that parsed, in input order.
    pub certificates: Vec<Entry>,
    /// `bundle.parse_error` and `bundle.contains_private_key` findings, one per block concerned
    /// (up to [`crate::MAX_FINDINGS_PER_RULE`] of a rule, then a summary that counts the rest).
    pub findings: Vec<Finding>,
}

/// Reads an input: decodes it (see [`input::decode`]) and parses every
/// certificate block. Blocks that do not parse become `bundle.parse_error`;
/// private keys and other non-certificate blocks `bundle.contains_private_key`.
/// The findings are capped per rule for the input (see `Findings`): a
/// file of 100,000 bad blocks gives the first
/// [`crate::MAX_FINDINGS_PER_RULE`] and a summary that counts the rest.
///
/// # Errors
/// When the input as a whole is unusable (see [`input::decode`]).
pub fn read(bytes: &[u8]) -> Result<Inventory, Error> {
    let decoded = input::decode(bytes)?;
    let mut certificates = Vec::new();
    // About the input as a whole; the caller, who knows its name, gathers
    // these into its own sink.
    let mut findings = Findings::default();
    for block in &decoded.blocks {
        match &block.content {
            BlockContent::Certificate(der) => match Certificate::from_der(der) {
                Ok(certificate) => certificates.push(Entry {
                    block: block.index,
                    certificate,
                }),
                Err(error) => findings.push(
                    Finding::new(
                        &rules::BUNDLE_PARSE_ERROR,
                        format!(
                            "block {} ({}) is not a valid certificate: {error}",
                            block.index, block.label
                        ),
                    )
                    .block(block.index),
                ),
            },
            BlockContent::Invalid(reason) => findings.push(
                Finding::new(
                    &rules::BUNDLE_PARSE_ERROR,
                    format!(
                        "block {} ({}) does not decode: {reason}",
                        block.index, block.label
                    ),
                )
                .block(block.index),
            ),
            BlockContent::PrivateKey { encrypted, .. } => findings.push(
                Finding::new(
                    &rules::BUNDLE_CONTAINS_PRIVATE_KEY,
                    format!(
                        "block {} is a{} private key ({}); keep keys out of certificate files",
                        block.index,
                        if *encrypted { "n encrypted" } else { "" },
                        block.label
                    ),
                )
                .block(block.index),
            ),
            BlockContent::Crl(_) => findings.push(
                Finding::new(
                    &rules::BUNDLE_CONTAINS_CRL,
                    format!(
                        "block {} is a CRL ({}), which trust stores do not read as a certificate",
                        block.index, block.label
                    ),
                )
                .block(block.index),
            ),
            BlockContent::Other => {
                let rule = if block.label.ends_with("CERTIFICATE REQUEST") {
                    &rules::BUNDLE_CONTAINS_CSR
                } else {
                    &rules::BUNDLE_UNEXPECTED_BLOCK
                };
                findings.push(
                    Finding::new(
                        rule,
                        format!(
                            "block {} is a {} block, not a certificate",
                            block.index, block.label
                        ),
                    )
                    .block(block.index),
                );
            }
        }
    }
    Ok(Inventory {
        encoding: decoded.encoding,
        normalization: decoded.normalization,
        block_count: decoded.blocks.len(),
        certificates,
        findings: findings.into_vec(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const ROOT: &[u8] = include_bytes!("../../../examples/pki/root-ca.der");

    fn ids(bytes: &[u8]) -> Vec<&'static str> {
        read(bytes)
            .unwrap()
            .findings
            .iter()
            .map(|finding| finding.id())
            .collect()
    }

    #[test]
    fn crl_request_and_other_blocks_have_their_own_ids() {
        let mut text = alloc::string::String::from(include_str!(
            "../../../examples/pki/intermediate-ca-crl.pem"
        ));
        text.push_str(
            "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n",
        );
        text.push_str("-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n");
        assert_eq!(
            ids(text.as_bytes()),
            [
                "bundle.contains_crl",
                "bundle.contains_csr",
                "bundle.unexpected_block"
            ]
        );
    }

    #[test]
    fn truncated_and_garbage_der_are_findings() {
        for cut in [1, 2, 10, ROOT.len() / 2, ROOT.len() - 1] {
            assert_eq!(ids(&ROOT[..cut]), ["bundle.parse_error"], "cut at {cut}");
        }
        let mut flipped = ROOT.to_vec();
        flipped[40] ^= 0xff;
        assert!(read(&flipped).is_ok());
    }

    #[test]
    fn huge_lengths_and_deep_nesting_do_not_hang_or_panic() {
        assert_eq!(
            ids(&[0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30]),
            ["bundle.parse_error"]
        );
        // 10,000 nested SEQUENCE headers, each claiming the rest.
        let mut nested = Vec::new();
        for depth in (0..10_000u32).rev() {
            let length = depth * 4;
            nested.extend([0x30, 0x83]);
            nested.extend(&length.to_be_bytes()[1..]);
        }
        let found = ids(&nested);
        assert!(
            !found.is_empty() && found.iter().all(|id| *id == "bundle.parse_error"),
            "{found:?}"
        );
    }

    #[test]
    fn ten_thousand_pem_blocks_are_refused() {
        let block = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
        let text = block.repeat(10_000);
        assert_eq!(
            read(text.as_bytes()).unwrap_err(),
            Error::TooManyBlocks {
                limit: input::MAX_BLOCKS
            }
        );
    }
}
