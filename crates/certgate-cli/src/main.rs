//! `certgate`: inspect, lint and verify X.509 certificates and chains.
//!
//! Exit status: 0 when no finding is an error, 1 when one is (or a
//! manifest document could not be read), 2 when the usage is wrong or an
//! input cannot be used at all (one line on stderr).

mod inputs;
mod opcua;
mod report;
mod sarif;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use certgate_core::client::{ClientSet, Verdict};
use certgate_core::{LintOptions, Role};
use certgate_core::{PeerName, Profile, Purpose, Report, Source, UnixTime, ValidationOptions};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::Value;

use crate::inputs::{Inputs, Loaded, SkippedInput, load_all_certificates, load_certificates};
use crate::report::Render;

/// Inspect, lint and verify X.509 certificates, bundles and chains.
///
/// Every FILE or PATH may be `-` for standard input (once per run; a file
/// named `-` is `./-`); findings and messages name it `<stdin>`.
#[derive(Debug, Parser)]
#[command(name = "certgate", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show every certificate of the files (like `openssl x509 -text`).
    Inspect {
        /// PEM or DER files; `-` reads standard input (named `<stdin>`).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Lint every certificate of the files.
    Lint {
        /// PEM or DER files; `-` reads standard input (named `<stdin>`).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// What the certificates are meant to be; `bundle` also lints each file as a trust bundle.
        #[arg(long, value_enum, default_value_t = RoleArg::Auto)]
        role: RoleArg,
        #[command(flatten)]
        common: Common,
    },
    /// Check Kubernetes manifests: trust-bundle ConfigMaps, CA Secrets,
    /// cert-manager issuers and Certificates, BrokerListeners, the OPC UA
    /// connector's store Secrets with their SecretSyncs and
    /// SecretProviderClasses, and the Azure IoT Operations trust settings.
    ///
    /// Documents without apiVersion and kind (a Helm Chart.yaml or
    /// values.yaml) are skipped with a note; a document that cannot be read
    /// is skipped too but fails the run (exit 1). Both are listed, with file
    /// and line, in the JSON output's `skipped`.
    Check {
        /// Manifest files (YAML or JSON, multi-document or a JSON stream,
        /// kind: List, UTF-8 or UTF-16 with a byte-order mark) or folders of
        /// them; `-` reads standard input (named `<stdin>`).
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
        /// The files are the whole cluster (or namespace) dump: a reference
        /// they do not resolve is an error. Without it the files are a
        /// partial view and such a reference is a warning.
        #[arg(long)]
        complete: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Build and validate a path from a leaf to a trust anchor, and say
    /// which clients (OpenSSL, Go, rustls) accept it.
    Verify {
        /// Trust anchors (PEM or DER); `-` reads standard input.
        #[arg(long, required = true, value_name = "FILE")]
        trust: Vec<PathBuf>,
        /// Untrusted intermediates (PEM or DER); may be repeated; `-` reads standard input.
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
        /// CRLs (PEM `X509 CRL` or DER) to check revocation against; `-` reads standard input.
        #[arg(long, value_name = "FILE")]
        crl: Vec<PathBuf>,
        /// The leaf certificate; further certificates in it are untrusted
        /// intermediates; `-` reads standard input (named `<stdin>`).
        #[arg(value_name = "LEAF_FILE")]
        leaf: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Check the OPC UA connector's certificates before upload, as
    /// `az iot ops connector opcua trust|issuer|client add` takes them,
    /// and whether the connector would accept a server's certificate.
    Opcua {
        #[command(subcommand)]
        command: opcua::OpcuaCommand,
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
    /// SARIF 2.1.0, for GitHub code scanning and other CI annotations.
    Sarif,
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

/// What a command produced, for `main` to print.
struct Outcome {
    report: Report,
    inputs: Inputs,
    format: Format,
    now: UnixTime,
    detailed: bool,
    /// The OPC UA connector's verdict (`opcua server` only).
    verdict: Option<certgate_core::opcua::ServerVerdict>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome {
            report,
            inputs,
            format,
            now,
            detailed,
            verdict,
        }) => {
            inputs.print();
            let text = match format {
                Format::Json => match &verdict {
                    Some(verdict) => report.to_json_with(&inputs, Some(verdict)),
                    None => report.to_json(&inputs),
                },
                Format::Sarif => sarif::to_sarif(&report, &inputs),
                Format::Text => {
                    let text = report.to_text(now, use_colour(), detailed, inputs.unreadable());
                    match &verdict {
                        Some(verdict) => {
                            report::with_verdict(&text, verdict, &report, use_colour())
                        }
                        None => text,
                    }
                }
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

fn run(cli: Cli) -> Result<Outcome, Fatal> {
    let mut inputs = Inputs::default();
    let mut verdict = None;
    let (report, format, now, detailed) = match cli.command {
        Command::Opcua { command } => {
            let (report, common, now, server_verdict) = opcua::run(command)?;
            verdict = server_verdict;
            (report, common.format, now, false)
        }
        Command::Inspect { files, common } => {
            inputs::at_most_one_stdin(&files)?;
            let now = evaluation_time(&common)?;
            let loaded = load_all_certificates(&files, &mut inputs)?;
            let report = certgate_core::inspect(&sources(&loaded)).map_err(Fatal::from)?;
            (report, common.format, now, true)
        }
        Command::Lint {
            files,
            role,
            common,
        } => {
            inputs::at_most_one_stdin(&files)?;
            let now = evaluation_time(&common)?;
            let loaded = load_all_certificates(&files, &mut inputs)?;
            let options = LintOptions::new(now)
                .role(role.role())
                .verdict(Verdict::new(common.profile, common.clients));
            let report = certgate_core::lint(&sources(&loaded), &options).map_err(Fatal::from)?;
            (report, common.format, now, false)
        }
        Command::Check {
            paths,
            trust_settings,
            namespace,
            cluster_resource_namespace,
            complete,
            common,
        } => {
            inputs::at_most_one_stdin(&paths)?;
            inputs.manifests = true;
            let now = evaluation_time(&common)?;
            let mut options = certgate_core::kubernetes::CheckOptions::new(now);
            options.trust_settings = trust_settings;
            options.namespace = namespace;
            options.cluster_resource_namespace = cluster_resource_namespace;
            options.complete = complete;
            let report = check(&paths, &options, &mut inputs)?;
            (report, common.format, now, false)
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
            inputs::at_most_one_stdin(
                trust
                    .iter()
                    .chain(&untrusted)
                    .chain(&crl)
                    .chain(core::iter::once(&leaf)),
            )?;
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
            for file in load_all_certificates(&crl, &mut inputs)? {
                let crls = certgate_core::read_crls(&Source::new(&file.name, &file.bytes))
                    .map_err(Fatal::from)?;
                options.crls.extend(crls);
            }
            let leaf = load_certificates(&leaf, &mut inputs)?;
            let untrusted = load_all_certificates(&untrusted, &mut inputs)?;
            let trust = load_all_certificates(&trust, &mut inputs)?;
            let report = certgate_core::verify(
                &Source::new(&leaf.name, &leaf.bytes),
                &sources(&untrusted),
                &sources(&trust),
                &options,
            )
            .map_err(Fatal::from)?;
            (report, common.format, now, false)
        }
    };
    Ok(Outcome {
        report,
        inputs,
        format,
        now,
        detailed,
        verdict,
    })
}

/// Where an object came from, kept beside the values the core checks.
struct Origin {
    file: usize,
    document: usize,
    item: Option<usize>,
    line: usize,
}

/// The kinds the core reads field by field (`kubernetes::objects`): when it
/// rejects one, a check is missing, so the run fails. Other kinds are only
/// listed, and one the core rejects (a `Kustomization` without a name) is
/// passed over like a file that is not Kubernetes.
const CHECKED_KINDS: [&str; 6] = [
    "ConfigMap",
    "Secret",
    "Issuer",
    "ClusterIssuer",
    "Certificate",
    "BrokerListener",
];

/// Reads every manifest of `paths` one file at a time (so only one file's
/// text is held) and checks all objects together.
fn check(
    paths: &[PathBuf],
    options: &certgate_core::kubernetes::CheckOptions,
    inputs: &mut Inputs,
) -> Result<Report, Fatal> {
    let mut names = Vec::new();
    let mut values = Vec::new();
    let mut origins = Vec::new();
    for path in inputs::manifest_files(paths)? {
        let Loaded { name, bytes } = inputs::load(&path, certgate_manifests::MAX_MANIFEST_BYTES)?;
        let parsed = certgate_manifests::read(bytes)
            .map_err(|error| Fatal::new(&name, error.to_string()))?;
        for note in parsed.notes {
            inputs.note(&name, Some(note.line), note.message);
        }
        for skipped in parsed.skipped {
            inputs.skipped.push(SkippedInput {
                source: name.clone(),
                line: skipped.line,
                document: skipped.document,
                item: skipped.item,
                unreadable: skipped.skip == certgate_manifests::Skip::Unreadable,
                reason: skipped.reason,
            });
        }
        for object in parsed.objects {
            values.push(object.value);
            origins.push(Origin {
                file: names.len(),
                document: object.document,
                item: object.item,
                line: object.line,
            });
        }
        names.push(name);
        if values.len() > certgate_manifests::MAX_OBJECTS {
            return Err(Fatal::new(
                "manifests",
                format!(
                    "more than {} objects in all",
                    certgate_manifests::MAX_OBJECTS
                ),
            ));
        }
    }
    // The core refuses the whole set for one object it cannot read: take
    // that object out, say so, and check the rest.
    if values.is_empty() && inputs.skipped.is_empty() {
        // An empty List (`kubectl get … -o yaml` in an empty namespace):
        // nothing wrong, say so.
        inputs.note(
            "manifests",
            None,
            "no Kubernetes object in the input: nothing was checked".to_owned(),
        );
        return certgate_core::kubernetes::check_objects(&[], options).map_err(Fatal::from);
    }
    loop {
        if values.is_empty() {
            return Err(nothing_read(inputs));
        }
        match certgate_core::kubernetes::check_objects(&values, options) {
            Ok(mut report) => {
                if inputs.unreadable() > 0 {
                    report.valid = false;
                }
                locate(&mut report, &names, &origins);
                return Ok(report);
            }
            Err(certgate_core::Error::Manifest {
                document,
                field,
                message,
            }) if document < values.len() => {
                let value = values.remove(document);
                let origin = origins.remove(document);
                let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
                inputs.skipped.push(SkippedInput {
                    source: names.get(origin.file).cloned().unwrap_or_default(),
                    line: origin.line,
                    document: origin.document,
                    item: origin.item,
                    unreadable: CHECKED_KINDS.contains(&kind),
                    reason: if field.is_empty() {
                        format!("{kind} {message}")
                    } else {
                        format!("{kind} {field} {message}")
                    },
                });
            }
            Err(other) => return Err(Fatal::from(other)),
        }
    }
}

/// Gives each finding about an object the file and line of that object:
/// the core lists the objects in the order of `origins`.
fn locate(report: &mut Report, names: &[String], origins: &[Origin]) {
    let mut places: std::collections::HashMap<&certgate_core::ObjectRef, &Origin> =
        std::collections::HashMap::new();
    for (object, origin) in report.objects.iter().zip(origins) {
        // The first definition of an object named twice.
        places.entry(object).or_insert(origin);
    }
    let located: Vec<Option<certgate_core::Location>> = report
        .findings
        .iter()
        .map(|finding| {
            let origin = places.get(finding.object.as_ref()?)?;
            let file = names.get(origin.file)?;
            Some(certgate_core::Location::new(file, Some(origin.line)))
        })
        .collect();
    for (finding, location) in report.findings.iter_mut().zip(located) {
        if location.is_some() {
            finding.location = location;
        }
    }
}

/// Exit 2 when no object at all could be read: named by the first problem.
fn nothing_read(inputs: &Inputs) -> Fatal {
    let first = inputs
        .skipped
        .iter()
        .find(|skip| skip.unreadable)
        .or_else(|| inputs.skipped.first());
    match first {
        Some(skip) => {
            let more = inputs.skipped.len() - 1;
            let others = if more == 0 {
                String::new()
            } else {
                format!(
                    " ({more} more document{} skipped)",
                    if more == 1 { "" } else { "s" }
                )
            };
            Fatal::new(
                format!("{}:{}", skip.source, skip.line),
                format!(
                    "{}; no Kubernetes object could be read{others}",
                    skip.what()
                ),
            )
        }
        None => Fatal::new("manifests", "no Kubernetes object: every document is empty"),
    }
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
