//! One AdmissionReview in, one out. The verdict is the core's: error
//! findings deny (every one, `id: message`, one per line), warnings and
//! infos become `response.warnings`. This module only parses, fetches what
//! the core asks for, and renders.

use certgate_core::catalogue::{
    CERTGATE_INTERNAL_ERROR as INTERNAL, CERTGATE_LOOKUP_FAILED as LOOKUP,
    CERTGATE_UNUSABLE_OBJECT as UNUSABLE,
};
use core::fmt;
use core::panic::AssertUnwindSafe;
use core::time::Duration;
use std::panic::catch_unwind;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use certgate_core::{Finding, Report, Severity, UnixTime};
use certgate_core::{
    MAX_FINDING_LINE_BYTES, SHOWN_FINDINGS, bounded, bounded_findings, clip, omitted_line,
};
use kube::core::DynamicObject;
use kube::core::admission::{AdmissionRequest, AdmissionResponse, AdmissionReview, Operation};

use crate::bundle_cache::BundleCache;
use crate::config::LookupFailure;
use crate::kubernetes::{self, CheckOptions, Decision};
use crate::lookup::Cluster;
use crate::metrics::Metrics;

/// Longest warning sent back (Kubernetes asks for ≤ 120 characters).
pub const MAX_WARNING_CHARS: usize = 120;
/// Total warning text sent back (the API server drops text beyond 4096).
const MAX_WARNINGS_TOTAL: usize = 4000;

/// Why a request body is not an AdmissionReview this webhook answers:
/// HTTP 400 with this text.
#[derive(Debug)]
pub enum BadRequest {
    /// Not JSON, or not the shape of an AdmissionReview.
    Json(serde_json::Error),
    /// `apiVersion` is not `admission.k8s.io/v1`.
    ApiVersion(String),
    /// `kind` is not `AdmissionReview`.
    Kind(String),
    /// No `request`.
    NoRequest,
}

impl fmt::Display for BadRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // serde's message can quote the offending value (which may sit
            // in a Secret's data): say only what kind of error and where.
            Self::Json(e) => {
                let what = match e.classify() {
                    serde_json::error::Category::Io => "unreadable",
                    serde_json::error::Category::Syntax => "not valid JSON",
                    serde_json::error::Category::Data => "not the shape of an AdmissionReview",
                    serde_json::error::Category::Eof => "truncated JSON",
                };
                write!(
                    f,
                    "body is not an AdmissionReview: {what} at line {} column {}",
                    e.line(),
                    e.column()
                )
            }
            Self::ApiVersion(v) => write!(
                f,
                "apiVersion is {:?}; this webhook answers admission.k8s.io/v1 only (admissionReviewVersions: [\"v1\"])",
                clip(v, MAX_LOGGED_FIELD_BYTES)
            ),
            Self::Kind(k) => write!(
                f,
                "kind is {:?}, not AdmissionReview",
                clip(k, MAX_LOGGED_FIELD_BYTES)
            ),
            Self::NoRequest => f.write_str("AdmissionReview has no request"),
        }
    }
}

/// Configuration of the reviewer, fixed at start.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Raw `--trust-settings`, handed to the core.
    pub trust_settings: Option<String>,
    /// AIO namespace.
    pub namespace: String,
    /// cert-manager cluster resource namespace.
    pub cluster_resource_namespace: String,
    /// Policy for failed lookups.
    pub lookup_failure: LookupFailure,
}

impl Settings {
    /// The trust-bundle ConfigMap every review under these settings looks
    /// up, (namespace, name): the core's answer, watched by the webhook.
    pub fn trust_bundle(&self) -> (String, String) {
        let mut options = CheckOptions::new(now());
        options.trust_settings.clone_from(&self.trust_settings);
        options.namespace.clone_from(&self.namespace);
        let lookup = kubernetes::trust_bundle_lookup(&options);
        (
            lookup.namespace.unwrap_or_else(|| self.namespace.clone()),
            lookup.name,
        )
    }
}

/// Answers AdmissionReviews.
#[derive(Debug)]
pub struct Reviewer {
    settings: Settings,
    /// `None` when offline.
    cluster: Option<Cluster>,
    metrics: Arc<Metrics>,
    /// Trust-bundle reads kept for values seen again.
    bundle_cache: Arc<BundleCache>,
}

/// What happened to one review, for logs and metrics.
struct Outcome {
    verdict: &'static str,
    ids: Vec<&'static str>,
}

fn now() -> UnixTime {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    UnixTime(seconds)
}

/// `text` cut to `max` characters, ending in `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn line(finding: &Finding) -> String {
    // Messages are one sentence; keep each finding on one line regardless.
    let message = finding.message.replace('\n', " ");
    clip(
        &format!("{}: {message}", finding.id()),
        MAX_FINDING_LINE_BYTES,
    )
    .into_owned()
}

/// The deny message: the first error findings, one per line, then a count
/// of the rest (the core's bound), so its size never follows the object's.
fn denial(errors: &[&Finding]) -> String {
    let (shown, omitted) = bounded_findings(errors, SHOWN_FINDINGS);
    let mut lines: Vec<String> = shown.iter().map(|f| line(f)).collect();
    if omitted > 0 {
        lines.push(omitted_line(omitted));
    }
    lines.join("\n")
}

/// Longest uid, name or namespace written to the log, in bytes.
const MAX_LOGGED_FIELD_BYTES: usize = 256;

/// Warnings then infos, each ≤ 120 characters, within the API server's
/// total budget (the rest summarised in a last line).
fn warnings(findings: &[&Finding], extra: Vec<String>) -> Vec<String> {
    let (findings, omitted) = bounded_findings(findings, SHOWN_FINDINGS);
    let mut all: Vec<String> = extra;
    all.extend(findings.iter().map(|f| line(f)));
    if omitted > 0 {
        all.push(omitted_line(omitted));
    }
    let mut out = Vec::new();
    let mut total = 0;
    for (index, warning) in all.iter().enumerate() {
        let warning = truncate(warning, MAX_WARNING_CHARS);
        if total + warning.len() > MAX_WARNINGS_TOTAL - MAX_WARNING_CHARS {
            out.push(format!("… and {} more findings", all.len() - index));
            break;
        }
        total += warning.len();
        out.push(warning);
    }
    out
}

impl Reviewer {
    /// A reviewer; `cluster` is `None` for `--offline`.
    pub fn new(settings: Settings, cluster: Option<Cluster>, metrics: Arc<Metrics>) -> Self {
        let bundle_cache = Arc::new(BundleCache::new(crate::bundle_cache::DEFAULT_LIMIT_BYTES));
        metrics.show_bundle_cache(Arc::clone(&bundle_cache));
        Self {
            settings,
            cluster,
            metrics,
            bundle_cache,
        }
    }

    /// The same, with the cache of trust-bundle reads bounded to `limit`
    /// estimated bytes (0: none).
    #[must_use]
    pub fn with_bundle_cache(mut self, limit: usize) -> Self {
        self.bundle_cache = Arc::new(BundleCache::new(limit));
        self.metrics
            .show_bundle_cache(Arc::clone(&self.bundle_cache));
        self
    }

    /// Checks the trust settings on their own (syntax, required keys,
    /// issuerKind): the findings `review` leaves out because they concern
    /// the webhook's configuration, not the object. Whether the ConfigMap
    /// and issuer exist is checked per review.
    ///
    /// # Errors
    /// Every error finding, one `id: message` per line.
    pub fn check_settings(settings: &Settings) -> Result<Vec<String>, String> {
        if settings.trust_settings.is_none() {
            return Ok(Vec::new());
        }
        let mut options = CheckOptions::new(now());
        options.trust_settings.clone_from(&settings.trust_settings);
        options.namespace.clone_from(&settings.namespace);
        options
            .cluster_resource_namespace
            .clone_from(&settings.cluster_resource_namespace);
        // No objects: only the settings' own syntax can be judged here.
        options.offline = true;
        let report = kubernetes::check_objects(&[], &options).map_err(|e| e.to_string())?;
        let relevant: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.object.is_none())
            .collect();
        let errors: Vec<&Finding> = relevant
            .iter()
            .copied()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        if errors.is_empty() {
            Ok(relevant.iter().map(|f| line(f)).collect())
        } else {
            Err(denial(&errors))
        }
    }

    /// True for `--offline`.
    pub fn is_offline(&self) -> bool {
        self.cluster.is_none()
    }

    fn options(&self) -> CheckOptions {
        let mut options = CheckOptions::new(now());
        options
            .trust_settings
            .clone_from(&self.settings.trust_settings);
        options.namespace.clone_from(&self.settings.namespace);
        options
            .cluster_resource_namespace
            .clone_from(&self.settings.cluster_resource_namespace);
        // Offline, nothing is fetched: absent references are unknown.
        // Online, the cluster is the whole truth: what it lacks is missing.
        options.offline = self.cluster.is_none();
        options.complete = self.cluster.is_some();
        options
    }

    /// Parses `body` and answers it.
    ///
    /// # Errors
    /// The body is not an `admission.k8s.io/v1` AdmissionReview (HTTP 400).
    pub async fn handle(&self, body: &[u8]) -> Result<AdmissionReview<DynamicObject>, BadRequest> {
        let started = Instant::now();
        let review: ReviewIn = serde_json::from_slice(body).map_err(BadRequest::Json)?;
        if review.api_version != "admission.k8s.io/v1" {
            return Err(BadRequest::ApiVersion(review.api_version));
        }
        if review.kind != "AdmissionReview" {
            return Err(BadRequest::Kind(review.kind));
        }
        let types = kube::core::TypeMeta {
            api_version: review.api_version,
            kind: review.kind,
        };
        let (request, object) = review
            .request
            .ok_or(BadRequest::NoRequest)?
            .into_parts(types);
        let (response, outcome) = self.answer(&request, object).await;
        let elapsed = started.elapsed();
        self.log(&request, &response, &outcome, elapsed);
        self.metrics
            .record(&request.kind.kind, outcome.verdict, elapsed);
        Ok(response.into_review())
    }

    fn log(
        &self,
        request: &AdmissionRequest<DynamicObject>,
        response: &AdmissionResponse,
        outcome: &Outcome,
        elapsed: Duration,
    ) {
        // Names and finding ids only: never an object body (Secrets hold keys).
        // Every field from the request is clipped and the ids bounded, so a
        // line's size never follows the request's.
        let (ids, omitted) = bounded(&outcome.ids, SHOWN_FINDINGS);
        tracing::info!(
            uid = %clip(&request.uid, MAX_LOGGED_FIELD_BYTES),
            operation = ?request.operation,
            kind = %clip(&request.kind.kind, MAX_LOGGED_FIELD_BYTES),
            namespace = %clip(request.namespace.as_deref().unwrap_or(""), MAX_LOGGED_FIELD_BYTES),
            name = %clip(&request.name, MAX_LOGGED_FIELD_BYTES),
            dry_run = request.dry_run,
            verdict = outcome.verdict,
            allowed = response.allowed,
            findings = ?ids,
            findings_not_logged = omitted,
            micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            "review"
        );
    }

    async fn answer(
        &self,
        request: &AdmissionRequest<DynamicObject>,
        object: Option<serde_json::Map<String, serde_json::Value>>,
    ) -> (AdmissionResponse, Outcome) {
        let response = AdmissionResponse::from(request);
        let skip = |verdict| {
            (
                AdmissionResponse::from(request),
                Outcome {
                    verdict,
                    ids: Vec::new(),
                },
            )
        };
        if !matches!(request.operation, Operation::Create | Operation::Update) {
            return skip("skipped");
        }
        let Some(object) = object else {
            return skip("skipped");
        };
        let options = self.options();
        // Namespaced objects come with their namespace in the request;
        // the core puts one without any into `default`.
        let mut object = serde_json::Value::Object(object);
        if object["metadata"]["namespace"].is_null()
            && let (Some(namespace), Some(metadata)) = (
                request.namespace.as_deref(),
                object.get_mut("metadata").and_then(|m| m.as_object_mut()),
            )
        {
            metadata.insert("namespace".into(), namespace.into());
        }
        // One parse: whether to review, and what to look up first.
        let plan = kubernetes::plan(&object, &options);
        // The plan holds the parsed object (and a copy of the few objects
        // the OPC UA checks read raw): the value is no longer needed.
        drop(object);
        if plan.decision == Decision::Skip {
            return skip("not_reviewed");
        }
        let mut cluster_objects = Vec::new();
        let mut extra_warnings = Vec::new();
        if let Some(cluster) = &self.cluster {
            match cluster.fetch_for(&plan).await {
                Ok(found) => cluster_objects = found,
                Err(e) => {
                    if plan.decision == Decision::ReviewIfUsed {
                        // Whether it is a CA Secret at all is unknown.
                        return match self.lookup_failed(response, e, &mut extra_warnings) {
                            Some(denied) => denied,
                            None => (
                                AdmissionResponse::from(request).tap_warnings(extra_warnings),
                                Outcome {
                                    verdict: "allowed",
                                    ids: vec![LOOKUP.id],
                                },
                            ),
                        };
                    }
                    if let Some(denied) =
                        self.lookup_failed(AdmissionResponse::from(request), e, &mut extra_warnings)
                    {
                        return denied;
                    }
                }
            }
        }
        if !plan.is_reviewed(&cluster_objects) {
            return skip("not_reviewed");
        }
        let response = AdmissionResponse::from(request);
        let result = catch_unwind(AssertUnwindSafe(|| {
            let cache = &self.bundle_cache;
            plan.into_review_reading(&cluster_objects, &options, &|value| cache.read(value))
        }));
        match result {
            Ok(Ok(report)) => render(response, &report, extra_warnings),
            Ok(Err(e)) => (
                response.deny(format!("{}: {e}", UNUSABLE.id)),
                Outcome {
                    verdict: "denied",
                    ids: vec![UNUSABLE.id],
                },
            ),
            Err(_) => {
                tracing::error!(uid = %clip(&request.uid, MAX_LOGGED_FIELD_BYTES), kind = %clip(&request.kind.kind, MAX_LOGGED_FIELD_BYTES), name = %clip(&request.name, MAX_LOGGED_FIELD_BYTES), "review panicked; denying");
                (
                    response.deny(format!("{}: the review failed unexpectedly; the object was not admitted (see the webhook's log)", INTERNAL.id)),
                    Outcome { verdict: "denied", ids: vec![INTERNAL.id] },
                )
            }
        }
    }

    /// Applies `--lookup-failure`: `Some(denial)`, or `None` after adding a warning.
    fn lookup_failed(
        &self,
        response: AdmissionResponse,
        error: crate::lookup::LookupError,
        warnings: &mut Vec<String>,
    ) -> Option<(AdmissionResponse, Outcome)> {
        tracing::warn!(error = %error, "cluster lookup failed");
        match self.settings.lookup_failure {
            LookupFailure::Deny => Some((
                response.deny(format!(
                    "{}: {error}; cross-object checks could not run (webhook --lookup-failure=deny)", LOOKUP.id
                )),
                Outcome { verdict: "denied", ids: vec![LOOKUP.id] },
            )),
            LookupFailure::Allow => {
                warnings.push(format!("{}: {error}; checked on its own", LOOKUP.id));
                None
            }
        }
    }
}

/// An `admission.k8s.io/v1` AdmissionReview as this webhook reads it.
/// kube's `AdmissionReview` flattens its type fields, which makes serde
/// buffer the whole body before reading it, and parses `object` and
/// `oldObject` into typed objects that would be encoded back for the core.
/// Here the body is read once: `object` stays the JSON map the API server
/// sent (the core parses it once, `kubernetes::plan`) and `oldObject`, which
/// no rule reads, is skipped unstored (an UPDATE carries both).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReviewIn {
    api_version: String,
    kind: String,
    request: Option<RequestIn>,
}

/// kube's `AdmissionRequest` fields (the same names, types and defaults),
/// with the object left as JSON and the old object unread.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestIn {
    uid: String,
    kind: kube::core::GroupVersionKind,
    resource: kube::core::GroupVersionResource,
    #[serde(default)]
    sub_resource: Option<String>,
    #[serde(default)]
    request_kind: Option<kube::core::GroupVersionKind>,
    #[serde(default)]
    request_resource: Option<kube::core::GroupVersionResource>,
    #[serde(default)]
    request_sub_resource: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    namespace: Option<String>,
    operation: Operation,
    user_info: k8s_openapi::api::authentication::v1::UserInfo,
    object: Option<serde_json::Map<String, serde_json::Value>>,
    // Read past, never stored: no rule compares with the old object.
    #[serde(default, rename = "oldObject")]
    _old_object: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    options: Option<k8s_openapi::apimachinery::pkg::runtime::RawExtension>,
}

impl RequestIn {
    /// The request as kube's type (for the response and the log), without
    /// its objects, and the object.
    fn into_parts(
        self,
        types: kube::core::TypeMeta,
    ) -> (
        AdmissionRequest<DynamicObject>,
        Option<serde_json::Map<String, serde_json::Value>>,
    ) {
        let request = AdmissionRequest {
            types,
            uid: self.uid,
            kind: self.kind,
            resource: self.resource,
            sub_resource: self.sub_resource,
            request_kind: self.request_kind,
            request_resource: self.request_resource,
            request_sub_resource: self.request_sub_resource,
            name: self.name,
            namespace: self.namespace,
            operation: self.operation,
            user_info: self.user_info,
            object: None,
            old_object: None,
            dry_run: self.dry_run,
            options: self.options,
        };
        (request, self.object)
    }
}

trait TapWarnings {
    fn tap_warnings(self, warnings: Vec<String>) -> Self;
}

impl TapWarnings for AdmissionResponse {
    fn tap_warnings(mut self, extra: Vec<String>) -> Self {
        if !extra.is_empty() {
            self.warnings = Some(warnings(&[], extra));
        }
        self
    }
}

/// Findings that only say a referenced object is absent from the snapshot
/// `review` was given. Offline the snapshot is empty by construction, so
/// they say nothing about the cluster and are left out.
/// The core's report as a response.
fn render(
    response: AdmissionResponse,
    report: &Report,
    extra_warnings: Vec<String>,
) -> (AdmissionResponse, Outcome) {
    let findings: Vec<&Finding> = report.findings.iter().collect();
    let of = |severity| {
        findings
            .iter()
            .copied()
            .filter(move |f: &&Finding| f.severity == severity)
    };
    let errors: Vec<&Finding> = of(Severity::Error).collect();
    let mut notes: Vec<&Finding> = of(Severity::Warning).collect();
    notes.extend(of(Severity::Info));
    let ids = findings.iter().map(|f| f.id()).collect();
    let valid = report.valid;
    let mut response = response;
    let warnings = warnings(&notes, extra_warnings);
    if !warnings.is_empty() {
        response.warnings = Some(warnings);
    }
    if errors.is_empty() && valid {
        (
            response,
            Outcome {
                verdict: "allowed",
                ids,
            },
        )
    } else if errors.is_empty() {
        // Not valid without an error finding (e.g. verify found no path):
        // never admit what the core calls invalid.
        (
            response.deny("certgate.invalid: the object did not pass certgate's checks"),
            Outcome {
                verdict: "denied",
                ids,
            },
        )
    } else {
        (
            response.deny(denial(&errors)),
            Outcome {
                verdict: "denied",
                ids,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_on_char_boundaries() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        let long = "é".repeat(200);
        let cut = truncate(&long, MAX_WARNING_CHARS);
        assert_eq!(cut.chars().count(), MAX_WARNING_CHARS);
        assert!(cut.ends_with('…'));
    }
}
