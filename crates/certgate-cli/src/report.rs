//! The report of one command, as JSON or as text for people.

use core::fmt::Write as _;

use certgate_core::ObjectCheck;
use certgate_core::client::Client;
use certgate_core::opcua::ServerVerdict;
use certgate_core::{CertificateView, Finding, Report, ReportCertificate, Severity, UnixTime};
use serde_json::Value;

use crate::inputs::Inputs;

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

struct Paint {
    colour: bool,
}

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("{code}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }
}

/// JSON and text renderings of a core [`Report`].
pub trait Render {
    /// The report as JSON, with the inputs' `notes` and `skipped` when there are any.
    fn to_json(&self, inputs: &Inputs) -> String {
        self.to_json_with(inputs, None)
    }
    /// The same, with the OPC UA connector's verdict as `opcua` when given.
    fn to_json_with(&self, inputs: &Inputs, verdict: Option<&ServerVerdict>) -> String;
    /// The report as text; `detailed` prints a full block per certificate;
    /// `unreadable` inputs are counted in the verdict.
    fn to_text(&self, now: UnixTime, colour: bool, detailed: bool, unreadable: usize) -> String;
}

impl Render for Report {
    fn to_json_with(&self, inputs: &Inputs, verdict: Option<&ServerVerdict>) -> String {
        let rendered = serde_json::to_value(self).and_then(|mut value| {
            // Only when there are any: the npm package's reports (compared
            // field for field with these) have no such keys yet.
            if let Value::Object(map) = &mut value {
                if inputs.manifests && !map.contains_key("objects") {
                    // No object was read: say so with an empty list.
                    map.insert("objects".into(), Value::Array(Vec::new()));
                }
                if !inputs.notes.is_empty() {
                    map.insert("notes".into(), serde_json::to_value(&inputs.notes)?);
                }
                if !inputs.skipped.is_empty() {
                    map.insert("skipped".into(), serde_json::to_value(&inputs.skipped)?);
                }
                if let Some(verdict) = verdict {
                    map.insert("opcua".into(), serde_json::to_value(verdict)?);
                }
            }
            serde_json::to_string_pretty(&value)
        });
        match rendered {
            Ok(mut text) => {
                text.push('\n');
                text
            }
            // Serializing plain data cannot fail; stay total anyway.
            Err(error) => format!("{{\"valid\": false, \"error\": {:?}}}\n", error.to_string()),
        }
    }

    fn to_text(&self, now: UnixTime, colour: bool, detailed: bool, unreadable: usize) -> String {
        let paint = Paint { colour };
        let mut out = String::new();
        if detailed {
            for certificate in &self.certificates {
                write_certificate(&mut out, certificate, now, &paint);
                out.push('\n');
            }
        } else if !self.certificates.is_empty() {
            let _ = writeln!(out, "{}", paint.paint(BOLD, "Certificates"));
            for certificate in &self.certificates {
                let anchor = if certificate.trust_anchor {
                    ", trust anchor"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "  [{}] {} ({}{anchor}; {})",
                    certificate.index,
                    certificate.view.subject,
                    certificate.source,
                    validity_text(certificate.not_before, certificate.not_after, now)
                );
            }
            out.push('\n');
        }
        if !self.checked.is_empty() {
            write_checked(&mut out, &self.checked, &paint);
        }
        if let Some(path) = &self.path {
            let complete = self.complete.unwrap_or(false);
            let steps: Vec<String> = path
                .iter()
                .map(|index| {
                    let subject = self
                        .certificates
                        .get(*index)
                        .map_or("?", |certificate| certificate.view.subject.as_str());
                    format!("[{index}] {subject}")
                })
                .collect();
            let _ = writeln!(
                out,
                "{} ({})",
                paint.paint(BOLD, "Path"),
                if complete {
                    "ends in a trust anchor"
                } else {
                    "incomplete: no trust anchor reached"
                }
            );
            if steps.is_empty() {
                out.push_str("  (none)\n");
            }
            for step in steps {
                let _ = writeln!(out, "  {step}");
            }
            out.push('\n');
        }
        let mut errors = 0;
        let mut warnings = 0;
        for (severity, title, code) in [
            (Severity::Error, "Errors", RED),
            (Severity::Warning, "Warnings", YELLOW),
            (Severity::Info, "Info", CYAN),
        ] {
            let group: Vec<&Finding> = self
                .findings
                .iter()
                .filter(|finding| finding.severity == severity)
                .collect();
            // A summary counts the findings it stands for (see
            // `certgate_core::MAX_FINDINGS_PER_RULE`).
            let count = group.iter().map(|finding| finding.count()).sum();
            match severity {
                Severity::Error => errors = count,
                Severity::Warning => warnings = count,
                _ => {}
            }
            if group.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{}", paint.paint(code, &format!("{title}:")));
            for finding in group {
                write_finding(&mut out, finding, &self.certificates);
            }
            out.push('\n');
        }
        if !self.clients.is_empty() {
            let _ = writeln!(out, "{}", paint.paint(BOLD, "Clients"));
            for answer in &self.clients {
                let verdict = if answer.accepts {
                    paint.paint(GREEN, "accepts")
                } else if answer.because.is_empty() {
                    paint.paint(RED, "rejects")
                } else {
                    paint.paint(RED, &format!("rejects: {}", answer.because.join(", ")))
                };
                let _ = writeln!(
                    out,
                    "  {:<8} {verdict}  ({})",
                    answer.client.name(),
                    answer.client.description()
                );
            }
            out.push('\n');
        }
        if self.valid {
            let _ = writeln!(out, "{}", paint.paint(GREEN, "valid"));
        } else {
            let mut verdict = format!(
                "invalid: {errors} error{}, {warnings} warning{}",
                plural(errors),
                plural(warnings)
            );
            if unreadable > 0 {
                let _ = write!(
                    verdict,
                    ", {unreadable} document{} not read",
                    plural(unreadable)
                );
            }
            let _ = writeln!(out, "{}", paint.paint(RED, &verdict));
        }
        out
    }
}

/// Each checked object with what it was checked as; skipped objects
/// grouped by reason (a cluster dump skips thousands), with a few names.
fn write_checked(out: &mut String, checked: &[ObjectCheck], paint: &Paint) {
    let _ = writeln!(out, "{}", paint.paint(BOLD, "Objects"));
    let mut skipped: Vec<(String, Vec<String>)> = Vec::new();
    for check in checked {
        if let Some(what) = &check.checked_as {
            let _ = writeln!(out, "  checked {} as {what}", check.object);
        } else if let Some(reason) = &check.skipped {
            let reason = format!("{}: {reason}", check.object.kind);
            match skipped.iter_mut().find(|(known, _)| *known == reason) {
                Some((_, names)) => names.push(check.object.to_string()),
                None => skipped.push((reason, vec![check.object.to_string()])),
            }
        }
    }
    for (reason, names) in skipped {
        let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
        let more = if names.len() > 3 {
            format!(", … {} more", names.len() - 3)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  skipped {} object{} ({reason}): {}{more}",
            names.len(),
            plural(names.len()),
            shown.join(", ")
        );
    }
    out.push('\n');
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn write_finding(out: &mut String, finding: &Finding, certificates: &[ReportCertificate]) {
    let mut place = Vec::new();
    if let Some(index) = finding.certificate {
        match certificates.get(index) {
            Some(certificate) => place.push(format!("cert {index} {}", certificate.view.subject)),
            None => place.push(format!("cert {index}")),
        }
    }
    if let Some(block) = finding.block {
        place.push(format!("block {block}"));
    }
    if let Some(object) = &finding.object {
        place.push(object.to_string());
    }
    if let Some(location) = &finding.location {
        match location.line {
            Some(line) => place.push(format!("{}:{line}", location.file)),
            None => place.push(location.file.clone()),
        }
    }
    if let Some(field) = &finding.field {
        place.push(field.clone());
    }
    if let Some(source) = &finding.source {
        place.push(source.clone());
    }
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" [{}]", place.join(", "))
    };
    let _ = writeln!(out, "  {}{place}: {}", finding.id(), finding.message);
    if !finding.rejected_by.is_empty() {
        let names: Vec<&str> = finding.rejected_by.iter().map(Client::name).collect();
        let _ = writeln!(out, "    rejected by: {}", names.join(", "));
    }
    if finding.severity != Severity::Info {
        let _ = writeln!(out, "    fix: {}", finding.rule.fix);
    }
}

fn write_certificate(
    out: &mut String,
    certificate: &ReportCertificate,
    now: UnixTime,
    paint: &Paint,
) {
    let view = &certificate.view;
    let mut heading = format!("Certificate {} ({}", certificate.index, certificate.source);
    if let Some(block) = certificate.block {
        let _ = write!(heading, ", block {block}");
    }
    heading.push(')');
    if certificate.trust_anchor {
        heading.push_str(" trust anchor");
    }
    let _ = writeln!(out, "{}", paint.paint(BOLD, &heading));
    let field = |out: &mut String, name: &str, value: &str| {
        let _ = writeln!(out, "  {:<20}{value}", format!("{name}:"));
    };
    field(out, "Subject", &view.subject);
    field(out, "Issuer", &view.issuer);
    field(out, "Serial", &view.serial);
    field(out, "Version", &view.version.to_string());
    field(out, "Not before", &view.not_before);
    field(out, "Not after", &view.not_after);
    field(
        out,
        "Validity",
        &validity_text(certificate.not_before, certificate.not_after, now),
    );
    field(out, "Public key", &key_text(view));
    field(out, "Signature", &view.signature_algorithm);
    if !view.extensions.is_empty() {
        let _ = writeln!(out, "  Extensions:");
        for extension in &view.extensions {
            let critical = if extension.critical {
                " (critical)"
            } else {
                ""
            };
            let _ = writeln!(out, "    {}{critical}:", extension.name);
            for line in extension.value.lines() {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    field(out, "SHA-256", &view.fingerprints.sha256);
    field(out, "SHA-1", &view.fingerprints.sha1);
}

fn key_text(view: &CertificateView) -> String {
    let key = &view.public_key;
    let mut text = key.algorithm.clone();
    if let Some(curve) = &key.curve {
        let _ = write!(text, " {curve}");
    }
    if let Some(bits) = key.bits {
        let _ = write!(text, " ({bits} bits)");
    }
    if let Some(exponent) = key.exponent {
        let _ = write!(text, ", exponent {exponent}");
    }
    if !key.valid {
        text.push_str(", does not decode");
    }
    text
}

const DAY: i64 = 86_400;

fn validity_text(not_before: UnixTime, not_after: UnixTime, now: UnixTime) -> String {
    let now = now.seconds();
    if now < not_before.seconds() {
        let days = (not_before.seconds() - now) / DAY;
        format!("not yet valid (starts in {days} days)")
    } else if now > not_after.seconds() {
        let days = (now - not_after.seconds()) / DAY;
        format!("expired {days} days ago")
    } else {
        let days = (not_after.seconds() - now) / DAY;
        format!("valid, {days} days left")
    }
}

/// `text` (a rendered report) with the OPC UA connector's verdict inserted
/// before its last line (the valid/invalid line).
pub fn with_verdict(text: &str, verdict: &ServerVerdict, report: &Report, colour: bool) -> String {
    let paint = Paint { colour };
    let mut section = String::new();
    let _ = writeln!(section, "{}", paint.paint(BOLD, "OPC UA connector"));
    let status = if verdict.accepted {
        paint.paint(GREEN, "accepts (Good)")
    } else {
        paint.paint(RED, &format!("rejects: {}", verdict.status))
    };
    let _ = writeln!(section, "  {status}");
    let _ = writeln!(section, "  {}", verdict.reason);
    for (position, element) in verdict.chain.iter().enumerate() {
        let source = report
            .certificates
            .get(element.certificate)
            .map_or("", |certificate| certificate.source.as_str());
        let _ = writeln!(
            section,
            "  {}[{}] {} ({}, {source})",
            "  ".repeat(position),
            element.certificate,
            element.subject,
            element.from
        );
    }
    section.push('\n');
    let body = text.trim_end_matches('\n');
    match body.rfind('\n') {
        Some(split) => format!("{}\n{section}{}\n", &body[..split], &body[split + 1..]),
        None => format!("{section}{body}\n"),
    }
}
