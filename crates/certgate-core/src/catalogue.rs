//! The catalogue of finding ids: the single list the docs, the JSON and
//! `shared/spec/findings.tsv` are checked against. Ids are a contract with
//! users' scripts: never rename one, only add.

use crate::finding::Severity;

/// One rule: a stable id, its default severity, where it comes from and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Rule {
    /// Stable id, such as `cert.expired`.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// The standard or the tool whose behaviour the rule follows.
    pub reference: &'static str,
    /// One line saying when the rule fires.
    pub description: &'static str,
}

/// `cert.version_not_v3`: certificate is not X.509 v3 (v1/v2, or extensions in <v3).
pub const CERT_VERSION_NOT_V3: Rule = Rule {
    id: "cert.version_not_v3",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.1; BR 7.1.1",
    description: "certificate is not X.509 v3 (v1/v2, or extensions in <v3)",
};

/// `cert.serial_not_positive`: serial number is zero or negative.
pub const CERT_SERIAL_NOT_POSITIVE: Rule = Rule {
    id: "cert.serial_not_positive",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.2",
    description: "serial number is zero or negative",
};

/// `cert.serial_too_long`: serial number longer than 20 octets.
pub const CERT_SERIAL_TOO_LONG: Rule = Rule {
    id: "cert.serial_too_long",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.2",
    description: "serial number longer than 20 octets",
};

/// `cert.sig_alg_mismatch`: tbsCertificate.signature != signatureAlgorithm.
pub const CERT_SIG_ALG_MISMATCH: Rule = Rule {
    id: "cert.sig_alg_mismatch",
    severity: Severity::Error,
    reference: "RFC5280 4.1.1.2",
    description: "tbsCertificate.signature != signatureAlgorithm",
};

/// `cert.weak_signature_alg`: signature uses MD5/SHA-1 (or other disallowed algorithm).
pub const CERT_WEAK_SIGNATURE_ALG: Rule = Rule {
    id: "cert.weak_signature_alg",
    severity: Severity::Error,
    reference: "BR 7.1.3.2",
    description: "signature uses MD5/SHA-1 (or other disallowed algorithm)",
};

/// `cert.weak_key`: RSA modulus under 2048 bits, an EC curve other than P-256/P-384/P-521, or a bad RSA exponent (Ed25519 and Ed448 keys are fine).
pub const CERT_WEAK_KEY: Rule = Rule {
    id: "cert.weak_key",
    severity: Severity::Error,
    reference: "BR 6.1.5",
    description: "RSA modulus under 2048 bits, an EC curve other than P-256/P-384/P-521, or a bad RSA exponent (Ed25519 and Ed448 keys are fine)",
};

/// `cert.validity_negative`: notAfter earlier than notBefore.
pub const CERT_VALIDITY_NEGATIVE: Rule = Rule {
    id: "cert.validity_negative",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.5",
    description: "notAfter earlier than notBefore",
};

/// `cert.time_encoding`: UTCTime/GeneralizedTime choice or format wrong (pre-2050 as GeneralizedTime, no Z, no seconds).
pub const CERT_TIME_ENCODING: Rule = Rule {
    id: "cert.time_encoding",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.5.1/.2",
    description: "UTCTime/GeneralizedTime choice or format wrong (pre-2050 as GeneralizedTime, no Z, no seconds)",
};

/// `cert.unique_identifier_present`: issuerUniqueID/subjectUniqueID present.
pub const CERT_UNIQUE_IDENTIFIER_PRESENT: Rule = Rule {
    id: "cert.unique_identifier_present",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.8",
    description: "issuerUniqueID/subjectUniqueID present",
};

/// `cert.duplicate_extension`: same extension OID appears twice.
pub const CERT_DUPLICATE_EXTENSION: Rule = Rule {
    id: "cert.duplicate_extension",
    severity: Severity::Error,
    reference: "RFC5280 4.2",
    description: "same extension OID appears twice",
};

/// `cert.unknown_critical_extension`: critical extension the validator does not understand (path validation must reject).
pub const CERT_UNKNOWN_CRITICAL_EXTENSION: Rule = Rule {
    id: "cert.unknown_critical_extension",
    severity: Severity::Error,
    reference: "RFC5280 4.2",
    description: "critical extension the validator does not understand (path validation must reject)",
};

/// `cert.aki_missing`: non-self-signed cert lacks AKI (or AKI keyIdentifier).
pub const CERT_AKI_MISSING: Rule = Rule {
    id: "cert.aki_missing",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.1",
    description: "non-self-signed cert lacks AKI (or AKI keyIdentifier)",
};

/// `cert.aki_critical`: AKI marked critical.
pub const CERT_AKI_CRITICAL: Rule = Rule {
    id: "cert.aki_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.1",
    description: "AKI marked critical",
};

/// `cert.ski_critical`: SKI marked critical.
pub const CERT_SKI_CRITICAL: Rule = Rule {
    id: "cert.ski_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.2",
    description: "SKI marked critical",
};

/// `cert.ku_empty`: keyUsage present with no bits set.
pub const CERT_KU_EMPTY: Rule = Rule {
    id: "cert.ku_empty",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.3",
    description: "keyUsage present with no bits set",
};

/// `cert.expired`: now > notAfter (evaluation-time check).
pub const CERT_EXPIRED: Rule = Rule {
    id: "cert.expired",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(a)(2)",
    description: "now > notAfter (evaluation-time check)",
};

/// `cert.not_yet_valid`: now < notBefore.
pub const CERT_NOT_YET_VALID: Rule = Rule {
    id: "cert.not_yet_valid",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(a)(2)",
    description: "now < notBefore",
};

/// `cert.expires_soon`: notAfter within N days (default 30).
pub const CERT_EXPIRES_SOON: Rule = Rule {
    id: "cert.expires_soon",
    severity: Severity::Warning,
    reference: "operational",
    description: "notAfter within N days (default 30)",
};

/// `ca.bc_missing`: cert asserts keyCertSign / is used as CA but has no basicConstraints.
pub const CA_BC_MISSING: Rule = Rule {
    id: "ca.bc_missing",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.9, 6.1.4(k)",
    description: "cert asserts keyCertSign / is used as CA but has no basicConstraints",
};

/// `ca.bc_not_critical`: CA basicConstraints not critical.
pub const CA_BC_NOT_CRITICAL: Rule = Rule {
    id: "ca.bc_not_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.9",
    description: "CA basicConstraints not critical",
};

/// `ca.ku_missing`: CA cert without keyUsage.
pub const CA_KU_MISSING: Rule = Rule {
    id: "ca.ku_missing",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.3; BR 7.1.2.1.2",
    description: "CA cert without keyUsage",
};

/// `ca.ku_no_keycertsign`: cA=TRUE but keyUsage lacks keyCertSign.
pub const CA_KU_NO_KEYCERTSIGN: Rule = Rule {
    id: "ca.ku_no_keycertsign",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.9; BR 7.1.2.10.7",
    description: "cA=TRUE but keyUsage lacks keyCertSign",
};

/// `ca.ku_not_critical`: CA keyUsage not critical.
pub const CA_KU_NOT_CRITICAL: Rule = Rule {
    id: "ca.ku_not_critical",
    severity: Severity::Warning,
    reference: "RFC5280 4.2.1.3 (SHOULD); BR MUST",
    description: "CA keyUsage not critical",
};

/// `ca.ski_missing`: CA cert without subjectKeyIdentifier.
pub const CA_SKI_MISSING: Rule = Rule {
    id: "ca.ski_missing",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.2",
    description: "CA cert without subjectKeyIdentifier",
};

/// `ca.subject_empty`: CA cert with empty subject DN.
pub const CA_SUBJECT_EMPTY: Rule = Rule {
    id: "ca.subject_empty",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.6",
    description: "CA cert with empty subject DN",
};

/// `ca.keycertsign_without_ca`: keyCertSign asserted while cA=FALSE.
pub const CA_KEYCERTSIGN_WITHOUT_CA: Rule = Rule {
    id: "ca.keycertsign_without_ca",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.3",
    description: "keyCertSign asserted while cA=FALSE",
};

/// `ca.pathlen_without_ca`: pathLenConstraint present but cA=FALSE or no keyCertSign.
pub const CA_PATHLEN_WITHOUT_CA: Rule = Rule {
    id: "ca.pathlen_without_ca",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.9",
    description: "pathLenConstraint present but cA=FALSE or no keyCertSign",
};

/// `ca.root_pathlen_present`: root CA carries pathLenConstraint (BR SHOULD NOT).
pub const CA_ROOT_PATHLEN_PRESENT: Rule = Rule {
    id: "ca.root_pathlen_present",
    severity: Severity::Info,
    reference: "BR 7.1.2.1.4",
    description: "root CA carries pathLenConstraint (BR SHOULD NOT)",
};

/// `ca.root_eku_present`: root CA carries extendedKeyUsage.
pub const CA_ROOT_EKU_PRESENT: Rule = Rule {
    id: "ca.root_eku_present",
    severity: Severity::Warning,
    reference: "BR 7.1.2.1.2",
    description: "root CA carries extendedKeyUsage",
};

/// `ca.eku_any`: CA cert asserts anyExtendedKeyUsage.
pub const CA_EKU_ANY: Rule = Rule {
    id: "ca.eku_any",
    severity: Severity::Warning,
    reference: "BR 7.1.2.10.6; Mozilla 5.3",
    description: "CA cert asserts anyExtendedKeyUsage",
};

/// `ca.nc_not_critical`: nameConstraints not critical.
pub const CA_NC_NOT_CRITICAL: Rule = Rule {
    id: "ca.nc_not_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10",
    description: "nameConstraints not critical",
};

/// `ca.nc_in_non_ca`: nameConstraints in a non-CA cert.
pub const CA_NC_IN_NON_CA: Rule = Rule {
    id: "ca.nc_in_non_ca",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10",
    description: "nameConstraints in a non-CA cert",
};

/// `ca.nc_empty`: nameConstraints with neither permitted nor excluded subtrees.
pub const CA_NC_EMPTY: Rule = Rule {
    id: "ca.nc_empty",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10",
    description: "nameConstraints with neither permitted nor excluded subtrees",
};

/// `ca.self_signature_invalid`: self-signed cert whose signature does not verify with its own key.
pub const CA_SELF_SIGNATURE_INVALID: Rule = Rule {
    id: "ca.self_signature_invalid",
    severity: Severity::Warning,
    reference: "RFC5280 6.1.1(d) (TA sig not checked)",
    description: "self-signed cert whose signature does not verify with its own key",
};

/// `chain.issuer_not_found`: no supplied/bundled cert whose subject (and SKI) matches issuer (and AKI).
pub const CHAIN_ISSUER_NOT_FOUND: Rule = Rule {
    id: "chain.issuer_not_found",
    severity: Severity::Error,
    reference: "RFC5280 6.1",
    description: "no supplied/bundled cert whose subject (and SKI) matches issuer (and AKI)",
};

/// `chain.signature_invalid`: signature does not verify with issuer public key.
pub const CHAIN_SIGNATURE_INVALID: Rule = Rule {
    id: "chain.signature_invalid",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(a)(1)",
    description: "signature does not verify with issuer public key",
};

/// `chain.aki_ski_mismatch`: AKI keyIdentifier != issuer SKI (OpenSSL then cannot find the issuer).
pub const CHAIN_AKI_SKI_MISMATCH: Rule = Rule {
    id: "chain.aki_ski_mismatch",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.1; OpenSSL issuer matching",
    description: "AKI keyIdentifier != issuer SKI (OpenSSL then cannot find the issuer)",
};

/// `chain.issuer_not_ca`: issuer lacks basicConstraints cA=TRUE (leaf used as CA).
pub const CHAIN_ISSUER_NOT_CA: Rule = Rule {
    id: "chain.issuer_not_ca",
    severity: Severity::Error,
    reference: "RFC5280 6.1.4(k)",
    description: "issuer lacks basicConstraints cA=TRUE (leaf used as CA)",
};

/// `chain.issuer_no_keycertsign`: issuer keyUsage present without keyCertSign.
pub const CHAIN_ISSUER_NO_KEYCERTSIGN: Rule = Rule {
    id: "chain.issuer_no_keycertsign",
    severity: Severity::Error,
    reference: "RFC5280 6.1.4(n)",
    description: "issuer keyUsage present without keyCertSign",
};

/// `chain.pathlen_exceeded`: more non-self-issued intermediates than an ancestor's pathLenConstraint allows.
pub const CHAIN_PATHLEN_EXCEEDED: Rule = Rule {
    id: "chain.pathlen_exceeded",
    severity: Severity::Error,
    reference: "RFC5280 6.1.4(l)/(m)",
    description: "more non-self-issued intermediates than an ancestor's pathLenConstraint allows",
};

/// `chain.subca_under_pathlen_zero`: CA with pathLen=0 issued a cA=TRUE cert (unusable sub-CA).
pub const CHAIN_SUBCA_UNDER_PATHLEN_ZERO: Rule = Rule {
    id: "chain.subca_under_pathlen_zero",
    severity: Severity::Warning,
    reference: "RFC5280 4.2.1.9 (policy)",
    description: "CA with pathLen=0 issued a cA=TRUE cert (unusable sub-CA)",
};

/// `chain.name_constraints_violated`: subject DN/SAN outside permitted or inside excluded subtrees.
pub const CHAIN_NAME_CONSTRAINTS_VIOLATED: Rule = Rule {
    id: "chain.name_constraints_violated",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(b)(c)",
    description: "subject DN/SAN outside permitted or inside excluded subtrees",
};

/// `chain.validity_outside_issuer`: cert validity extends beyond its issuer's validity.
pub const CHAIN_VALIDITY_OUTSIDE_ISSUER: Rule = Rule {
    id: "chain.validity_outside_issuer",
    severity: Severity::Warning,
    reference: "operational",
    description: "cert validity extends beyond its issuer's validity",
};

/// `chain.eku_not_permitted_by_issuer`: leaf EKU not allowed by an EKU-restricted intermediate.
pub const CHAIN_EKU_NOT_PERMITTED_BY_ISSUER: Rule = Rule {
    id: "chain.eku_not_permitted_by_issuer",
    severity: Severity::Warning,
    reference: "CABF/Mozilla EKU chaining (de facto)",
    description: "leaf EKU not allowed by an EKU-restricted intermediate",
};

/// `leaf.san_missing`: TLS leaf without subjectAltName.
pub const LEAF_SAN_MISSING: Rule = Rule {
    id: "leaf.san_missing",
    severity: Severity::Warning,
    reference: "BR 7.1.2.7.12; RFC 6125",
    description: "TLS leaf without subjectAltName",
};

/// `leaf.validity_too_long`: TLS leaf validity exceeds configured maximum.
pub const LEAF_VALIDITY_TOO_LONG: Rule = Rule {
    id: "leaf.validity_too_long",
    severity: Severity::Warning,
    reference: "BR 6.3.2 (398d; 200d from 2026-03-15)",
    description: "TLS leaf validity exceeds configured maximum",
};

/// `bundle.parse_error`: undecodable PEM block / DER in bundle.
pub const BUNDLE_PARSE_ERROR: Rule = Rule {
    id: "bundle.parse_error",
    severity: Severity::Error,
    reference: "operational",
    description: "undecodable PEM block / DER in bundle",
};

/// `bundle.empty`: bundle contains no certificate.
pub const BUNDLE_EMPTY: Rule = Rule {
    id: "bundle.empty",
    severity: Severity::Error,
    reference: "operational",
    description: "bundle contains no certificate",
};

/// `bundle.contains_private_key`: bundle contains a PRIVATE KEY (or other non-certificate) block.
pub const BUNDLE_CONTAINS_PRIVATE_KEY: Rule = Rule {
    id: "bundle.contains_private_key",
    severity: Severity::Error,
    reference: "operational",
    description: "bundle contains a PRIVATE KEY (or other non-certificate) block",
};

/// `bundle.non_ca_cert`: bundle member is not a CA (cA=FALSE / no keyCertSign).
pub const BUNDLE_NON_CA_CERT: Rule = Rule {
    id: "bundle.non_ca_cert",
    severity: Severity::Error,
    reference: "operational",
    description: "bundle member is not a CA (cA=FALSE / no keyCertSign)",
};

/// `bundle.duplicate_cert`: same certificate appears more than once.
pub const BUNDLE_DUPLICATE_CERT: Rule = Rule {
    id: "bundle.duplicate_cert",
    severity: Severity::Warning,
    reference: "operational",
    description: "same certificate appears more than once",
};

/// `bundle.not_self_signed`: bundle member is an intermediate, not a self-signed root.
pub const BUNDLE_NOT_SELF_SIGNED: Rule = Rule {
    id: "bundle.not_self_signed",
    severity: Severity::Info,
    reference: "operational",
    description: "bundle member is an intermediate, not a self-signed root",
};

/// `secret.malformed`: secret lacks tls.crt/tls.key or they don't parse.
pub const SECRET_MALFORMED: Rule = Rule {
    id: "secret.malformed",
    severity: Severity::Error,
    reference: "cert-manager CA Issuer",
    description: "secret lacks tls.crt/tls.key or they don't parse",
};

/// `secret.key_mismatch`: tls.key does not match tls.crt public key.
pub const SECRET_KEY_MISMATCH: Rule = Rule {
    id: "secret.key_mismatch",
    severity: Severity::Error,
    reference: "cert-manager CA Issuer",
    description: "tls.key does not match tls.crt public key",
};

/// `secret.cert_not_ca`: `tls.crt[0]` is not a CA (cA/keyCertSign).
pub const SECRET_CERT_NOT_CA: Rule = Rule {
    id: "secret.cert_not_ca",
    severity: Severity::Error,
    reference: "cert-manager CA Issuer",
    description: "tls.crt[0] is not a CA (cA/keyCertSign)",
};

/// `secret.ca_crt_mismatch`: ca.crt does not contain the issuer (or self) of tls.crt.
pub const SECRET_CA_CRT_MISMATCH: Rule = Rule {
    id: "secret.ca_crt_mismatch",
    severity: Severity::Warning,
    reference: "cert-manager CA Issuer",
    description: "ca.crt does not contain the issuer (or self) of tls.crt",
};

/// `secret.not_in_trust_bundle`: issuer CA does not chain to the configured trust bundle.
pub const SECRET_NOT_IN_TRUST_BUNDLE: Rule = Rule {
    id: "secret.not_in_trust_bundle",
    severity: Severity::Error,
    reference: "operational",
    description: "issuer CA does not chain to the configured trust bundle",
};

/// `bundle.der_encoded`: trust bundle value is DER (e.g. ConfigMap binaryData); valid, but PEM-only consumers such as trust-manager read zero certificates from it.
pub const BUNDLE_DER_ENCODED: Rule = Rule {
    id: "bundle.der_encoded",
    severity: Severity::Info,
    reference: "operational",
    description: "trust bundle value is DER (e.g. ConfigMap binaryData); valid, but PEM-only consumers such as trust-manager read zero certificates from it",
};

/// `bundle.text_normalized`: PEM had a byte-order mark, CRLF line endings, PEM headers or text around the blocks; accepted, reported so the operator knows.
pub const BUNDLE_TEXT_NORMALIZED: Rule = Rule {
    id: "bundle.text_normalized",
    severity: Severity::Info,
    reference: "operational",
    description: "PEM had a byte-order mark, CRLF line endings, PEM headers or text around the blocks; accepted, reported so the operator knows",
};

/// `settings.key_missing`: one of configMapName, configMapKey, issuerKind, issuerName is absent.
pub const SETTINGS_KEY_MISSING: Rule = Rule {
    id: "settings.key_missing",
    severity: Severity::Error,
    reference: "az iot ops --trust-settings",
    description: "one of configMapName, configMapKey, issuerKind, issuerName is absent",
};

/// `settings.value_empty`: a trust-settings key is present with an empty value.
pub const SETTINGS_VALUE_EMPTY: Rule = Rule {
    id: "settings.value_empty",
    severity: Severity::Error,
    reference: "az iot ops --trust-settings",
    description: "a trust-settings key is present with an empty value",
};

/// `settings.unknown_key`: a key other than the four known ones (the az CLI silently drops it).
pub const SETTINGS_UNKNOWN_KEY: Rule = Rule {
    id: "settings.unknown_key",
    severity: Severity::Warning,
    reference: "az iot ops --trust-settings",
    description: "a key other than the four known ones (the az CLI silently drops it)",
};

/// `settings.issuer_kind_invalid`: issuerKind is not exactly ClusterIssuer or Issuer (case-sensitive).
pub const SETTINGS_ISSUER_KIND_INVALID: Rule = Rule {
    id: "settings.issuer_kind_invalid",
    severity: Severity::Error,
    reference: "az iot ops --trust-settings",
    description: "issuerKind is not exactly ClusterIssuer or Issuer (case-sensitive)",
};

/// `settings.name_invalid`: configMapName/issuerName is not a DNS-1123 subdomain, or configMapKey is not a valid ConfigMap key.
pub const SETTINGS_NAME_INVALID: Rule = Rule {
    id: "settings.name_invalid",
    severity: Severity::Error,
    reference: "Kubernetes object names",
    description: "configMapName/issuerName is not a DNS-1123 subdomain, or configMapKey is not a valid ConfigMap key",
};

/// `settings.configmap_not_found`: the named ConfigMap does not exist in the Azure IoT Operations namespace.
pub const SETTINGS_CONFIGMAP_NOT_FOUND: Rule = Rule {
    id: "settings.configmap_not_found",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "the named ConfigMap does not exist in the Azure IoT Operations namespace",
};

/// `settings.configmap_key_not_found`: the ConfigMap has no such key in data or binaryData.
pub const SETTINGS_CONFIGMAP_KEY_NOT_FOUND: Rule = Rule {
    id: "settings.configmap_key_not_found",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "the ConfigMap has no such key in data or binaryData",
};

/// `settings.issuer_not_found`: no Issuer (in the AIO namespace) or ClusterIssuer of that name.
pub const SETTINGS_ISSUER_NOT_FOUND: Rule = Rule {
    id: "settings.issuer_not_found",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "no Issuer (in the AIO namespace) or ClusterIssuer of that name",
};

/// `settings.issuer_wrong_namespace`: issuerKind=Issuer but the Issuer exists only outside the AIO namespace.
pub const SETTINGS_ISSUER_WRONG_NAMESPACE: Rule = Rule {
    id: "settings.issuer_wrong_namespace",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "issuerKind=Issuer but the Issuer exists only outside the AIO namespace",
};

/// `settings.issuer_chain_untrusted`: the issuer's signing CA does not chain to any certificate in the trust bundle.
pub const SETTINGS_ISSUER_CHAIN_UNTRUSTED: Rule = Rule {
    id: "settings.issuer_chain_untrusted",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "the issuer's signing CA does not chain to any certificate in the trust bundle",
};

/// `settings.quickstart_ca`: the trust bundle or issuer uses the quickstart root CA (subject CN "Azure IoT Operations Quickstart Root CA - Not for Production").
pub const SETTINGS_QUICKSTART_CA: Rule = Rule {
    id: "settings.quickstart_ca",
    severity: Severity::Warning,
    reference: "AIO default CA",
    description: r#"the trust bundle or issuer uses the quickstart root CA (subject CN "Azure IoT Operations Quickstart Root CA - Not for Production")"#,
};

/// `issuer.type_count`: an Issuer/ClusterIssuer does not configure exactly one issuer type.
pub const ISSUER_TYPE_COUNT: Rule = Rule {
    id: "issuer.type_count",
    severity: Severity::Error,
    reference: "cert-manager issuer validation",
    description: "an Issuer/ClusterIssuer does not configure exactly one issuer type",
};

/// `issuer.ca_secret_name_missing`: spec.ca.secretName is empty.
pub const ISSUER_CA_SECRET_NAME_MISSING: Rule = Rule {
    id: "issuer.ca_secret_name_missing",
    severity: Severity::Error,
    reference: "cert-manager CA issuer",
    description: "spec.ca.secretName is empty",
};

/// `issuer.ca_secret_not_found`: the CA Secret does not exist where cert-manager looks (Issuer: its namespace; ClusterIssuer: the cluster resource namespace, cert-manager by default).
pub const ISSUER_CA_SECRET_NOT_FOUND: Rule = Rule {
    id: "issuer.ca_secret_not_found",
    severity: Severity::Error,
    reference: "cert-manager CA issuer",
    description: "the CA Secret does not exist where cert-manager looks (Issuer: its namespace; ClusterIssuer: the cluster resource namespace, cert-manager by default)",
};

/// `issuer.url_invalid`: an ocspServers, issuingCertificateURLs or crlDistributionPoints entry is not an absolute http(s)/ldap URL.
pub const ISSUER_URL_INVALID: Rule = Rule {
    id: "issuer.url_invalid",
    severity: Severity::Error,
    reference: "cert-manager CA issuer",
    description: "an ocspServers, issuingCertificateURLs or crlDistributionPoints entry is not an absolute http(s)/ldap URL",
};

/// `issuer.not_ready`: the issuer's Ready condition is False (message quoted).
pub const ISSUER_NOT_READY: Rule = Rule {
    id: "issuer.not_ready",
    severity: Severity::Warning,
    reference: "cert-manager status",
    description: "the issuer's Ready condition is False (message quoted)",
};

/// `issuerref.name_missing`: issuerRef.name is empty.
pub const ISSUERREF_NAME_MISSING: Rule = Rule {
    id: "issuerref.name_missing",
    severity: Severity::Error,
    reference: "cert-manager issuerRef",
    description: "issuerRef.name is empty",
};

/// `issuerref.kind_invalid`: group is empty or cert-manager.io and kind is not "", Issuer or ClusterIssuer (case-sensitive).
pub const ISSUERREF_KIND_INVALID: Rule = Rule {
    id: "issuerref.kind_invalid",
    severity: Severity::Error,
    reference: "cert-manager issuerRef",
    description: r#"group is empty or cert-manager.io and kind is not "", Issuer or ClusterIssuer (case-sensitive)"#,
};

/// `issuerref.not_found`: the referenced Issuer/ClusterIssuer does not exist (Issuer: in the referring object's namespace).
pub const ISSUERREF_NOT_FOUND: Rule = Rule {
    id: "issuerref.not_found",
    severity: Severity::Error,
    reference: "cert-manager issuerRef",
    description: "the referenced Issuer/ClusterIssuer does not exist (Issuer: in the referring object's namespace)",
};

/// `certificate.secret_overwrites_ca`: a Certificate's secretName equals the CA Secret of the issuer it uses, so issuing would overwrite the CA.
pub const CERTIFICATE_SECRET_OVERWRITES_CA: Rule = Rule {
    id: "certificate.secret_overwrites_ca",
    severity: Severity::Error,
    reference: "cert-manager Certificate",
    description: "a Certificate's secretName equals the CA Secret of the issuer it uses, so issuing would overwrite the CA",
};

/// `secret.key_encrypted`: tls.key is an encrypted PEM private key, which cert-manager cannot use.
pub const SECRET_KEY_ENCRYPTED: Rule = Rule {
    id: "secret.key_encrypted",
    severity: Severity::Error,
    reference: "cert-manager CA issuer",
    description: "tls.key is an encrypted PEM private key, which cert-manager cannot use",
};

/// `secret.wrong_type`: CA Secret is not of type kubernetes.io/tls.
pub const SECRET_WRONG_TYPE: Rule = Rule {
    id: "secret.wrong_type",
    severity: Severity::Warning,
    reference: "cert-manager CA issuer",
    description: "CA Secret is not of type kubernetes.io/tls",
};

/// `cert.extension_malformed`: a known extension's value does not decode (path validation must reject).
pub const CERT_EXTENSION_MALFORMED: Rule = Rule {
    id: "cert.extension_malformed",
    severity: Severity::Error,
    reference: "RFC5280 4.2",
    description: "a known extension's value does not decode (path validation must reject)",
};

/// `cert.san_empty`: subjectAltName extension present with no names.
pub const CERT_SAN_EMPTY: Rule = Rule {
    id: "cert.san_empty",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.6",
    description: "subjectAltName extension present with no names",
};

/// `cert.san_not_critical_empty_subject`: subject is empty but subjectAltName is not critical.
pub const CERT_SAN_NOT_CRITICAL_EMPTY_SUBJECT: Rule = Rule {
    id: "cert.san_not_critical_empty_subject",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.6",
    description: "subject is empty but subjectAltName is not critical",
};

/// `cert.empty_subject_without_san`: subject is empty and there is no subjectAltName.
pub const CERT_EMPTY_SUBJECT_WITHOUT_SAN: Rule = Rule {
    id: "cert.empty_subject_without_san",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.6",
    description: "subject is empty and there is no subjectAltName",
};

/// `cert.signature_unsupported`: signature algorithm or key type that certgate cannot verify.
pub const CERT_SIGNATURE_UNSUPPORTED: Rule = Rule {
    id: "cert.signature_unsupported",
    severity: Severity::Warning,
    reference: "RFC5280 4.1.1.2",
    description: "signature algorithm or key type that certgate cannot verify",
};

/// `cert.malformed_name`: a DNS name, e-mail address or IP address in subjectAltName or nameConstraints is malformed.
pub const CERT_MALFORMED_NAME: Rule = Rule {
    id: "cert.malformed_name",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.6",
    description: "a DNS name, e-mail address or IP address in subjectAltName or nameConstraints is malformed",
};

/// `cert.aia_critical`: authorityInfoAccess marked critical.
pub const CERT_AIA_CRITICAL: Rule = Rule {
    id: "cert.aia_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.2.1",
    description: "authorityInfoAccess marked critical",
};

/// `cert.policy_duplicate`: the same policy OID appears twice in certificatePolicies.
pub const CERT_POLICY_DUPLICATE: Rule = Rule {
    id: "cert.policy_duplicate",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.4",
    description: "the same policy OID appears twice in certificatePolicies",
};

/// `chain.max_depth_exceeded`: the path is longer than the allowed maximum depth.
pub const CHAIN_MAX_DEPTH_EXCEEDED: Rule = Rule {
    id: "chain.max_depth_exceeded",
    severity: Severity::Error,
    reference: "RFC5280 6.1; caller limit",
    description: "the path is longer than the allowed maximum depth",
};

/// `chain.budget_exhausted`: path building stopped after its work budget without finding a valid path.
pub const CHAIN_BUDGET_EXHAUSTED: Rule = Rule {
    id: "chain.budget_exhausted",
    severity: Severity::Error,
    reference: "operational (denial-of-service guard)",
    description: "path building stopped after its work budget without finding a valid path",
};

/// `chain.eku_mismatch`: the leaf's extendedKeyUsage does not allow the requested purpose.
pub const CHAIN_EKU_MISMATCH: Rule = Rule {
    id: "chain.eku_mismatch",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.12",
    description: "the leaf's extendedKeyUsage does not allow the requested purpose",
};

/// `chain.anchor_not_ca`: a trust anchor used to issue a certificate is not a CA (cA=FALSE or no keyCertSign).
pub const CHAIN_ANCHOR_NOT_CA: Rule = Rule {
    id: "chain.anchor_not_ca",
    severity: Severity::Error,
    reference: "RFC5280 6.2; operational",
    description: "a trust anchor used to issue a certificate is not a CA (cA=FALSE or no keyCertSign)",
};

/// `chain.anchor_expired`: the trust anchor of the chosen path is outside its validity period.
pub const CHAIN_ANCHOR_EXPIRED: Rule = Rule {
    id: "chain.anchor_expired",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(a)(2) applied to anchors",
    description: "the trust anchor of the chosen path is outside its validity period",
};

/// `chain.explicit_policy_required`: a policyConstraints requireExplicitPolicy applies and the valid policy tree is empty.
pub const CHAIN_EXPLICIT_POLICY_REQUIRED: Rule = Rule {
    id: "chain.explicit_policy_required",
    severity: Severity::Error,
    reference: "RFC5280 6.1.5(g)",
    description: "a policyConstraints requireExplicitPolicy applies and the valid policy tree is empty",
};

/// `leaf.name_mismatch`: the leaf does not name the requested DNS name or IP address.
pub const LEAF_NAME_MISMATCH: Rule = Rule {
    id: "leaf.name_mismatch",
    severity: Severity::Error,
    reference: "RFC6125 6.4; RFC5280 4.2.1.6",
    description: "the leaf does not name the requested DNS name or IP address",
};

/// `leaf.is_ca`: a CA certificate (cA=TRUE) is presented as the end-entity certificate.
pub const LEAF_IS_CA: Rule = Rule {
    id: "leaf.is_ca",
    severity: Severity::Error,
    reference: "CA/B Forum BR 7.1.2.7.8 (webpki profile)",
    description: "a CA certificate (cA=TRUE) is presented as the end-entity certificate",
};

/// `leaf.ku_incompatible`: the leaf's keyUsage does not allow the requested purpose (e.g. no digitalSignature for a TLS server).
pub const LEAF_KU_INCOMPATIBLE: Rule = Rule {
    id: "leaf.ku_incompatible",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.3; RFC5246 7.4.2",
    description: "the leaf's keyUsage does not allow the requested purpose (e.g. no digitalSignature for a TLS server)",
};

/// `leaf.eku_missing`: a TLS leaf lacks extendedKeyUsage.
pub const LEAF_EKU_MISSING: Rule = Rule {
    id: "leaf.eku_missing",
    severity: Severity::Error,
    reference: "CA/B Forum BR 7.1.2.7.10 (webpki profile)",
    description: "a TLS leaf lacks extendedKeyUsage",
};

/// `leaf.eku_any`: a TLS leaf asserts anyExtendedKeyUsage.
pub const LEAF_EKU_ANY: Rule = Rule {
    id: "leaf.eku_any",
    severity: Severity::Warning,
    reference: "CA/B Forum BR 7.1.2.7.10",
    description: "a TLS leaf asserts anyExtendedKeyUsage",
};

/// `leaf.san_critical_with_subject`: subjectAltName is critical although the subject is not empty.
pub const LEAF_SAN_CRITICAL_WITH_SUBJECT: Rule = Rule {
    id: "leaf.san_critical_with_subject",
    severity: Severity::Warning,
    reference: "RFC5280 4.2.1.6",
    description: "subjectAltName is critical although the subject is not empty",
};

/// `bundle.root_missing`: the chain in the input does not end in a self-signed root; consumers need the root elsewhere.
pub const BUNDLE_ROOT_MISSING: Rule = Rule {
    id: "bundle.root_missing",
    severity: Severity::Warning,
    reference: "operational",
    description: "the chain in the input does not end in a self-signed root; consumers need the root elsewhere",
};

/// `cert.eku_empty`: extendedKeyUsage present with no purposes (SIZE (1..MAX)).
pub const CERT_EKU_EMPTY: Rule = Rule {
    id: "cert.eku_empty",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.12",
    description: "extendedKeyUsage present with no purposes (SIZE (1..MAX))",
};

/// `cert.pc_not_critical`: policyConstraints not marked critical.
pub const CERT_PC_NOT_CRITICAL: Rule = Rule {
    id: "cert.pc_not_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.11",
    description: "policyConstraints not marked critical",
};

/// `cert.aki_inconsistent`: authorityKeyIdentifier has authorityCertIssuer without authorityCertSerialNumber, or the reverse.
pub const CERT_AKI_INCONSISTENT: Rule = Rule {
    id: "cert.aki_inconsistent",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.1",
    description: "authorityKeyIdentifier has authorityCertIssuer without authorityCertSerialNumber, or the reverse",
};

/// `ca.nc_invalid_subtree`: a nameConstraints subtree is malformed (IP not address+mask, minimum other than 0, maximum present, invalid DNS name).
pub const CA_NC_INVALID_SUBTREE: Rule = Rule {
    id: "ca.nc_invalid_subtree",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10",
    description: "a nameConstraints subtree is malformed (IP not address+mask, minimum other than 0, maximum present, invalid DNS name)",
};

/// `ca.nc_dns_leading_period`: a dNSName constraint starts with a period; RFC 5280 allows that only for e-mail and URI constraints.
pub const CA_NC_DNS_LEADING_PERIOD: Rule = Rule {
    id: "ca.nc_dns_leading_period",
    severity: Severity::Warning,
    reference: "RFC5280 4.2.1.10 (NSS and webpki accept it)",
    description: "a dNSName constraint starts with a period; RFC 5280 allows that only for e-mail and URI constraints",
};

/// `ca.root_aki_invalid`: a root's authorityKeyIdentifier lacks keyIdentifier, differs from its SKI, or carries issuer/serial.
pub const CA_ROOT_AKI_INVALID: Rule = Rule {
    id: "ca.root_aki_invalid",
    severity: Severity::Warning,
    reference: "CA/B Forum BR 7.1.2.1.3",
    description: "a root's authorityKeyIdentifier lacks keyIdentifier, differs from its SKI, or carries issuer/serial",
};

/// `leaf.cn_not_in_san`: the subject common name is not one of the subjectAltName values.
pub const LEAF_CN_NOT_IN_SAN: Rule = Rule {
    id: "leaf.cn_not_in_san",
    severity: Severity::Warning,
    reference: "CA/B Forum BR 7.1.4.3",
    description: "the subject common name is not one of the subjectAltName values",
};

/// `leaf.eku_critical`: a TLS leaf's extendedKeyUsage is marked critical.
pub const LEAF_EKU_CRITICAL: Rule = Rule {
    id: "leaf.eku_critical",
    severity: Severity::Warning,
    reference: "CA/B Forum BR 7.1.2.7.10",
    description: "a TLS leaf's extendedKeyUsage is marked critical",
};

/// `leaf.cn_misencoded`: the common name is an IP address, an internationalized name or a case variant that is not the exact text of a SAN entry.
pub const LEAF_CN_MISENCODED: Rule = Rule {
    id: "leaf.cn_misencoded",
    severity: Severity::Warning,
    reference: "CA/B Forum BR 7.1.4.3; RFC 5952",
    description: "the common name is an IP address, an internationalized name or a case variant that is not the exact text of a SAN entry",
};

/// `chain.revoked`: a certificate on the path is listed as revoked by a CRL of its issuer.
pub const CHAIN_REVOKED: Rule = Rule {
    id: "chain.revoked",
    severity: Severity::Error,
    reference: "RFC5280 6.3",
    description: "a certificate on the path is listed as revoked by a CRL of its issuer",
};

/// `chain.crl_invalid`: a CRL of an issuer on the path cannot be used (no or critical cRLNumber, issuer lacks cRLSign, out of date), so revocation status is unknown.
pub const CHAIN_CRL_INVALID: Rule = Rule {
    id: "chain.crl_invalid",
    severity: Severity::Error,
    reference: "RFC5280 5.2, 6.3.3",
    description: "a CRL of an issuer on the path cannot be used (no or critical cRLNumber, issuer lacks cRLSign, out of date), so revocation status is unknown",
};

/// Every rule, in catalogue order.
pub const ALL: &[Rule] = &[
    CERT_VERSION_NOT_V3,
    CERT_SERIAL_NOT_POSITIVE,
    CERT_SERIAL_TOO_LONG,
    CERT_SIG_ALG_MISMATCH,
    CERT_WEAK_SIGNATURE_ALG,
    CERT_WEAK_KEY,
    CERT_VALIDITY_NEGATIVE,
    CERT_TIME_ENCODING,
    CERT_UNIQUE_IDENTIFIER_PRESENT,
    CERT_DUPLICATE_EXTENSION,
    CERT_UNKNOWN_CRITICAL_EXTENSION,
    CERT_AKI_MISSING,
    CERT_AKI_CRITICAL,
    CERT_SKI_CRITICAL,
    CERT_KU_EMPTY,
    CERT_EXPIRED,
    CERT_NOT_YET_VALID,
    CERT_EXPIRES_SOON,
    CA_BC_MISSING,
    CA_BC_NOT_CRITICAL,
    CA_KU_MISSING,
    CA_KU_NO_KEYCERTSIGN,
    CA_KU_NOT_CRITICAL,
    CA_SKI_MISSING,
    CA_SUBJECT_EMPTY,
    CA_KEYCERTSIGN_WITHOUT_CA,
    CA_PATHLEN_WITHOUT_CA,
    CA_ROOT_PATHLEN_PRESENT,
    CA_ROOT_EKU_PRESENT,
    CA_EKU_ANY,
    CA_NC_NOT_CRITICAL,
    CA_NC_IN_NON_CA,
    CA_NC_EMPTY,
    CA_SELF_SIGNATURE_INVALID,
    CHAIN_ISSUER_NOT_FOUND,
    CHAIN_SIGNATURE_INVALID,
    CHAIN_AKI_SKI_MISMATCH,
    CHAIN_ISSUER_NOT_CA,
    CHAIN_ISSUER_NO_KEYCERTSIGN,
    CHAIN_PATHLEN_EXCEEDED,
    CHAIN_SUBCA_UNDER_PATHLEN_ZERO,
    CHAIN_NAME_CONSTRAINTS_VIOLATED,
    CHAIN_VALIDITY_OUTSIDE_ISSUER,
    CHAIN_EKU_NOT_PERMITTED_BY_ISSUER,
    LEAF_SAN_MISSING,
    LEAF_VALIDITY_TOO_LONG,
    BUNDLE_PARSE_ERROR,
    BUNDLE_EMPTY,
    BUNDLE_CONTAINS_PRIVATE_KEY,
    BUNDLE_NON_CA_CERT,
    BUNDLE_DUPLICATE_CERT,
    BUNDLE_NOT_SELF_SIGNED,
    SECRET_MALFORMED,
    SECRET_KEY_MISMATCH,
    SECRET_CERT_NOT_CA,
    SECRET_CA_CRT_MISMATCH,
    SECRET_NOT_IN_TRUST_BUNDLE,
    BUNDLE_DER_ENCODED,
    BUNDLE_TEXT_NORMALIZED,
    SETTINGS_KEY_MISSING,
    SETTINGS_VALUE_EMPTY,
    SETTINGS_UNKNOWN_KEY,
    SETTINGS_ISSUER_KIND_INVALID,
    SETTINGS_NAME_INVALID,
    SETTINGS_CONFIGMAP_NOT_FOUND,
    SETTINGS_CONFIGMAP_KEY_NOT_FOUND,
    SETTINGS_ISSUER_NOT_FOUND,
    SETTINGS_ISSUER_WRONG_NAMESPACE,
    SETTINGS_ISSUER_CHAIN_UNTRUSTED,
    SETTINGS_QUICKSTART_CA,
    ISSUER_TYPE_COUNT,
    ISSUER_CA_SECRET_NAME_MISSING,
    ISSUER_CA_SECRET_NOT_FOUND,
    ISSUER_URL_INVALID,
    ISSUER_NOT_READY,
    ISSUERREF_NAME_MISSING,
    ISSUERREF_KIND_INVALID,
    ISSUERREF_NOT_FOUND,
    CERTIFICATE_SECRET_OVERWRITES_CA,
    SECRET_KEY_ENCRYPTED,
    SECRET_WRONG_TYPE,
    CERT_EXTENSION_MALFORMED,
    CERT_SAN_EMPTY,
    CERT_SAN_NOT_CRITICAL_EMPTY_SUBJECT,
    CERT_EMPTY_SUBJECT_WITHOUT_SAN,
    CERT_SIGNATURE_UNSUPPORTED,
    CERT_MALFORMED_NAME,
    CERT_AIA_CRITICAL,
    CERT_POLICY_DUPLICATE,
    CHAIN_MAX_DEPTH_EXCEEDED,
    CHAIN_BUDGET_EXHAUSTED,
    CHAIN_EKU_MISMATCH,
    CHAIN_ANCHOR_NOT_CA,
    CHAIN_ANCHOR_EXPIRED,
    CHAIN_EXPLICIT_POLICY_REQUIRED,
    LEAF_NAME_MISMATCH,
    LEAF_IS_CA,
    LEAF_KU_INCOMPATIBLE,
    LEAF_EKU_MISSING,
    LEAF_EKU_ANY,
    LEAF_SAN_CRITICAL_WITH_SUBJECT,
    BUNDLE_ROOT_MISSING,
    CERT_EKU_EMPTY,
    CERT_PC_NOT_CRITICAL,
    CERT_AKI_INCONSISTENT,
    CA_NC_INVALID_SUBTREE,
    CA_NC_DNS_LEADING_PERIOD,
    CA_ROOT_AKI_INVALID,
    LEAF_CN_NOT_IN_SAN,
    LEAF_EKU_CRITICAL,
    LEAF_CN_MISENCODED,
    CHAIN_REVOKED,
    CHAIN_CRL_INVALID,
];

/// The rule with this id, if there is one.
pub fn rule(id: &str) -> Option<&'static Rule> {
    ALL.iter().find(|rule| rule.id == id)
}
