//! Findings: everything certgate has to say about an input, all collected.
//!
//! A finding is not an error: errors mean the input could not be used at all
//! ([`crate::Error`]); findings are what was wrong (or notable) about an input
//! that could be read. The verdict is derived from them: valid when no finding
//! is an error.

use alloc::string::String;
use alloc::vec::Vec;

use crate::catalogue::Rule;
use crate::client::ClientSet;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Fails the verdict.
    Error,
    /// Worth fixing; does not fail the verdict.
    Warning,
    /// Notable; nothing to fix.
    Info,
}

impl Severity {
    /// `"error"`, `"warning"` or `"info"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// The Kubernetes object a finding concerns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[non_exhaustive]
pub struct ObjectRef {
    /// Object kind, e.g. `ConfigMap`.
    pub kind: String,
    /// Namespace; `None` for cluster-scoped objects.
    pub namespace: Option<String>,
    /// Object name.
    pub name: String,
}

impl ObjectRef {
    /// A reference to `kind` `namespace`/`name`.
    pub fn new(kind: &str, namespace: Option<&str>, name: &str) -> Self {
        Self {
            kind: kind.into(),
            namespace: namespace.map(Into::into),
            name: name.into(),
        }
    }
}

impl core::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.namespace {
            Some(namespace) => write!(f, "{} {}/{}", self.kind, namespace, self.name),
            None => write!(f, "{} {}", self.kind, self.name),
        }
    }
}

/// One thing certgate found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The rule, from [`crate::catalogue`]; serialized as its `id`, e.g.
    /// `chain.pathlen_exceeded`.
    #[serde(rename = "id", serialize_with = "rule_id")]
    pub rule: &'static Rule,
    /// Severity under the report's verdict (see [`crate::client::Verdict`]).
    pub severity: Severity,
    /// The clients that reject the input because of this finding.
    #[serde(skip_serializing_if = "ClientSet::is_empty")]
    pub rejected_by: ClientSet,
    /// What is wrong, in one sentence a person can act on.
    pub message: String,
    /// Index of the certificate concerned in the report's `certificates`, if any.
    pub certificate: Option<usize>,
    /// Index of the input block (PEM block or DER object) concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// The field concerned: an extension name or a Kubernetes field path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The Kubernetes object concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectRef>,
    /// Where the input came from (a file name, a ConfigMap key), if the
    /// caller named it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The file and line of the object (or input) concerned, when the
    /// surface that read the file knows them (see [`Finding::location`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// Where a finding is in the files a person can edit: for CI annotations.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Location {
    /// The file, as named to the tool (`<stdin>` for standard input).
    pub file: String,
    /// 1-based line of the object (or of the field, when known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Location {
    /// `file`, at `line` if known.
    pub fn new(file: impl Into<String>, line: Option<usize>) -> Self {
        Self {
            file: file.into(),
            line,
        }
    }
}

impl Finding {
    /// A finding of `rule` with its default severity.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            rejected_by: ClientSet::EMPTY,
            message: message.into(),
            certificate: None,
            block: None,
            field: None,
            object: None,
            source: None,
            location: None,
        }
    }

    /// The rule's stable id.
    pub const fn id(&self) -> &'static str {
        self.rule.id
    }

    /// Sets the certificate index.
    #[must_use]
    pub fn certificate(mut self, index: usize) -> Self {
        self.certificate = Some(index);
        self
    }

    /// Sets the input block index.
    #[must_use]
    pub fn block(mut self, index: usize) -> Self {
        self.block = Some(index);
        self
    }

    /// Sets the field (extension name or object field path).
    #[must_use]
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Sets the Kubernetes object.
    #[must_use]
    pub fn object(mut self, object: ObjectRef) -> Self {
        self.object = Some(object);
        self
    }

    /// Sets the source (file name, ConfigMap key).
    #[must_use]
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Sets the file and line (surfaces that read files do).
    #[must_use]
    pub fn location(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Overrides the severity (profiles and roles do).
    #[must_use]
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// True when no finding is an error.
pub fn is_valid(findings: &[Finding]) -> bool {
    !findings
        .iter()
        .any(|finding| finding.severity == Severity::Error)
}

/// Sorts findings for output: by certificate, then severity, then id; stable
/// otherwise, so the order of discovery breaks ties. Exact duplicates are
/// removed (two paths may report the same fact).
pub fn normalize(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (
            a.object.as_ref(),
            a.certificate.is_none(),
            a.certificate,
            a.severity,
            a.rule.id,
        )
            .cmp(&(
                b.object.as_ref(),
                b.certificate.is_none(),
                b.certificate,
                b.severity,
                b.rule.id,
            ))
    });
    findings.dedup();
}

fn rule_id<S: serde::Serializer>(rule: &&'static Rule, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(rule.id)
}
