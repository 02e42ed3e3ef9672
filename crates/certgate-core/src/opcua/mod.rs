//! The OPC UA connector's certificate stores in Azure IoT Operations: the
//! trust list, the issuer list and the connector's application instance
//! certificate, as files before upload and as the Secrets the Secret Store
//! extension syncs.
//!
//! Every entry point takes `{name, bytes}` pairs ([`Source`]): file names
//! matter (extensions, `<stem>.der` + `<stem>.pem`, the Key Vault secret
//! name). One family per file: [`file`](mod@file) (what `az iot ops connector opcua
//! trust|issuer|client add` refuses, per file), [`stores`] (the stores
//! together, as the OPC UA .NET stack reads them), [`server`] (will the
//! connector accept this server, and if not which `Bad…` status),
//! [`application`] (the connector's own certificate) and [`cluster`]
//! (Secrets, SecretSyncs and SecretProviderClasses).

pub mod application;
mod chain;
pub mod cluster;
pub mod file;
pub mod server;
pub mod stores;

pub use crate::report::Source;
use crate::time::UnixTime;

pub use application::check_client;
pub use file::{check_issuer_list, check_trust_list};
pub use server::{ServerReport, ServerVerdict, check_server};
pub use stores::check_stores;

/// The trust list Secret.
pub const TRUST_LIST_SECRET: &str = "aio-opc-ua-broker-trust-list";
/// The issuer list Secret.
pub const ISSUER_LIST_SECRET: &str = "aio-opc-ua-broker-issuer-list";
/// The operator's own application instance certificate Secret.
pub const CLIENT_CERTIFICATE_SECRET: &str = "aio-opc-ua-broker-client-certificate";
/// cert-manager's default self-signed application certificate Secret.
pub const DEFAULT_APPLICATION_CERT_SECRET: &str = "aio-opc-opcuabroker-default-application-cert";

/// The extension settings `connectors.values.securityPki.*` that change
/// the stack's verdict, with their documented defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Settings {
    /// `minimumCertificateKeySize`: shortest RSA key accepted (default 2048).
    pub minimum_certificate_key_size: u32,
    /// `rejectSha1SignedCertificates` (default true).
    pub reject_sha1_signed_certificates: bool,
    /// `rejectUnknownRevocationStatus` (default false).
    pub reject_unknown_revocation_status: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            minimum_certificate_key_size: 2048,
            reject_sha1_signed_certificates: true,
            reject_unknown_revocation_status: false,
        }
    }
}

/// Options of every OPC UA check.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The evaluation time.
    pub time: UnixTime,
    /// The extension settings.
    pub settings: Settings,
}

impl Options {
    /// Default settings at `time`.
    pub fn new(time: UnixTime) -> Self {
        Self {
            time,
            settings: Settings::default(),
        }
    }
}

/// Which store a file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Store {
    /// Certificates of servers (or their CAs) the connector trusts.
    TrustList,
    /// CA certificates to complete chains, and their CRLs; grants no trust.
    IssuerList,
}

impl Store {
    /// `trust list` or `issuer list`, for messages.
    pub const fn name(self) -> &'static str {
        match self {
            Self::TrustList => "trust list",
            Self::IssuerList => "issuer list",
        }
    }
}

#[cfg(test)]
mod tests;
