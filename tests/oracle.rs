//! Differential test against x509-parser (std-only, so a test oracle, not a
//! dependency of the core): every certificate in the limbo suite that
//! x509-parser parses, the core parses too, and the two agree on serial,
//! subject, issuer, validity, basicConstraints, keyUsage and subjectAltName.

use std::collections::BTreeSet;
use std::io::Read;

use certgate_core::Certificate;
use certgate_core::GeneralName;
use certgate_core::{ExtensionValue, KeyUsage};
use x509_parser::prelude::{FromDer, GeneralName as OracleName, X509Certificate};

fn limbo_certificates() -> BTreeSet<Vec<u8>> {
    let path = certgate_tests::limbo_path();
    let file = std::fs::File::open(&path).expect("limbo suite present");
    let mut json = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut json)
        .expect("decompresses");
    let suite: serde_json::Value = serde_json::from_str(&json).expect("json");
    let mut pems = BTreeSet::new();
    for case in suite["testcases"].as_array().expect("testcases") {
        let mut add = |value: &serde_json::Value| {
            if let Some(pem) = value.as_str() {
                pems.insert(pem.to_string());
            }
        };
        add(&case["peer_certificate"]);
        for key in ["trusted_certs", "untrusted_intermediates"] {
            for pem in case[key].as_array().expect("array") {
                add(pem);
            }
        }
    }
    pems.iter()
        .filter_map(|pem| certgate_core::decode(pem.as_bytes()).ok())
        .flat_map(|decoded| {
            decoded
                .certificates()
                .map(|(_, der)| der.to_vec())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn oracle_names(names: &[OracleName<'_>]) -> Vec<String> {
    names
        .iter()
        .filter_map(|name| match name {
            OracleName::DNSName(dns) => Some(format!("DNS:{dns}")),
            OracleName::RFC822Name(email) => Some(format!("email:{email}")),
            OracleName::URI(uri) => Some(format!("URI:{uri}")),
            OracleName::IPAddress(ip) => Some(format!("IP:{}", certgate_core::ip_text(ip))),
            _ => None,
        })
        .collect()
}

#[test]
fn core_agrees_with_x509_parser_on_every_limbo_certificate() {
    let certificates = limbo_certificates();
    assert!(
        certificates.len() > 1000,
        "suite has {} certificates",
        certificates.len()
    );
    let (mut compared, mut refused_by_both, mut stricter, mut mismatches) = (0, 0, 0, Vec::new());
    for der in &certificates {
        let Ok((_, oracle)) = X509Certificate::from_der(der) else {
            refused_by_both += usize::from(Certificate::from_der(der).is_err());
            continue;
        };
        let ours = match Certificate::from_der(der) {
            Ok(ours) => ours,
            Err(error) => {
                mismatches.push(format!("{}: core refused: {error}", oracle.subject()));
                continue;
            }
        };
        compared += 1;
        let mut check = |what: &str, equal: bool| {
            if !equal {
                mismatches.push(format!("{}: {what} differs", oracle.subject()));
            }
        };
        check("serial", oracle.raw_serial() == ours.serial.as_slice());
        check(
            "subject",
            oracle.subject().as_raw() == ours.subject.der.as_slice(),
        );
        check(
            "issuer",
            oracle.issuer().as_raw() == ours.issuer.der.as_slice(),
        );
        check(
            "notBefore",
            oracle.validity().not_before.timestamp() == ours.validity.not_before.seconds(),
        );
        check(
            "notAfter",
            oracle.validity().not_after.timestamp() == ours.validity.not_after.seconds(),
        );
        if let Ok(constraints) = oracle.basic_constraints() {
            let theirs = constraints.map(|c| (c.value.ca, c.value.path_len_constraint));
            let mine = ours
                .basic_constraints()
                .map(|c| (c.ca, c.path_len.map(u32::from)));
            check("basicConstraints", theirs == mine);
        }
        if let Ok(usage) = oracle.key_usage() {
            check(
                "keyUsage",
                usage.map(|u| u.value.flags) == ours.key_usage().map(|KeyUsage(bits)| bits),
            );
        }
        // Where x509-parser tolerates an invalid GeneralName (an unknown
        // tag, a non-ASCII IA5String) the core reports the extension as
        // `cert.extension_malformed` instead: counted, not compared.
        let san = ours.extension(certgate_core::oid::SUBJECT_ALT_NAME);
        if san.is_some_and(|e| matches!(e.value, ExtensionValue::Malformed(_))) {
            stricter += 1;
        } else if let Ok(names) = oracle.subject_alternative_name() {
            let theirs = names.map(|n| oracle_names(&n.value.general_names));
            let mine = ours.subject_alt_names().map(|names| {
                names
                    .iter()
                    .filter(|name| {
                        matches!(
                            name,
                            GeneralName::Dns(_)
                                | GeneralName::Email(_)
                                | GeneralName::Uri(_)
                                | GeneralName::Ip(_)
                        )
                    })
                    .map(GeneralName::to_text)
                    .collect::<Vec<_>>()
            });
            check("subjectAltName", theirs == mine);
        }
    }
    println!(
        "{} certificates: {compared} compared, {refused_by_both} refused by both, \
         {stricter} with a subjectAltName only the core calls malformed, {} mismatches",
        certificates.len(),
        mismatches.len()
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
