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
    /// For a summary finding (see [`Findings`]): how many further findings
    /// of its rule about its object were left out, counted but not built.
    /// 0 for every other finding.
    #[serde(skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
const fn is_zero(count: &usize) -> bool {
    *count == 0
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
            omitted: 0,
        }
    }

    /// How many findings of the input this one stands for: 1, or for a
    /// summary the ones it counts.
    pub const fn count(&self) -> usize {
        if self.omitted == 0 { 1 } else { self.omitted }
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

/// Findings of one rule about one object kept in full by [`Findings`];
/// beyond it, they are counted into one summary finding. Far above what any
/// real input produces (Debian's 144-certificate CA store, linted as a
/// bundle, has at most 30 findings of one rule), so that only inputs built
/// to flood (a ConfigMap of 100,000 keys) are summarised, and the memory of
/// a check follows what it returns rather than the number of keys.
pub const MAX_FINDINGS_PER_RULE: usize = 256;

/// Findings collected as checks produce them, at most
/// [`MAX_FINDINGS_PER_RULE`] of one rule about one object; the rest of them
/// are only counted, and [`Findings::into_vec`] adds one summary finding per
/// rule and object that says how many were left out. The summary keeps the
/// verdict: it has the most severe severity and every rejecting client of
/// what it counts.
///
/// The object is the finding's Kubernetes object ([`Finding::object`]) when
/// it has one; findings without one are about the sink's input, which
/// [`Findings::about`] names: every check that collects through a sink says
/// what that input is (a file, a certificate, an OPC UA store). A summary
/// pushed into another sink (a check's findings gathered into its caller's)
/// is counted as the findings it stands for, so caps nest: the total is
/// kept, and the outer sink still shows at most the cap in full.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    kept: Vec<Finding>,
    /// Tallies by object (an object has few rules: a short list each).
    by_object: alloc::collections::BTreeMap<ObjectRef, Vec<Tally>>,
    without_object: Vec<Tally>,
    /// What findings without an object are about, for their summaries'
    /// messages (a file name, "the trust list").
    input: Option<String>,
}

/// How many findings of one rule about one object were kept and left out,
/// and what the left-out ones would have said about the verdict.
#[derive(Debug)]
struct Tally {
    rule: &'static Rule,
    kept: usize,
    omitted: usize,
    /// Most severe severity among the left-out findings.
    severity: Severity,
    rejected_by: ClientSet,
}

impl Tally {
    fn leave_out(&mut self, count: usize, severity: Severity, rejected_by: ClientSet) {
        self.omitted += count;
        self.severity = self.severity.min(severity);
        self.rejected_by = rejected_by.iter().fold(self.rejected_by, ClientSet::with);
    }
}

impl Findings {
    /// A sink whose findings without an object are about `input` (shown in
    /// their summaries: "… about bundle.pem").
    pub fn about(input: impl Into<String>) -> Self {
        Self {
            input: Some(input.into()),
            ..Self::default()
        }
    }

    /// The tally of `rule` about `object`, made on first use; `None` only
    /// if the map lost the entry just inserted (it cannot).
    fn tally(&mut self, rule: &'static Rule, object: Option<&ObjectRef>) -> Option<&mut Tally> {
        let tallies = match object {
            Some(object) => {
                // Looked up before inserting: the object is cloned once, not per finding.
                if !self.by_object.contains_key(object) {
                    self.by_object.insert(object.clone(), Vec::new());
                }
                self.by_object.get_mut(object)?
            }
            None => &mut self.without_object,
        };
        let position = match tallies
            .iter()
            .position(|tally| core::ptr::eq(tally.rule, rule))
        {
            Some(position) => position,
            None => {
                tallies.push(Tally {
                    rule,
                    kept: 0,
                    omitted: 0,
                    severity: Severity::Info,
                    rejected_by: ClientSet::EMPTY,
                });
                tallies.len() - 1
            }
        };
        tallies.get_mut(position)
    }

    /// Counts a finding of `rule` (with `severity`, rejected by
    /// `rejected_by`) about `object`; true when it is to be kept in full,
    /// false when it was only counted (the caller then need not build it).
    pub fn admit(
        &mut self,
        rule: &'static Rule,
        severity: Severity,
        rejected_by: ClientSet,
        object: Option<&ObjectRef>,
    ) -> bool {
        let Some(tally) = self.tally(rule, object) else {
            return true;
        };
        if tally.kept < MAX_FINDINGS_PER_RULE {
            tally.kept += 1;
            return true;
        }
        tally.leave_out(1, severity, rejected_by);
        false
    }

    /// Keeps `finding` unless its rule's cap for its object is reached
    /// (then it is only counted). A summary is counted as the findings it
    /// stands for.
    pub fn push(&mut self, finding: Finding) {
        if self.counts(&finding, finding.object.as_ref()) {
            self.kept.push(finding);
        }
    }

    /// [`Findings::push`] of `finding` about `object`, which it is given
    /// only when kept (a flood of findings costs no copies of the object).
    pub fn push_about(&mut self, finding: Finding, object: &ObjectRef) {
        if self.counts(&finding, Some(object)) {
            self.kept.push(finding.object(object.clone()));
        }
    }

    /// Counts `finding` about `object`; true when it is to be kept in full.
    /// A summary counts as the findings it stands for and is never kept.
    fn counts(&mut self, finding: &Finding, object: Option<&ObjectRef>) -> bool {
        if finding.omitted > 0 {
            if let Some(tally) = self.tally(finding.rule, object) {
                tally.leave_out(finding.omitted, finding.severity, finding.rejected_by);
            }
            return false;
        }
        self.admit(finding.rule, finding.severity, finding.rejected_by, object)
    }

    /// Keeps the finding `make` builds, for `rule` at its own severity and
    /// rejected by no client, unless the cap is reached: then nothing is
    /// built (no message, no field path), only counted.
    pub fn push_with(
        &mut self,
        rule: &'static Rule,
        object: Option<&ObjectRef>,
        make: impl FnOnce() -> Finding,
    ) {
        if self.admit(rule, rule.severity, ClientSet::EMPTY, object) {
            self.kept.push(make());
        }
    }

    /// The kept findings, then one summary per rule and object whose cap
    /// was reached.
    pub fn into_vec(self) -> Vec<Finding> {
        let mut findings = self.kept;
        let objects = self.by_object.into_iter().flat_map(|(object, tallies)| {
            tallies.into_iter().map(move |t| (Some(object.clone()), t))
        });
        let summaries = objects.chain(self.without_object.into_iter().map(|t| (None, t)));
        for (object, tally) in summaries {
            let omitted = tally.omitted;
            if omitted == 0 {
                continue;
            }
            let about = match (&object, &self.input) {
                (Some(object), _) => alloc::format!(" about {object}"),
                (None, Some(input)) => alloc::format!(" about {input}"),
                (None, None) => String::new(),
            };
            let plural = if omitted == 1 { "" } else { "s" };
            let mut summary = Finding::new(
                tally.rule,
                alloc::format!(
                    "… and {omitted} more finding{plural} of this rule{about}, counted but not shown (the first {MAX_FINDINGS_PER_RULE} are)"
                ),
            )
            .severity(tally.severity);
            summary.rejected_by = tally.rejected_by;
            summary.object = object;
            summary.omitted = omitted;
            findings.push(summary);
        }
        findings
    }
}

/// Every finding of `findings` through one sink about `input` (see
/// [`Findings`]): for checks that collect a short list first.
pub(crate) fn capped(
    input: impl Into<String>,
    findings: impl IntoIterator<Item = Finding>,
) -> Vec<Finding> {
    let mut sink = Findings::about(input);
    for finding in findings {
        sink.push(finding);
    }
    sink.into_vec()
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
    crate::order::sort_by(findings, |a, b| {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalogue::{BUNDLE_PARSE_ERROR, CERT_EXPIRED};
    use crate::client::Client;

    fn about(name: &str) -> ObjectRef {
        ObjectRef::new("ConfigMap", Some("team-a"), name)
    }

    #[test]
    fn past_the_cap_findings_are_counted_into_a_summary_that_keeps_the_verdict() {
        let object = about("flood");
        let mut findings = Findings::default();
        for _ in 0..MAX_FINDINGS_PER_RULE + 10 {
            findings.push(
                Finding::new(&BUNDLE_PARSE_ERROR, "data.k: unreadable")
                    .severity(Severity::Warning)
                    .object(object.clone()),
            );
        }
        // One left-out finding is an error rejected by Go: the summary says so.
        let mut error =
            Finding::new(&BUNDLE_PARSE_ERROR, "data.z: unreadable").object(object.clone());
        error.rejected_by = ClientSet::EMPTY.with(Client::Go);
        findings.push(error);
        // Another rule, and another object, have caps of their own.
        findings.push(Finding::new(&CERT_EXPIRED, "expired").object(object.clone()));
        let mut built = false;
        findings.push_with(&BUNDLE_PARSE_ERROR, Some(&about("other")), || {
            built = true;
            Finding::new(&BUNDLE_PARSE_ERROR, "data.k: unreadable").object(about("other"))
        });
        assert!(built, "below the cap the finding is built");
        let all = findings.into_vec();
        let parse_errors: Vec<&Finding> = all
            .iter()
            .filter(|f| f.rule == &BUNDLE_PARSE_ERROR && f.object.as_ref() == Some(&object))
            .collect();
        assert_eq!(parse_errors.len(), MAX_FINDINGS_PER_RULE + 1);
        let summary = parse_errors.last().unwrap();
        assert_eq!(summary.omitted, 11);
        assert_eq!(summary.count(), 11);
        assert_eq!(summary.severity, Severity::Error);
        assert!(summary.rejected_by.contains(Client::Go));
        assert!(
            summary.message.contains("11 more findings"),
            "{}",
            summary.message
        );
        assert!(!is_valid(&all));
        assert_eq!(all.iter().filter(|f| f.rule == &CERT_EXPIRED).count(), 1);
        assert_eq!(all.len(), MAX_FINDINGS_PER_RULE + 1 + 1 + 1);
    }

    #[test]
    fn a_summary_gathered_into_another_sink_counts_what_it_stands_for() {
        // A check's own sink (a bundle's lint) fills up, with one
        // left-out error rejected by Go ...
        let mut inner = Findings::default();
        for _ in 0..MAX_FINDINGS_PER_RULE + 100 {
            inner.push(Finding::new(&CERT_EXPIRED, "expired").severity(Severity::Warning));
        }
        let mut error = Finding::new(&CERT_EXPIRED, "expired");
        error.rejected_by = ClientSet::EMPTY.with(Client::Go);
        inner.push(error);
        let inner = inner.into_vec();
        assert_eq!(inner.len(), MAX_FINDINGS_PER_RULE + 1);
        // ... then its caller's sink, about a file, gathers it beside
        // findings of the same rule it found itself.
        let mut outer = Findings::about("bundle.pem");
        for _ in 0..10 {
            outer.push(Finding::new(&CERT_EXPIRED, "expired").severity(Severity::Warning));
        }
        for finding in inner {
            outer.push(finding);
        }
        let all = outer.into_vec();
        assert_eq!(all.len(), MAX_FINDINGS_PER_RULE + 1);
        assert_eq!(
            all.iter().map(Finding::count).sum::<usize>(),
            10 + MAX_FINDINGS_PER_RULE + 101
        );
        let summary = all.last().unwrap();
        assert_eq!(summary.omitted, 10 + 101);
        assert_eq!(summary.severity, Severity::Error);
        assert!(summary.rejected_by.contains(Client::Go));
        assert!(
            summary
                .message
                .starts_with("… and 111 more findings of this rule about bundle.pem,"),
            "{}",
            summary.message
        );
        assert!(!is_valid(&all));
        // About a Kubernetes object, a summary is counted for that object.
        let object = about("flood");
        let mut kubernetes = Findings::default();
        kubernetes.push_about(summary.clone(), &object);
        let all = kubernetes.into_vec();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].omitted, 111);
        assert_eq!(all[0].object.as_ref(), Some(&object));
    }

    #[test]
    fn past_the_cap_nothing_is_built() {
        let object = about("flood");
        let mut findings = Findings::default();
        let mut built = 0;
        for _ in 0..MAX_FINDINGS_PER_RULE * 4 {
            findings.push_with(&BUNDLE_PARSE_ERROR, Some(&object), || {
                built += 1;
                Finding::new(&BUNDLE_PARSE_ERROR, "data.k: unreadable").object(object.clone())
            });
        }
        assert_eq!(built, MAX_FINDINGS_PER_RULE);
        let all = findings.into_vec();
        assert_eq!(
            all.iter().map(Finding::count).sum::<usize>(),
            MAX_FINDINGS_PER_RULE * 4
        );
    }
}
