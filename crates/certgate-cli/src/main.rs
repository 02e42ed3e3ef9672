//! `certgate`: inspect, lint and verify X.509 certificates and chains.
//!
//! Exit status: 0 when no finding is an error, 1 when one is, 2 when an
//! input or an option cannot be used at all (one line on stderr).

mod report;

use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use certgate_core::client::{ClientSet, Verdict};
use certgate_core::input::MAX_INPUT_BYTES;
use certgate_core::lint::{LintOptions, Role};
use certgate_core::{PeerName, Profile, Purpose, Report, Source, UnixTime, ValidationOptions};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Render;

/// Inspect, lint and verify X.509 certificates, bundles and chains.
#[derive(Debug, Parser)]
#[command(name = "certgate", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show every certificate of the files (like `openssl x509 -text`).
    Inspect {
        /// PEM or DER files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Lint every certificate of the files.
    Lint {
        /// PEM or DER files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// What the certificates are meant to be; `bundle` also lints each file as a trust bundle.
        #[arg(long, value_enum, default_value_t = RoleArg::Auto)]
        role: RoleArg,
        #[command(flatten)]
        common: Common,
    },
    /// Check Kubernetes manifests: trust-bundle ConfigMaps, CA Secrets,
    /// cert-manager issuers and Certificates, BrokerListeners, and the
    /// Azure IoT Operations trust settings.
    Check {
        /// Manifest files (YAML or JSON, multi-document, kind: List) or folders of them.
        #[arg(short = 'f', long = "filename", required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// `configMapName=… configMapKey=… issuerKind=… issuerName=…`, as given to `az iot ops create`.
        #[arg(long, value_name = "SETTINGS")]
        trust_settings: Option<String>,
        /// The Azure IoT Operations namespace.
        #[arg(long, default_value = certgate_core::kubernetes::AIO_NAMESPACE)]
        namespace: String,
        /// cert-manager's cluster resource namespace (where ClusterIssuer Secrets live).
        #[arg(long, default_value = certgate_core::kubernetes::CLUSTER_RESOURCE_NAMESPACE)]
        cluster_resource_namespace: String,
        #[command(flatten)]
        common: Common,
    },
    /// Build and validate a path from a leaf to a trust anchor, and say
    /// which clients (OpenSSL, Go, rustls) accept it.
    Verify {
        /// Trust anchors (PEM or DER).
        #[arg(long, required = true, value_name = "FILE")]
        trust: Vec<PathBuf>,
        /// Untrusted intermediates (PEM or DER); may be repeated.
        #[arg(long, value_name = "FILE")]
        untrusted: Vec<PathBuf>,
        /// Required purpose of the leaf.
        #[arg(long, value_enum, default_value_t = PurposeArg::Server)]
        purpose: PurposeArg,
        /// DNS name the leaf must carry.
        #[arg(long, value_name = "NAME", conflicts_with = "ip")]
        dns_name: Option<String>,
        /// IP address the leaf must carry.
        #[arg(long, value_name = "IP")]
        ip: Option<String>,
        /// CRLs (PEM `X509 CRL` or DER) to check revocation against.
        #[arg(long, value_name = "FILE")]
        crl: Vec<PathBuf>,
        /// The leaf certificate; further certificates in it are untrusted intermediates.
        #[arg(value_name = "LEAF_FILE")]
        leaf: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

// Options of every command (a plain comment: a doc comment here would
// become the help text of a command that has none).
#[derive(Debug, Args)]
struct Common {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Evaluation time (RFC 3339); default: the system clock.
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// The clients the verdict is for: an error is what one of them rejects.
    #[arg(long, value_name = "LIST", default_value = "openssl,go,rustls", value_parser = parse_clients)]
    clients: ClientSet,
    /// `clients` (default): the client model decides; `rfc5280` or `webpki`:
    /// the standards' MUST rules fail the input (the strict reading).
    #[arg(long, value_name = "PROFILE", default_value = "clients", value_parser = parse_profile)]
    profile: Profile,
}

fn parse_clients(list: &str) -> Result<ClientSet, String> {
    ClientSet::parse(list)
        .ok_or_else(|| format!("{list:?} is not a comma-separated list of openssl, go, rustls"))
}

fn parse_profile(name: &str) -> Result<Profile, String> {
    name.parse()
        .map_err(|()| format!("{name:?} is not clients, rfc5280 or webpki"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum RoleArg {
    Auto,
    Ca,
    Intermediate,
    Leaf,
    Bundle,
}

impl RoleArg {
    fn role(self) -> Role {
        match self {
            Self::Auto => Role::Auto,
            Self::Ca => Role::Ca,
            Self::Intermediate => Role::Intermediate,
            Self::Leaf => Role::Leaf,
            Self::Bundle => Role::Bundle,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum PurposeArg {
    Server,
    Client,
    Any,
}

/// An input or option that cannot be used: `certgate: SUBJECT: PROBLEM`, exit 2.
#[derive(Debug)]
struct Fatal {
    subject: String,
    problem: String,
}

impl From<certgate_core::Error> for Fatal {
    fn from(error: certgate_core::Error) -> Self {
        match error {
            certgate_core::Error::Source { name, message } => Self::new(name, message),
            other => Self::new("input", other.to_string()),
        }
    }
}

impl Fatal {
    fn new(subject: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            problem: problem.into(),
        }
    }
}

/// One file read and decoded.
struct Loaded {
    name: String,
    bytes: Vec<u8>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok((report, format, now, detailed)) => {
            let text = match format {
                Format::Json => report.to_json(),
                Format::Text => report.to_text(now, use_colour(), detailed),
            };
            let mut stdout = std::io::stdout().lock();
            // A closed pipe is not worth a panic; the exit status still tells.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            if report.valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(fatal) => {
            let problem = fatal.problem.replace(['\n', '\r'], " ");
            eprintln!("certgate: {}: {problem}", fatal.subject);
            ExitCode::from(2)
        }
    }
}

fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn run(cli: Cli) -> Result<(Report, Format, UnixTime, bool), Fatal> {
    match cli.command {
        Command::Inspect { files, common } => {
            let now = evaluation_time(&common)?;
            let loaded = load_all(&files)?;
            let report = certgate_core::report::inspect(&sources(&loaded)).map_err(Fatal::from)?;
            Ok((report, common.format, now, true))
        }
        Command::Lint {
            files,
            role,
            common,
        } => {
            let now = evaluation_time(&common)?;
            let loaded = load_all(&files)?;
            let options = LintOptions::new(now)
                .role(role.role())
                .verdict(Verdict::new(common.profile, common.clients));
            let report =
                certgate_core::report::lint(&sources(&loaded), &options).map_err(Fatal::from)?;
            Ok((report, common.format, now, false))
        }
        Command::Check {
            paths,
            trust_settings,
            namespace,
            cluster_resource_namespace,
            common,
        } => {
            let now = evaluation_time(&common)?;
            let mut documents = Vec::new();
            for file in manifest_files(&paths)? {
                let text = String::from_utf8(file.bytes)
                    .map_err(|_| Fatal::new(&file.name, "is not UTF-8 text"))?;
                let parsed = certgate_manifests::parse(&text)
                    .map_err(|error| Fatal::new(&file.name, error.to_string()))?;
                documents.extend(parsed.into_iter().map(|value| (file.name.clone(), value)));
            }
            let mut options = certgate_core::kubernetes::CheckOptions::new(now);
            options.trust_settings = trust_settings;
            options.namespace = namespace;
            options.cluster_resource_namespace = cluster_resource_namespace;
            let values: Vec<_> = documents.iter().map(|(_, value)| value.clone()).collect();
            let report =
                certgate_core::kubernetes::check_objects(&values, &options).map_err(|error| {
                    // Name the file the failing document came from.
                    match &error {
                        certgate_core::Error::Manifest { document, .. } => Fatal::new(
                            documents
                                .get(*document)
                                .map_or("manifests", |(name, _)| name.as_str()),
                            error.to_string(),
                        ),
                        _ => Fatal::from(error),
                    }
                })?;
            Ok((report, common.format, now, false))
        }
        Command::Verify {
            trust,
            untrusted,
            purpose,
            dns_name,
            ip,
            crl,
            leaf,
            common,
        } => {
            let now = evaluation_time(&common)?;
            let mut options = ValidationOptions::new(now);
            options.purpose = match purpose {
                PurposeArg::Server => Purpose::Server,
                PurposeArg::Client => Purpose::Client,
                PurposeArg::Any => Purpose::Any,
            };
            options.profile = common.profile;
            options.clients = common.clients;
            options.peer_name = peer_name(dns_name.as_deref(), ip.as_deref())?;
            for file in load_all(&crl)? {
                let crls = certgate_core::crl::read_crls(&Source::new(&file.name, &file.bytes))
                    .map_err(Fatal::from)?;
                options.crls.extend(crls);
            }
            let leaf = load(&leaf)?;
            let untrusted = load_all(&untrusted)?;
            let trust = load_all(&trust)?;
            let report = certgate_core::report::verify(
                &Source::new(&leaf.name, &leaf.bytes),
                &sources(&untrusted),
                &sources(&trust),
                &options,
            )
            .map_err(Fatal::from)?;
            Ok((report, common.format, now, false))
        }
    }
}

/// Files named, and the YAML/JSON files directly inside folders named, in
/// name order.
fn manifest_files(paths: &[PathBuf]) -> Result<Vec<Loaded>, Fatal> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let name = path.display().to_string();
            let entries =
                std::fs::read_dir(path).map_err(|error| Fatal::new(&name, io_problem(&error)))?;
            let mut inside: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.is_file()
                        && path
                            .extension()
                            .and_then(|extension| extension.to_str())
                            .is_some_and(|extension| matches!(extension, "yaml" | "yml" | "json"))
                })
                .collect();
            inside.sort();
            if inside.is_empty() {
                return Err(Fatal::new(&name, "holds no .yaml, .yml or .json file"));
            }
            for file in inside {
                files.push(load(&file)?);
            }
        } else {
            files.push(load(path)?);
        }
    }
    Ok(files)
}

fn sources(loaded: &[Loaded]) -> Vec<Source<'_>> {
    loaded
        .iter()
        .map(|file| Source::new(&file.name, &file.bytes))
        .collect()
}

fn peer_name(dns_name: Option<&str>, ip: Option<&str>) -> Result<Option<PeerName>, Fatal> {
    if let Some(name) = dns_name {
        return match PeerName::parse(name) {
            Some(peer @ PeerName::Dns(_)) => Ok(Some(peer)),
            Some(_) => Err(Fatal::new(
                "--dns-name",
                format!("{name:?} is an IP address; use --ip"),
            )),
            None => Err(Fatal::new(
                "--dns-name",
                format!("{name:?} is not a valid DNS name"),
            )),
        };
    }
    if let Some(address) = ip {
        if address.parse::<core::net::IpAddr>().is_err() {
            return Err(Fatal::new(
                "--ip",
                format!("{address:?} is not an IPv4 or IPv6 address"),
            ));
        }
        return match PeerName::parse(address) {
            Some(peer @ PeerName::Ip(_)) => Ok(Some(peer)),
            _ => Err(Fatal::new(
                "--ip",
                format!("{address:?} is not an IPv4 or IPv6 address"),
            )),
        };
    }
    Ok(None)
}

fn evaluation_time(common: &Common) -> Result<UnixTime, Fatal> {
    match &common.now {
        Some(text) => UnixTime::parse_rfc3339(text).ok_or_else(|| {
            Fatal::new(
                "--now",
                format!("{text:?} is not an RFC 3339 time (e.g. 2027-01-01T00:00:00Z)"),
            )
        }),
        None => {
            let since_epoch = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|_| Fatal::new("--now", "the system clock is before 1970; pass --now"))?;
            let seconds = i64::try_from(since_epoch.as_secs())
                .map_err(|_| Fatal::new("--now", "the system clock is out of range; pass --now"))?;
            Ok(UnixTime::from_seconds(seconds))
        }
    }
}

fn load_all(paths: &[PathBuf]) -> Result<Vec<Loaded>, Fatal> {
    paths.iter().map(|path| load(path)).collect()
}

fn load(path: &Path) -> Result<Loaded, Fatal> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|error| Fatal::new(&name, io_problem(&error)))?;
    if file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
        return Err(Fatal::new(&name, "is a directory"));
    }
    let limit = u64::try_from(MAX_INPUT_BYTES).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| Fatal::new(&name, io_problem(&error)))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Fatal::new(
            &name,
            format!("file is too large (over the limit of {MAX_INPUT_BYTES} bytes)"),
        ));
    }
    Ok(Loaded { name, bytes })
}

fn io_problem(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => format!("cannot read: {error}"),
    }
}
