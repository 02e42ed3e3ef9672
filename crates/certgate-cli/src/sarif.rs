//! `--format sarif`: the report as SARIF 2.1.0, the format GitHub code
//! scanning (and most CI annotators) read. One rule per finding id, with
//! the catalogue's description and fix hint; one result per finding, at the
//! file and line of its object (or its input file). A summary finding (the
//! findings of a rule past `certgate_core::MAX_FINDINGS_PER_RULE`) is one
//! result whose message gives the count, also in `properties.omitted`.

use certgate_core::{Finding, Report, Severity};
use serde_json::{Value, json};

use crate::inputs::{Inputs, STDIN_NAME};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "note",
    }
}

/// A file name as a SARIF artifact URI: relative paths stay relative (to
/// the repository root the CI runs in), separators become `/`.
fn uri(file: &str) -> String {
    if file == STDIN_NAME {
        return "stdin".to_owned();
    }
    let path = file.replace('\\', "/");
    path.strip_prefix("./").unwrap_or(&path).to_owned()
}

/// Where a finding is: its object's file and line; else the input it came
/// from; else the first file read (code scanning needs a location).
fn location(finding: &Finding, report: &Report, fallback: Option<&str>) -> Value {
    let (file, line) = match &finding.location {
        Some(location) => (Some(location.file.clone()), location.line),
        None => {
            let source = finding.source.clone().or_else(|| {
                finding
                    .certificate
                    .and_then(|index| report.certificates.get(index))
                    .map(|certificate| certificate.source.clone())
            });
            (source.or_else(|| fallback.map(str::to_owned)), None)
        }
    };
    let mut physical = json!({
        "artifactLocation": {"uri": uri(file.as_deref().unwrap_or(STDIN_NAME))},
        "region": {"startLine": line.unwrap_or(1)},
    });
    if file.is_none() {
        physical["artifactLocation"]["uri"] = json!("certgate");
    }
    let mut location = json!({"physicalLocation": physical});
    let mut logical = Vec::new();
    if let Some(object) = &finding.object {
        logical.push(json!({"fullyQualifiedName": object.to_string(), "kind": "object"}));
    }
    if let Some(field) = &finding.field {
        logical.push(json!({"name": field, "kind": "member"}));
    }
    if !logical.is_empty() {
        location["logicalLocations"] = Value::Array(logical);
    }
    location
}

/// The report as one SARIF 2.1.0 log.
pub fn to_sarif(report: &Report, inputs: &Inputs) -> String {
    let mut rules: Vec<&'static certgate_core::catalogue::Rule> = Vec::new();
    for finding in &report.findings {
        if !rules.iter().any(|rule| rule.id == finding.rule.id) {
            rules.push(finding.rule);
        }
    }
    let fallback = report
        .findings
        .iter()
        .find_map(|finding| finding.location.as_ref().map(|l| l.file.clone()))
        .or_else(|| inputs.skipped.first().map(|skip| skip.source.clone()));
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let index = rules
                .iter()
                .position(|rule| rule.id == finding.rule.id)
                .unwrap_or(0);
            let mut text = finding.message.clone();
            if let Some(object) = &finding.object {
                text = format!("{object}: {text}");
            }
            let mut result = json!({
                "ruleId": finding.rule.id,
                "ruleIndex": index,
                "level": level(finding.severity),
                "message": {"text": text},
                "locations": [location(finding, report, fallback.as_deref())],
            });
            // A summary is one result; its message says how many it counts.
            if finding.omitted > 0 {
                result["properties"] = json!({"omitted": finding.omitted});
            }
            result
        })
        .collect();
    let rules: Vec<Value> = rules
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.id,
                "shortDescription": {"text": rule.description},
                "fullDescription": {"text": format!("{} ({})", rule.description, rule.reference)},
                "help": {"text": rule.fix, "markdown": format!("**Fix:** {}", rule.fix)},
                "defaultConfiguration": {"level": level(rule.severity)},
                "properties": {"tags": [rule.id.split('.').next().unwrap_or(rule.id)]},
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "certgate",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}
