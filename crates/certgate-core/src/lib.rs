//! certgate-core: decode, inspect, lint and validate X.509 certificates,
//! chains and Kubernetes trust settings, in `no_std` + `alloc`.
//!
//! One flow, each stage taking the previous one's output:
//! bytes ([`input`]) → typed views ([`Certificate`], [`inventory`],
//! [`kubernetes`] objects) → checks ([`lint`], [`path`], [`kubernetes`]) →
//! [`Finding`]s (stable ids from [`catalogue`]) → a [`Report`] whose verdict
//! is "no finding is an error". An [`Error`] means an input could not be used
//! at all. The caller passes the time ([`UnixTime`]); there is no clock, I/O
//! or randomness here. [`report`] assembles what the CLI, the npm package and
//! the webhook print, so they agree finding for finding.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod catalogue;
pub mod certificate;
pub mod client;
pub mod crl;
mod crypto;
mod error;
pub mod finding;
pub mod input;
pub mod inventory;
pub mod kubernetes;
pub mod lint;
pub mod name;
pub mod path;
pub mod report;
pub mod time;

pub use crate::crypto::{
    HashAlgorithm, KeyError, PublicKeyInfo, SignatureAlgorithm, SignedData, VerifyError,
    private_key_matches, public_key_info, sha1, sha256, verify_signature,
};
pub use crate::inventory::{Inventory, read};
pub use crate::path::{
    PathValidation, PeerName, Profile, Purpose, ValidationOptions, validate_path,
};
pub use crate::report::{Report, ReportCertificate, Source};

pub use crate::certificate::{Certificate, CertificateView};
pub use crate::error::Error;
pub use crate::finding::{Finding, Location, ObjectRef, Severity};
pub use crate::time::UnixTime;
