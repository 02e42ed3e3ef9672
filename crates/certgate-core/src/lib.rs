//! certgate-core: decode, inspect, lint and validate X.509 certificates,
//! chains and Kubernetes trust settings, in `no_std` + `alloc`.
//!
//! One flow, each stage taking the previous one's output: bytes
//! ([`decode`], [`read`]) → typed views ([`Certificate`], [`Inventory`],
//! [`Crl`], [`kubernetes`] objects) → checks ([`lint_certificate`],
//! [`validate_path`], [`kubernetes`], [`opcua`]) → [`Finding`]s (stable ids,
//! one declaration each in [`catalogue`], judged per TLS client by
//! [`client`]) → a [`Report`] whose verdict is "no finding is an error".
//! [`inspect`], [`lint`] and [`verify`] assemble the reports the CLI, the npm
//! package and the webhook print, so they agree finding for finding. An
//! [`Error`] means an input could not be used at all. The caller passes the
//! time ([`UnixTime`]); there is no clock, I/O or randomness here.
//!
//! The root exports what callers use; the modules left public are families
//! of their own ([`catalogue`], [`client`], [`kubernetes`], [`opcua`]) and
//! the one OID table ([`oid`]).
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod catalogue;
pub mod client;
pub mod kubernetes;
pub mod oid;
pub mod opcua;

mod base64;
mod certificate;
mod crl;
mod crypto;
mod error;
mod finding;
mod input;
mod inventory;
mod lint;
mod name;
mod order;
mod path;
mod report;
mod time;

#[cfg(feature = "ring")]
#[doc(hidden)]
pub use crate::crypto::set_ring_verification;
pub use crate::crypto::{
    HashAlgorithm, KeyError, PublicKeyInfo, SignatureAlgorithm, SignedData, VerifyError,
    private_key_matches, public_key_info, sha1, sha256, verify_signature,
};
pub use crate::inventory::{Inventory, read};
pub use crate::path::{
    PathValidation, PeerName, Profile, Purpose, ValidationOptions, validate_path,
};
pub use crate::report::{Report, ReportCertificate, Source};

pub use crate::certificate::{
    BasicConstraints, ExtensionValue, KeyUsage, KeyUsageBit, ParseError, eku_name, extension_name,
};
pub use crate::certificate::{Certificate, CertificateView};
pub use crate::crl::{Crl, read_crls};
pub use crate::error::Error;
pub use crate::finding::{Finding, Location, ObjectRef, Severity};
pub use crate::finding::{MAX_FINDINGS_PER_RULE, is_valid, normalize};
pub use crate::input::{Block, BlockContent, Decoded, Encoding, MAX_INPUT_BYTES, decode};
pub use crate::lint::{LintOptions, Role, lint_bundle, lint_certificate};
pub use crate::name::{DistinguishedName, GeneralName, ip_text};
pub use crate::report::{
    MAX_FINDING_LINE_BYTES, ObjectCheck, SHOWN_FINDINGS, bounded, bounded_findings, clip, inspect,
    lint, omitted_line, verify,
};
pub use crate::time::UnixTime;
