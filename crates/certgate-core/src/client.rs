//! The client model: the TLS clients people run against these
//! certificates, and for each a verdict on a path or a certificate.
//!
//! A finding is a fact ("basicConstraints is not critical"); whether a
//! client refuses a path because of it, and at which position, is rule data
//! ([`crate::catalogue::Rejections`]). The default verdict is "every
//! selected client accepts"; the strict profiles (`rfc5280`, `webpki`) are
//! further verdicts read from the same data.

use alloc::vec::Vec;

use crate::catalogue::Rule;
use crate::finding::{Finding, Severity};
use crate::path::Profile;

/// A TLS client whose verdict certgate predicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Client {
    /// OpenSSL 3 `X509_verify_cert` with default flags, as libssl clients,
    /// curl, Python, Node and mosquitto use it.
    Openssl,
    /// Go crypto/x509 `Certificate.Verify`, as cert-manager, Kubernetes and
    /// Go MQTT clients use it.
    Go,
    /// rustls-webpki, as Rust clients (rustls) use it.
    Rustls,
}

impl Client {
    /// Every client, in report order.
    pub const ALL: [Self; 3] = [Self::Openssl, Self::Go, Self::Rustls];

    /// `openssl`, `go` or `rustls`: the name in JSON and on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Openssl => "openssl",
            Self::Go => "go",
            Self::Rustls => "rustls",
        }
    }

    /// What the name stands for, for text output and docs.
    pub const fn description(self) -> &'static str {
        match self {
            Self::Openssl => "OpenSSL 3 X509_verify_cert (curl, Python, Node, mosquitto)",
            Self::Go => "Go crypto/x509 (cert-manager, Kubernetes, Go MQTT clients)",
            Self::Rustls => "rustls-webpki (Rust clients)",
        }
    }

    /// The client of this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|client| client.name() == name)
    }

    const fn bit(self) -> u8 {
        match self {
            Self::Openssl => 1,
            Self::Go => 2,
            Self::Rustls => 4,
        }
    }
}

/// A set of clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientSet(u8);

impl Default for ClientSet {
    /// Every client.
    fn default() -> Self {
        Self::ALL
    }
}

impl ClientSet {
    /// No client.
    pub const EMPTY: Self = Self(0);
    /// Every client.
    pub const ALL: Self = Self(7);

    /// The set holding `clients`.
    pub fn of(clients: &[Client]) -> Self {
        Self(clients.iter().fold(0, |bits, client| bits | client.bit()))
    }

    /// Parses `openssl,go,rustls` (any order, any subset, at least one).
    pub fn parse(list: &str) -> Option<Self> {
        let mut set = Self::EMPTY;
        for name in list.split(',').map(str::trim) {
            set = set.with(Client::from_name(name)?);
        }
        (!set.is_empty()).then_some(set)
    }

    /// The set with `client` added.
    #[must_use]
    pub const fn with(self, client: Client) -> Self {
        Self(self.0 | client.bit())
    }

    /// True when `client` is in the set.
    pub const fn contains(self, client: Client) -> bool {
        self.0 & client.bit() != 0
    }

    /// True when the set is empty.
    pub const fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The clients in the set, in report order.
    pub fn iter(self) -> impl Iterator<Item = Client> {
        Client::ALL
            .into_iter()
            .filter(move |client| self.contains(*client))
    }
}

impl serde::Serialize for ClientSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Client::name))
    }
}

/// Where a certificate sits on a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Position {
    /// The end-entity certificate.
    Leaf,
    /// Between the leaf and the anchor.
    Intermediate,
    /// The trust anchor (a member of a trust bundle).
    Anchor,
}

impl Position {
    pub(crate) const fn bit(self) -> u8 {
        match self {
            Self::Leaf => 1,
            Self::Intermediate => 2,
            Self::Anchor => 4,
        }
    }
}

/// Which verdict decides severities: the selected clients (the default) or
/// a strict profile; and which clients the report answers for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verdict {
    /// `Clients`: an error is what a selected client rejects.
    pub profile: Profile,
    /// The clients selected (all by default).
    pub clients: ClientSet,
}

impl Verdict {
    /// The verdict of `profile` for `clients`.
    pub const fn new(profile: Profile, clients: ClientSet) -> Self {
        Self { profile, clients }
    }

    /// The default verdict of `clients`.
    pub const fn clients(clients: ClientSet) -> Self {
        Self {
            profile: Profile::Clients,
            clients,
        }
    }

    /// The strict verdict of `profile`, still answering for every client.
    pub const fn profile(profile: Profile) -> Self {
        Self {
            profile,
            clients: ClientSet::ALL,
        }
    }

    /// Sets the finding's `rejected_by` (every known client that rejects
    /// it at `position`) and its severity under this verdict. `None` as
    /// position: a finding about the path as a whole, judged at every
    /// position.
    pub(crate) fn judge(&self, finding: &mut Finding, position: Option<Position>) {
        let rule: &Rule = finding.rule;
        let Some(rejections) = rule.rejected_by else {
            return;
        };
        let at = |positions: crate::catalogue::Positions| match position {
            Some(position) => positions.contains(position),
            None => !positions.is_empty(),
        };
        let mut rejected_by = ClientSet::EMPTY;
        for client in Client::ALL {
            if at(rejections.client(client)) {
                rejected_by = rejected_by.with(client);
            }
        }
        finding.rejected_by = rejected_by;
        let rejected = match self.profile {
            Profile::Clients => self
                .clients
                .iter()
                .any(|client| rejected_by.contains(client)),
            strict => at(rejections.profile(strict)),
        };
        finding.severity = if rejected {
            Severity::Error
        } else {
            // A rule's letter, broken where no selected verdict enforces
            // it, is advice: at most a warning.
            rule.severity.max(Severity::Warning)
        };
    }
}

/// One client's answer.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ClientAnswer {
    /// The client (the key of the report's `clients` map).
    #[serde(skip)]
    pub client: Client,
    /// True when the client accepts the input.
    pub accepts: bool,
    /// The ids of the findings it rejects, when it does not accept.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<&'static str>,
}

/// Serializes answers as `{"openssl": {"accepts": true}, "go": {…}}`.
pub(crate) fn serialize_answers<S: serde::Serializer>(
    answers: &[ClientAnswer],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(answers.iter().map(|answer| (answer.client.name(), answer)))
}

/// Each selected client's answer on `findings` (already judged).
pub(crate) fn answers(findings: &[Finding], clients: ClientSet) -> Vec<ClientAnswer> {
    clients
        .iter()
        .map(|client| answer(findings, client))
        .collect()
}

pub(crate) fn answer(findings: &[Finding], client: Client) -> ClientAnswer {
    let mut because: Vec<&'static str> = findings
        .iter()
        .filter(|finding| finding.rejected_by.contains(client))
        .map(Finding::id)
        .collect();
    crate::order::sort(&mut because);
    because.dedup();
    ClientAnswer {
        client,
        accepts: because.is_empty(),
        because,
    }
}
