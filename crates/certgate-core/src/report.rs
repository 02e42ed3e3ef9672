//! Reports: what one `inspect`, `lint` or `verify` has to say, assembled in
//! the core so the CLI, the npm package and the webhook agree finding for
//! finding. Surfaces only read bytes and render.

use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::certificate::{Certificate, CertificateView};
use crate::client::ClientSet;
use crate::finding::{Finding, Findings, capped, is_valid, normalize};
use crate::inventory::Inventory;
use crate::lint::{LintOptions, Role, lint_bundle, lint_certificate};
use crate::path::{ValidationOptions, validate_path};
use crate::time::UnixTime;
use crate::{Error, read};

/// One named input (a file, an uploaded blob, a ConfigMap key).
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// Name shown in findings (`source`) and errors.
    pub name: &'a str,
    /// The bytes: PEM or DER.
    pub bytes: &'a [u8],
}

impl<'a> Source<'a> {
    /// A named input.
    pub fn new(name: &'a str, bytes: &'a [u8]) -> Self {
        Self { name, bytes }
    }
}

/// Everything one command has to say.
#[derive(Clone, Debug, Default, serde::Serialize)]
#[non_exhaustive]
pub struct Report {
    /// True when no finding is an error (and, for verify, a path was found).
    pub valid: bool,
    /// Every finding, normalized.
    pub findings: Vec<Finding>,
    /// Every certificate, in index order.
    pub certificates: Vec<ReportCertificate>,
    /// The chosen path, leaf first (verify only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<usize>>,
    /// Whether the path ends in a trust anchor (verify only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete: Option<bool>,
    /// Each selected client's answer: does it accept the input?
    #[serde(serialize_with = "crate::client::serialize_answers")]
    pub clients: Vec<crate::client::ClientAnswer>,
    /// The Kubernetes objects checked (check and review only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<crate::finding::ObjectRef>,
    /// What each Kubernetes object was checked as, or why it was skipped
    /// (check and review only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checked: Vec<ObjectCheck>,
}

/// What one Kubernetes object was checked as (`checked_as`), or why it was
/// not (`skipped`): exactly one of the two is set.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ObjectCheck {
    /// The object.
    #[serde(flatten)]
    pub object: crate::finding::ObjectRef,
    /// What it was checked as, e.g. `trust bundle (ca.crt)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked_as: Option<String>,
    /// Why it was not checked, e.g. `holds no certificate (type Opaque)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

impl ObjectCheck {
    /// `object`, checked as `what`.
    pub fn checked(object: crate::finding::ObjectRef, what: impl Into<String>) -> Self {
        Self {
            object,
            checked_as: Some(what.into()),
            skipped: None,
        }
    }

    /// `object`, skipped because of `reason`.
    pub fn skipped(object: crate::finding::ObjectRef, reason: impl Into<String>) -> Self {
        Self {
            object,
            checked_as: None,
            skipped: Some(reason.into()),
        }
    }
}

/// One certificate of a report.
#[derive(Clone, Debug, serde::Serialize)]
#[non_exhaustive]
pub struct ReportCertificate {
    /// Index across all inputs; findings refer to it.
    pub index: usize,
    /// The input it came from.
    pub source: String,
    /// Block index within the input, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// True for trust anchors (verify only).
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    pub trust_anchor: bool,
    /// Everything openssl shows; shared, not copied, when a caller keeps
    /// the views of a bundle it reads again (the webhook's cache).
    pub view: Arc<CertificateView>,
    /// notBefore, for renderers that count days.
    #[serde(skip)]
    pub not_before: UnixTime,
    /// notAfter, for renderers that count days.
    #[serde(skip)]
    pub not_after: UnixTime,
}

impl ReportCertificate {
    pub(crate) fn new(
        index: usize,
        source: &str,
        certificate: &Certificate,
        block: Option<usize>,
        trust_anchor: bool,
    ) -> Self {
        Self::with_view(
            index,
            source,
            certificate,
            block,
            trust_anchor,
            Arc::new(certificate.view()),
        )
    }

    /// [`ReportCertificate::new`] with `view`, which is `certificate.view()`
    /// computed before (a bundle read kept by the caller).
    pub(crate) fn with_view(
        index: usize,
        source: &str,
        certificate: &Certificate,
        block: Option<usize>,
        trust_anchor: bool,
        view: Arc<CertificateView>,
    ) -> Self {
        Self {
            index,
            source: source.into(),
            block,
            trust_anchor,
            view,
            not_before: certificate.validity.not_before,
            not_after: certificate.validity.not_after,
        }
    }
}

struct Loaded<'a> {
    name: &'a str,
    inventory: Inventory,
}

fn load<'a>(source: &Source<'a>) -> Result<Loaded<'a>, Error> {
    let inventory = read(source.bytes).map_err(|error| Error::Source {
        name: source.name.into(),
        message: error.to_string(),
    })?;
    Ok(Loaded {
        name: source.name,
        inventory,
    })
}

fn load_all<'a>(sources: &[Source<'a>]) -> Result<Vec<Loaded<'a>>, Error> {
    sources.iter().map(load).collect()
}

fn with_source(
    findings: impl IntoIterator<Item = Finding>,
    source: &str,
) -> impl Iterator<Item = Finding> {
    findings.into_iter().map(move |finding| {
        if finding.source.is_none() {
            finding.source(source)
        } else {
            finding
        }
    })
}

/// Adds the certificates of `file` to the report, and the findings of
/// reading it to `findings`, the file's sink.
fn add_inventory(report: &mut Report, file: &Loaded<'_>, findings: &mut Findings) {
    let first_index = report.certificates.len();
    for (offset, entry) in file.inventory.certificates.iter().enumerate() {
        report.certificates.push(ReportCertificate::new(
            first_index + offset,
            file.name,
            &entry.certificate,
            Some(entry.block),
            false,
        ));
    }
    for finding in &file.inventory.findings {
        findings.push(finding.clone());
    }
}

/// The findings of one input file, capped per rule for the file: the
/// object of the file commands is the file (a bundle of 2,000 certificates
/// gives at most [`crate::MAX_FINDINGS_PER_RULE`] findings of one rule, then
/// a summary), as a Kubernetes object is for `check` and `review`.
fn file_findings(report: &mut Report, findings: Findings, name: &str) {
    report
        .findings
        .extend(with_source(findings.into_vec(), name));
}

fn finish(mut report: Report, clients: ClientSet) -> Report {
    normalize(&mut report.findings);
    report.valid = is_valid(&report.findings);
    report.clients = crate::client::answers(&report.findings, clients);
    report
}

/// Every certificate of every input, described, with the findings of
/// reading them (`bundle.parse_error`, `bundle.contains_private_key`).
///
/// # Errors
/// [`Error::Source`] when an input is unusable as a whole.
pub fn inspect(sources: &[Source<'_>]) -> Result<Report, Error> {
    let mut report = Report::default();
    for file in &load_all(sources)? {
        let mut findings = Findings::about(file.name);
        add_inventory(&mut report, file, &mut findings);
        file_findings(&mut report, findings, file.name);
    }
    Ok(finish(report, ClientSet::ALL))
}

/// Lints every certificate of every input for `options.role`; with
/// [`Role::Bundle`] each input is also linted as a trust bundle.
///
/// # Errors
/// [`Error::Source`] when an input is unusable as a whole.
pub fn lint(sources: &[Source<'_>], options: &LintOptions) -> Result<Report, Error> {
    let mut report = Report::default();
    let mut files = Vec::new();
    for source in sources {
        match read(source.bytes) {
            // An empty file meant as a trust bundle trusts nothing: a
            // finding about the bundle, not an unusable input.
            Err(Error::Empty) if options.role == Role::Bundle => {
                let mut finding = Finding::new(
                    &crate::catalogue::BUNDLE_EMPTY,
                    "the file is empty: the bundle contains no certificate",
                )
                .source(source.name);
                options.verdict.judge(&mut finding, None);
                report.findings.push(finding);
            }
            _ => files.push(load(source)?),
        }
    }
    for file in &files {
        let first_index = report.certificates.len();
        let mut findings = Findings::about(file.name);
        add_inventory(&mut report, file, &mut findings);
        for (offset, entry) in file.inventory.certificates.iter().enumerate() {
            for finding in lint_certificate(&entry.certificate, first_index + offset, options) {
                findings.push(finding);
            }
        }
        if options.role == Role::Bundle {
            for mut finding in lint_bundle(&file.inventory, first_index, options.time) {
                // A bundle that trusts nothing fails every client's paths.
                // (Its members' findings are judged with the bundle: one
                // expired root beside usable ones stays a warning.)
                // (A summary of members' findings is not about the bundle.)
                if finding.certificate.is_none()
                    && finding.omitted == 0
                    && finding.rule.rejected_by.is_some()
                {
                    options.verdict.judge(&mut finding, None);
                }
                findings.push(finding);
            }
        }
        file_findings(&mut report, findings, file.name);
    }
    Ok(finish(report, options.verdict.clients))
}

/// Validates the first certificate of `leaf` (further certificates in it
/// join the untrusted pool, as a TLS chain file holds them) against the
/// anchors in `trust`. Certificates are indexed leaf, intermediates, anchors.
///
/// # Errors
/// [`Error::Source`] when an input is unusable, the leaf input holds no
/// certificate, or a trust input holds none.
pub fn verify(
    leaf: &Source<'_>,
    untrusted: &[Source<'_>],
    trust: &[Source<'_>],
    options: &ValidationOptions,
) -> Result<Report, Error> {
    let leaf_file = load(leaf)?;
    let untrusted_files = load_all(untrusted)?;
    let trust_files = load_all(trust)?;

    let mut entries = leaf_file.inventory.certificates.iter();
    let Some(leaf_entry) = entries.next() else {
        return Err(Error::Source {
            name: leaf_file.name.into(),
            message: "holds no certificate".into(),
        });
    };
    let mut placed: Vec<(&str, usize)> = alloc::vec![(leaf_file.name, leaf_entry.block)];
    let mut intermediates: Vec<Certificate> = Vec::new();
    for entry in entries {
        intermediates.push(entry.certificate.clone());
        placed.push((leaf_file.name, entry.block));
    }
    for file in &untrusted_files {
        for entry in &file.inventory.certificates {
            intermediates.push(entry.certificate.clone());
            placed.push((file.name, entry.block));
        }
    }
    let mut anchors: Vec<Certificate> = Vec::new();
    for file in &trust_files {
        if file.inventory.certificates.is_empty() {
            return Err(Error::Source {
                name: file.name.into(),
                message: "holds no certificate to trust".into(),
            });
        }
        for entry in &file.inventory.certificates {
            anchors.push(entry.certificate.clone());
            placed.push((file.name, entry.block));
        }
    }

    let mut report = Report::default();
    let all = core::iter::once(&leaf_entry.certificate)
        .chain(intermediates.iter())
        .chain(anchors.iter());
    for (index, (certificate, (source, block))) in all.zip(placed.iter()).enumerate() {
        report.certificates.push(ReportCertificate::new(
            index,
            source,
            certificate,
            Some(*block),
            index > intermediates.len(),
        ));
    }
    for file in core::iter::once(&leaf_file)
        .chain(untrusted_files.iter())
        .chain(trust_files.iter())
    {
        let findings = capped(file.name, file.inventory.findings.iter().cloned());
        report.findings.extend(with_source(findings, file.name));
    }
    let validation = validate_path(&leaf_entry.certificate, &intermediates, &anchors, options);
    for finding in validation.findings {
        let source = finding
            .certificate
            .and_then(|index| placed.get(index))
            .map(|(name, _)| *name);
        report.findings.push(match source {
            Some(name) if finding.source.is_none() => finding.source(name),
            _ => finding,
        });
    }
    report.path = Some(validation.path);
    report.complete = Some(validation.complete);
    let mut report = finish(report, options.clients);
    // The path search knows which clients accept some path.
    report.clients = validation.clients;
    // No path means invalid even when no finding is an error in itself.
    report.valid = report.valid && validation.valid;
    Ok(report)
}

/// How many findings a bounded answer shows in full (the webhook's deny
/// message and warnings; any surface whose answer has a size budget).
pub const SHOWN_FINDINGS: usize = 20;

/// Longest line, in bytes, that a bounded answer gives one finding.
pub const MAX_FINDING_LINE_BYTES: usize = 1024;

/// The first `limit` of `items` in full, and how many were left out. The one
/// rule by which answers are bounded, so that an object with 100,000 keys
/// gets an answer the size of `limit` findings and a count, the same on
/// every surface that uses it.
pub fn bounded<T>(items: &[T], limit: usize) -> (&[T], usize) {
    let shown = items.len().min(limit);
    (&items[..shown], items.len() - shown)
}

/// [`bounded`] for findings: the first `limit` in full, and how many
/// findings of the input the rest stand for — a summary finding (see
/// [`crate::MAX_FINDINGS_PER_RULE`]) counts every one it summarises, so the
/// omitted line of a 100,000-key ConfigMap says 100,000 less those shown.
pub fn bounded_findings<F: core::borrow::Borrow<Finding>>(
    findings: &[F],
    limit: usize,
) -> (&[F], usize) {
    let (shown, _) = bounded(findings, limit);
    let omitted = findings[shown.len()..]
        .iter()
        .map(|finding| finding.borrow().count())
        .sum();
    (shown, omitted)
}

/// The line that stands for the findings [`bounded`] left out.
pub fn omitted_line(omitted: usize) -> String {
    let plural = if omitted == 1 { "" } else { "s" };
    alloc::format!("… and {omitted} more finding{plural} (not shown)")
}

/// `text` cut to at most `max_bytes` bytes on a character boundary, ending
/// in `…` when cut (the `…` counted within `max_bytes` when it fits).
pub fn clip(text: &str, max_bytes: usize) -> alloc::borrow::Cow<'_, str> {
    if text.len() <= max_bytes {
        return alloc::borrow::Cow::Borrowed(text);
    }
    let mut end = max_bytes.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = String::with_capacity(end + '…'.len_utf8());
    out.push_str(&text[..end]);
    out.push('…');
    alloc::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod bound_tests {
    use super::*;

    #[test]
    fn bounded_shows_the_first_and_counts_the_rest() {
        let items: Vec<usize> = (0..100).collect();
        assert_eq!(bounded(&items, 20), (&items[..20], 80));
        assert_eq!(bounded(&items[..3], 20), (&items[..3], 0));
        assert_eq!(omitted_line(80), "… and 80 more findings (not shown)");
        assert_eq!(omitted_line(1), "… and 1 more finding (not shown)");
    }

    #[test]
    fn bounded_findings_count_what_a_summary_stands_for() {
        let one = Finding::new(&crate::catalogue::BUNDLE_PARSE_ERROR, "data.k: unreadable");
        let mut summary = one.clone();
        summary.omitted = 99_000;
        let findings = [&one, &one, &summary];
        assert_eq!(bounded_findings(&findings, 1).1, 1 + 99_000);
        assert_eq!(bounded_findings(&findings, 3).1, 0);
        assert_eq!(bounded_findings(&findings[..2], 1).1, 1);
    }

    #[test]
    fn clip_cuts_on_a_character_boundary() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcdef", 4), "a…");
        let long = "é".repeat(100);
        let cut = clip(&long, 11);
        assert!(cut.len() <= 11 && cut.ends_with('…'), "{cut}");
        assert!(clip("abc", 0).len() <= 3);
    }
}

#[cfg(test)]
mod cap_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::MAX_FINDINGS_PER_RULE;

    const NOW: UnixTime = UnixTime(1_798_761_600);
    /// As many certificates as one input may hold (and under its byte limit).
    const MANY: usize = crate::input::MAX_BLOCKS;
    const LEAF: &str = include_str!("../../../examples/pki/server.pem");

    fn copies(pem: &str, count: usize) -> String {
        let mut bundle = String::with_capacity(pem.len() * count);
        for _ in 0..count {
            bundle.push_str(pem);
        }
        bundle
    }

    /// The findings of `id` in `report`: (shown in full, the summary's count).
    fn of_rule(report: &Report, id: &str) -> (usize, usize) {
        let findings = report.findings.iter().filter(|f| f.id() == id);
        let shown = findings.clone().filter(|f| f.omitted == 0).count();
        let summaries: Vec<&Finding> = findings.filter(|f| f.omitted > 0).collect();
        assert!(summaries.len() <= 1, "{summaries:?}");
        (shown, summaries.first().map_or(0, |f| f.omitted))
    }

    fn lint_bundle_of(count: usize) -> Report {
        let bundle = copies(LEAF, count);
        let options = LintOptions::new(NOW).role(Role::Bundle);
        lint(&[Source::new("bundle.pem", bundle.as_bytes())], &options).unwrap()
    }

    #[test]
    fn a_bundle_of_1000_leaves_keeps_the_first_of_each_rule_and_counts_the_rest() {
        let few = lint_bundle_of(2);
        let many = lint_bundle_of(MANY);
        assert_eq!(of_rule(&few, "bundle.non_ca_cert"), (2, 0));
        assert_eq!(
            of_rule(&many, "bundle.non_ca_cert"),
            (MAX_FINDINGS_PER_RULE, MANY - MAX_FINDINGS_PER_RULE)
        );
        assert_eq!(
            of_rule(&many, "bundle.duplicate_cert"),
            (MAX_FINDINGS_PER_RULE, MANY - 1 - MAX_FINDINGS_PER_RULE)
        );
        let summary = many
            .findings
            .iter()
            .find(|f| f.id() == "bundle.non_ca_cert" && f.omitted > 0)
            .unwrap();
        assert_eq!(summary.source.as_deref(), Some("bundle.pem"));
        assert!(
            summary
                .message
                .contains("744 more findings of this rule about bundle.pem"),
            "{}",
            summary.message
        );
        // Every rule, capped or not, counts every finding of the input ...
        let total = |report: &Report, id: &str| -> usize {
            report
                .findings
                .iter()
                .filter(|f| f.id() == id)
                .map(Finding::count)
                .sum()
        };
        for finding in &few.findings {
            let per_copy = total(&few, finding.id());
            let expected = if finding.id() == "bundle.duplicate_cert" {
                MANY - 1
            } else if finding.certificate.is_some() {
                per_copy / 2 * MANY
            } else {
                per_copy
            };
            assert_eq!(total(&many, finding.id()), expected, "{}", finding.id());
        }
        // ... no rule has more than the cap in full, and the verdict and
        // every client's answer are those of the small bundle.
        for finding in &many.findings {
            assert!(of_rule(&many, finding.id()).0 <= MAX_FINDINGS_PER_RULE);
        }
        assert!(!many.valid);
        assert_eq!(many.valid, few.valid);
        let answers = |report: &Report| -> Vec<(crate::client::Client, bool)> {
            report
                .clients
                .iter()
                .map(|answer| (answer.client, answer.accepts))
                .collect()
        };
        assert_eq!(answers(&many), answers(&few));
    }

    #[test]
    fn inspect_caps_unreadable_blocks_per_file() {
        let garbage = copies(
            "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
            MANY,
        );
        let mut second = String::from(LEAF);
        second.push_str(&copies(
            "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
            3,
        ));
        let report = inspect(&[
            Source::new("garbage.pem", garbage.as_bytes()),
            Source::new("second.pem", second.as_bytes()),
        ])
        .unwrap();
        let of = |name: &str| -> Vec<&Finding> {
            report
                .findings
                .iter()
                .filter(|f| f.source.as_deref() == Some(name))
                .collect()
        };
        let garbage = of("garbage.pem");
        assert_eq!(garbage.len(), MAX_FINDINGS_PER_RULE + 1);
        let summary = garbage.iter().find(|f| f.omitted > 0).unwrap();
        assert_eq!(summary.omitted, MANY - MAX_FINDINGS_PER_RULE);
        assert_eq!(summary.id(), "bundle.parse_error");
        assert!(
            summary.message.contains("about garbage.pem"),
            "{}",
            summary.message
        );
        // The other file has a cap of its own.
        assert_eq!(of("second.pem").len(), 3);
        assert!(!report.valid);
    }

    #[test]
    fn verify_caps_the_findings_of_reading_its_inputs() {
        let mut leaf = String::from(LEAF);
        leaf.push_str(&copies(
            "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
            MANY - 1,
        ));
        let trust = include_str!("../../../examples/pki/root-ca.pem");
        let untrusted = include_str!("../../../examples/pki/intermediate-ca.pem");
        let options = ValidationOptions::new(NOW);
        let report = verify(
            &Source::new("leaf.pem", leaf.as_bytes()),
            &[Source::new("intermediate.pem", untrusted.as_bytes())],
            &[Source::new("root.pem", trust.as_bytes())],
            &options,
        )
        .unwrap();
        let (shown, omitted): (Vec<&Finding>, Vec<&Finding>) = report
            .findings
            .iter()
            .filter(|f| f.id() == "bundle.parse_error")
            .partition(|f| f.omitted == 0);
        assert_eq!(shown.len(), MAX_FINDINGS_PER_RULE);
        assert_eq!(omitted.len(), 1);
        assert_eq!(omitted[0].omitted, MANY - 1 - MAX_FINDINGS_PER_RULE);
        assert!(
            omitted[0].message.contains("about leaf.pem"),
            "{}",
            omitted[0].message
        );
    }
}
