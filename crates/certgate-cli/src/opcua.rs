//! `certgate opcua trust|issuer|client|server`: the OPC UA connector's
//! files before upload, named by their file names as the az CLI names them.

use std::path::PathBuf;

use certgate_core::opcua;
use certgate_core::{Report, Source, UnixTime};
use clap::{Args, Subcommand};

use crate::inputs::{self, Loaded};
use crate::{Common, Fatal, evaluation_time, sources};

#[derive(Debug, Subcommand)]
pub(crate) enum OpcuaCommand {
    /// Files for the trust list (`az iot ops connector opcua trust add`):
    /// .der or .crt, one certificate each; with --issuer-list, the chains
    /// and CRLs across both stores too.
    Trust {
        /// Certificate files (.der DER, .crt PEM); file names matter.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The issuer list to check the trust list against (files or folders).
        #[arg(long, value_name = "FILE|DIR")]
        issuer_list: Vec<PathBuf>,
        #[command(flatten)]
        settings: OpcuaSettings,
        #[command(flatten)]
        common: Common,
    },
    /// Files for the issuer list (`az iot ops connector opcua issuer add`):
    /// CA certificates (.der, .crt) and their CRLs (<ca stem>.crl); with
    /// --trust-list, the chains and CRLs across both stores too.
    Issuer {
        /// CA certificate and CRL files; file names matter.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The trust list to check the issuer list against (files or folders).
        #[arg(long, value_name = "FILE|DIR")]
        trust_list: Vec<PathBuf>,
        #[command(flatten)]
        settings: OpcuaSettings,
        #[command(flatten)]
        common: Common,
    },
    /// The connector's own application instance certificate
    /// (`az iot ops connector opcua client add`). The private key is read
    /// to compare it with the certificate and never printed.
    Client {
        /// The certificate, DER: <stem>.der.
        #[arg(long, value_name = "F.der")]
        public_key_file: PathBuf,
        /// Its private key, PEM: <stem>.pem.
        #[arg(long, value_name = "F.pem")]
        private_key_file: PathBuf,
        /// The subjectName the connector is configured with.
        #[arg(long, value_name = "NAME")]
        subject_name: Option<String>,
        /// The applicationUri the connector is configured with.
        #[arg(long, value_name = "URI")]
        application_uri: Option<String>,
        /// The issuer list, where a CA-issued certificate's CA belongs (files or folders).
        #[arg(long, value_name = "FILE|DIR")]
        issuer_list: Vec<PathBuf>,
        #[command(flatten)]
        settings: OpcuaSettings,
        #[command(flatten)]
        common: Common,
    },
    /// Would the connector accept this OPC UA server's certificate? Prints
    /// `Good` or the `Bad…` status the OPC UA .NET stack would return, and why.
    Server {
        /// The server's certificate (PEM or DER), optionally followed by the chain it presents.
        #[arg(value_name = "CERT")]
        certificate: PathBuf,
        /// The trust list (files or folders); may be repeated.
        #[arg(long, value_name = "FILE|DIR")]
        trust_list: Vec<PathBuf>,
        /// The issuer list (files or folders); may be repeated.
        #[arg(long, value_name = "FILE|DIR")]
        issuer_list: Vec<PathBuf>,
        /// The host of the server's endpoint URL (opc.tcp://HOST:4840), to check against the SAN.
        #[arg(long, value_name = "HOST")]
        endpoint_host: Option<String>,
        #[command(flatten)]
        settings: OpcuaSettings,
        #[command(flatten)]
        common: Common,
    },
}

// The extension settings `connectors.values.securityPki.*` (a plain
// comment, as for `Common`).
#[derive(Debug, Args)]
pub(crate) struct OpcuaSettings {
    /// securityPki.minimumCertificateKeySize: shortest RSA key the connector accepts.
    #[arg(long, value_name = "BITS", default_value_t = 2048)]
    minimum_certificate_key_size: u32,
    /// securityPki.rejectSha1SignedCertificates.
    #[arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)]
    reject_sha1_signed_certificates: bool,
    /// securityPki.rejectUnknownRevocationStatus: every CA on a path needs a current CRL.
    #[arg(long, value_name = "BOOL", default_value_t = false, action = clap::ArgAction::Set)]
    reject_unknown_revocation_status: bool,
}

impl OpcuaSettings {
    fn options(&self, now: UnixTime) -> certgate_core::opcua::Options {
        let mut options = certgate_core::opcua::Options::new(now);
        options.settings.minimum_certificate_key_size = self.minimum_certificate_key_size;
        options.settings.reject_sha1_signed_certificates = self.reject_sha1_signed_certificates;
        options.settings.reject_unknown_revocation_status = self.reject_unknown_revocation_status;
        options
    }
}

/// Files named, and the regular files directly inside folders named, in name
/// order, each read whole and named by its file name: the OPC UA rules read
/// the name as the az CLI does (extension, stem, Key Vault secret name).
fn opcua_files(paths: &[PathBuf]) -> Result<Vec<Loaded>, Fatal> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let shown = path.display().to_string();
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|error| Fatal::new(&shown, error.to_string()))?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.is_file())
                .collect();
            inside.sort();
            if inside.is_empty() {
                return Err(Fatal::new(&shown, "holds no file"));
            }
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    files
        .iter()
        .map(|path| {
            let mut loaded = inputs::load(path, certgate_core::MAX_INPUT_BYTES)?;
            if !inputs::is_stdin(path)
                && let Some(name) = path.file_name().and_then(|name| name.to_str())
            {
                name.clone_into(&mut loaded.name);
            }
            Ok(loaded)
        })
        .collect()
}

pub(crate) type OpcuaOutcome = (
    Report,
    Common,
    UnixTime,
    Option<certgate_core::opcua::ServerVerdict>,
);

pub(crate) fn run(command: OpcuaCommand) -> Result<OpcuaOutcome, Fatal> {
    match command {
        OpcuaCommand::Trust {
            files,
            issuer_list,
            settings,
            common,
        } => {
            inputs::at_most_one_stdin(files.iter().chain(&issuer_list))?;
            let now = evaluation_time(&common)?;
            let options = settings.options(now);
            let trust = opcua_files(&files)?;
            let report = if issuer_list.is_empty() {
                opcua::check_trust_list(&sources(&trust), &options)
            } else {
                let issuer = opcua_files(&issuer_list)?;
                opcua::check_stores(&sources(&trust), &sources(&issuer), &options)
            }
            .map_err(Fatal::from)?;
            Ok((report, common, now, None))
        }
        OpcuaCommand::Issuer {
            files,
            trust_list,
            settings,
            common,
        } => {
            inputs::at_most_one_stdin(files.iter().chain(&trust_list))?;
            let now = evaluation_time(&common)?;
            let options = settings.options(now);
            let issuer = opcua_files(&files)?;
            let report = if trust_list.is_empty() {
                opcua::check_issuer_list(&sources(&issuer), &options)
            } else {
                let trust = opcua_files(&trust_list)?;
                opcua::check_stores(&sources(&trust), &sources(&issuer), &options)
            }
            .map_err(Fatal::from)?;
            Ok((report, common, now, None))
        }
        OpcuaCommand::Client {
            public_key_file,
            private_key_file,
            subject_name,
            application_uri,
            issuer_list,
            settings,
            common,
        } => {
            inputs::at_most_one_stdin(
                [&public_key_file, &private_key_file]
                    .into_iter()
                    .chain(&issuer_list),
            )?;
            let now = evaluation_time(&common)?;
            let options = settings.options(now);
            let public = opcua_files(core::slice::from_ref(&public_key_file))?;
            let private = opcua_files(core::slice::from_ref(&private_key_file))?;
            let issuer = opcua_files(&issuer_list)?;
            let mut expectations = opcua::application::ClientExpectations::default();
            expectations.subject_name = subject_name.as_deref();
            expectations.application_uri = application_uri.as_deref();
            expectations.file_names = true;
            let report = opcua::check_client(
                &Source::new(&public[0].name, &public[0].bytes),
                &Source::new(&private[0].name, &private[0].bytes),
                &expectations,
                &sources(&issuer),
                &options,
            )
            .map_err(Fatal::from)?;
            Ok((report, common, now, None))
        }
        OpcuaCommand::Server {
            certificate,
            trust_list,
            issuer_list,
            endpoint_host,
            settings,
            common,
        } => {
            inputs::at_most_one_stdin(
                core::iter::once(&certificate)
                    .chain(&trust_list)
                    .chain(&issuer_list),
            )?;
            let now = evaluation_time(&common)?;
            let options = settings.options(now);
            let server = opcua_files(core::slice::from_ref(&certificate))?;
            let trust = opcua_files(&trust_list)?;
            let issuer = opcua_files(&issuer_list)?;
            let checked = opcua::check_server(
                &Source::new(&server[0].name, &server[0].bytes),
                &sources(&trust),
                &sources(&issuer),
                endpoint_host.as_deref(),
                &options,
            )
            .map_err(|error| match error {
                certgate_core::Error::InvalidOption { message, .. } => {
                    Fatal::new("--endpoint-host", message)
                }
                other => Fatal::from(other),
            })?;
            Ok((checked.report, common, now, Some(checked.opcua)))
        }
    }
}
