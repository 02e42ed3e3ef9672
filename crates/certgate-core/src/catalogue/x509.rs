//! Certificate, chain and bundle rules (`cert.*`, `ca.*`, `leaf.*`, `chain.*`,
//! `bundle.*`): what RFC 5280, the CA/Browser Forum and the real TLS clients
//! say about certificates. Each rule's `rejected_by` names the clients that
//! refuse a path carrying the finding, and where on the path.

#[allow(unused_imports)]
use super::{ANCHOR, EVERYWHERE, INTERMEDIATE, ISSUERS, LEAF, NOT_ANCHOR, Rejections, Rule};
use crate::finding::Severity;

/// `cert.version_not_v3`: certificate is not X.509 v3 (v1/v2, or extensions in <v3).
pub const CERT_VERSION_NOT_V3: Rule = Rule {
    id: "cert.version_not_v3",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.1; BR 7.1.1",
    description: "certificate is not X.509 v3 (v1/v2, or extensions in <v3)",
    fix: "Reissue it as X.509 v3 with the extensions its role needs (openssl x509 -req … -extfile FILE, or openssl req -x509 … -addext).",
    label: None,
    rejected_by: Some(Rejections {
        rustls: NOT_ANCHOR,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.serial_not_positive`: serial number is zero or negative.
pub const CERT_SERIAL_NOT_POSITIVE: Rule = Rule {
    id: "cert.serial_not_positive",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.2",
    description: "serial number is zero or negative",
    fix: "Reissue it with a positive random serial number (openssl picks 159 random bits by default; with -set_serial keep the high bit clear).",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.serial_negative`: serial number is negative: Go refuses to parse the certificate, OpenSSL and rustls-webpki accept it.
pub const CERT_SERIAL_NEGATIVE: Rule = Rule {
    id: "cert.serial_negative",
    severity: Severity::Error,
    reference: "Go crypto/x509 (x509negativeserial, Go 1.23+); RFC5280 4.1.2.2",
    description: "serial number is negative: Go refuses to parse the certificate, OpenSSL and rustls-webpki accept it",
    fix: "Reissue it with a positive random serial number (openssl picks 159 random bits by default; with -set_serial keep the high bit clear).",
    label: None,
    rejected_by: Some(Rejections {
        go: EVERYWHERE,
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.serial_too_long`: serial number longer than 20 octets.
pub const CERT_SERIAL_TOO_LONG: Rule = Rule {
    id: "cert.serial_too_long",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.2",
    description: "serial number longer than 20 octets",
    fix: "Reissue it with a serial number of at most 20 octets (openssl's default random serial fits).",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.sig_alg_mismatch`: tbsCertificate.signature != signatureAlgorithm.
pub const CERT_SIG_ALG_MISMATCH: Rule = Rule {
    id: "cert.sig_alg_mismatch",
    severity: Severity::Error,
    reference: "RFC5280 4.1.1.2",
    description: "tbsCertificate.signature != signatureAlgorithm",
    fix: "Reissue it: the signing tool wrote different algorithms inside and outside the signed part; a standard tool (openssl x509, cert-manager) never does.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        go: EVERYWHERE,
        rustls: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.weak_signature_alg`: signature uses MD5/SHA-1 (or other disallowed algorithm).
pub const CERT_WEAK_SIGNATURE_ALG: Rule = Rule {
    id: "cert.weak_signature_alg",
    severity: Severity::Error,
    reference: "BR 7.1.3.2",
    description: "signature uses MD5/SHA-1 (or other disallowed algorithm)",
    fix: "Reissue it signed with SHA-256 or stronger (openssl x509 -sha256; cert-manager's default).",
    label: None,
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        go: NOT_ANCHOR,
        rustls: NOT_ANCHOR,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.weak_key`: RSA modulus under 2048 bits, an EC curve other than P-256/P-384/P-521, or a bad RSA exponent (Ed25519 and Ed448 keys are fine).
pub const CERT_WEAK_KEY: Rule = Rule {
    id: "cert.weak_key",
    severity: Severity::Error,
    reference: "BR 6.1.5",
    description: "RSA modulus under 2048 bits, an EC curve other than P-256/P-384/P-521, or a bad RSA exponent (Ed25519 and Ed448 keys are fine)",
    fix: "Generate a new key: RSA of at least 2048 bits (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048) or EC P-256/P-384, and reissue.",
    label: None,
    rejected_by: Some(Rejections {
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.validity_negative`: notAfter earlier than notBefore.
pub const CERT_VALIDITY_NEGATIVE: Rule = Rule {
    id: "cert.validity_negative",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.5",
    description: "notAfter earlier than notBefore",
    fix: "Reissue it with notAfter later than notBefore (check -days / the CA tool's duration).",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: NOT_ANCHOR,
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.time_encoding`: UTCTime/GeneralizedTime choice or format wrong (pre-2050 as GeneralizedTime, no Z, no seconds).
pub const CERT_TIME_ENCODING: Rule = Rule {
    id: "cert.time_encoding",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.5.1/.2",
    description: "UTCTime/GeneralizedTime choice or format wrong (pre-2050 as GeneralizedTime, no Z, no seconds)",
    fix: "Reissue it with a standard tool: UTCTime (YYMMDDHHMMSSZ) up to 2049, GeneralizedTime from 2050.",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `cert.unique_identifier_present`: issuerUniqueID/subjectUniqueID present.
pub const CERT_UNIQUE_IDENTIFIER_PRESENT: Rule = Rule {
    id: "cert.unique_identifier_present",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.8",
    description: "issuerUniqueID/subjectUniqueID present",
    fix: "Reissue it without issuerUniqueID/subjectUniqueID (no current tool writes them).",
    label: None,
    rejected_by: Some(Rejections {
        rustls: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.duplicate_extension`: same extension OID appears twice.
pub const CERT_DUPLICATE_EXTENSION: Rule = Rule {
    id: "cert.duplicate_extension",
    severity: Severity::Error,
    reference: "RFC5280 4.2",
    description: "same extension OID appears twice",
    fix: "Reissue it with each extension once (check the extension file for a repeated line).",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.unknown_critical_extension`: critical extension the validator does not understand (path validation must reject).
pub const CERT_UNKNOWN_CRITICAL_EXTENSION: Rule = Rule {
    id: "cert.unknown_critical_extension",
    severity: Severity::Error,
    reference: "RFC5280 4.2",
    description: "critical extension the validator does not understand (path validation must reject)",
    fix: "Reissue it without that extension, or with it marked non-critical, unless every client that must accept it understands the extension.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.aki_missing`: non-self-signed cert lacks AKI (or AKI keyIdentifier).
pub const CERT_AKI_MISSING: Rule = Rule {
    id: "cert.aki_missing",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.1",
    description: "non-self-signed cert lacks AKI (or AKI keyIdentifier)",
    fix: "Reissue it with authorityKeyIdentifier=keyid (openssl x509 -req … -extfile with authorityKeyIdentifier=keyid,issuer).",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.aki_critical`: AKI marked critical.
pub const CERT_AKI_CRITICAL: Rule = Rule {
    id: "cert.aki_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.1",
    description: "AKI marked critical",
    fix: "Reissue it with authorityKeyIdentifier non-critical (drop 'critical,' from its line in the extension file).",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.ski_critical`: SKI marked critical.
pub const CERT_SKI_CRITICAL: Rule = Rule {
    id: "cert.ski_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.2",
    description: "SKI marked critical",
    fix: "Reissue it with subjectKeyIdentifier non-critical (subjectKeyIdentifier=hash).",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.ku_empty`: keyUsage present with no bits set.
pub const CERT_KU_EMPTY: Rule = Rule {
    id: "cert.ku_empty",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.3",
    description: "keyUsage present with no bits set",
    fix: "Reissue it with the keyUsage bits its role needs (a CA: keyCertSign, cRLSign; a TLS leaf: digitalSignature, and keyEncipherment for RSA), or without keyUsage.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.expired`: now > notAfter (evaluation-time check).
pub const CERT_EXPIRED: Rule = Rule {
    id: "cert.expired",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(a)(2)",
    description: "now > notAfter (evaluation-time check)",
    fix: "Renew it (cert-manager renews automatically when the Certificate is Ready; for a file, reissue it with a new validity period) and replace every copy.",
    label: Some("expired"),
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.not_yet_valid`: now < notBefore.
pub const CERT_NOT_YET_VALID: Rule = Rule {
    id: "cert.not_yet_valid",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(a)(2)",
    description: "now < notBefore",
    fix: "Check the clocks of the issuing machine and of the clients; wait until notBefore, or reissue it with a notBefore in the past.",
    label: Some("not yet valid"),
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.expires_soon`: notAfter within N days (default 30).
pub const CERT_EXPIRES_SOON: Rule = Rule {
    id: "cert.expires_soon",
    severity: Severity::Warning,
    reference: "operational",
    description: "notAfter within N days (default 30)",
    fix: "Renew it before it expires and roll the new certificate out to every place that holds the old one.",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `ca.bc_missing`: cert asserts keyCertSign / is used as CA but has no basicConstraints.
pub const CA_BC_MISSING: Rule = Rule {
    id: "ca.bc_missing",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.9, 6.1.4(k)",
    description: "cert asserts keyCertSign / is used as CA but has no basicConstraints",
    fix: "Reissue the CA with basicConstraints=critical,CA:TRUE.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: INTERMEDIATE,
        go: ISSUERS,
        rustls: INTERMEDIATE,
        rfc5280: ISSUERS,
        webpki: ISSUERS,
        ..Rejections::NONE
    }),
};

/// `ca.bc_not_critical`: CA basicConstraints not critical.
pub const CA_BC_NOT_CRITICAL: Rule = Rule {
    id: "ca.bc_not_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.9",
    description: "CA basicConstraints not critical",
    fix: "Reissue the CA with basicConstraints=critical,CA:TRUE (mark it critical).",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.ku_missing`: CA cert without keyUsage.
pub const CA_KU_MISSING: Rule = Rule {
    id: "ca.ku_missing",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.3; BR 7.1.2.1.2",
    description: "CA cert without keyUsage",
    fix: "Reissue the CA with keyUsage=critical,keyCertSign,cRLSign.",
    label: None,
    rejected_by: Some(Rejections {
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.ku_no_keycertsign`: cA=TRUE but keyUsage lacks keyCertSign.
pub const CA_KU_NO_KEYCERTSIGN: Rule = Rule {
    id: "ca.ku_no_keycertsign",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.9; BR 7.1.2.10.7",
    description: "cA=TRUE but keyUsage lacks keyCertSign",
    fix: "Reissue the CA with keyUsage=critical,keyCertSign,cRLSign (keyCertSign is what lets it sign certificates).",
    label: Some("not usable as a CA"),
    rejected_by: Some(Rejections {
        openssl: ISSUERS,
        ..Rejections::NONE
    }),
};

/// `ca.ku_not_critical`: CA keyUsage not critical.
pub const CA_KU_NOT_CRITICAL: Rule = Rule {
    id: "ca.ku_not_critical",
    severity: Severity::Warning,
    reference: "RFC5280 4.2.1.3 (SHOULD); BR MUST",
    description: "CA keyUsage not critical",
    fix: "Reissue the CA with keyUsage marked critical (keyUsage=critical,keyCertSign,cRLSign).",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `ca.ski_missing`: CA cert without subjectKeyIdentifier.
pub const CA_SKI_MISSING: Rule = Rule {
    id: "ca.ski_missing",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.2",
    description: "CA cert without subjectKeyIdentifier",
    fix: "Reissue the CA with subjectKeyIdentifier=hash, so clients can match it to the certificates it issues.",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.subject_empty`: CA cert with empty subject DN.
pub const CA_SUBJECT_EMPTY: Rule = Rule {
    id: "ca.subject_empty",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.6",
    description: "CA cert with empty subject DN",
    fix: "Reissue the CA with a subject distinguished name (at least a CN naming the CA).",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.keycertsign_without_ca`: keyCertSign asserted while cA=FALSE.
pub const CA_KEYCERTSIGN_WITHOUT_CA: Rule = Rule {
    id: "ca.keycertsign_without_ca",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.3",
    description: "keyCertSign asserted while cA=FALSE",
    fix: "Either make it a CA (basicConstraints=critical,CA:TRUE) or drop keyCertSign from its keyUsage.",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `ca.pathlen_without_ca`: pathLenConstraint present but cA=FALSE or no keyCertSign.
pub const CA_PATHLEN_WITHOUT_CA: Rule = Rule {
    id: "ca.pathlen_without_ca",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.9",
    description: "pathLenConstraint present but cA=FALSE or no keyCertSign",
    fix: "Drop pathlen from basicConstraints: a path length only means something with CA:TRUE.",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `ca.root_pathlen_present`: root CA carries pathLenConstraint (BR SHOULD NOT).
pub const CA_ROOT_PATHLEN_PRESENT: Rule = Rule {
    id: "ca.root_pathlen_present",
    severity: Severity::Info,
    reference: "BR 7.1.2.1.4",
    description: "root CA carries pathLenConstraint (BR SHOULD NOT)",
    fix: "Nothing to do for private PKIs; for a public root, reissue without pathlen.",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `ca.root_eku_present`: root CA carries extendedKeyUsage.
pub const CA_ROOT_EKU_PRESENT: Rule = Rule {
    id: "ca.root_eku_present",
    severity: Severity::Warning,
    reference: "BR 7.1.2.1.2",
    description: "root CA carries extendedKeyUsage",
    fix: "Reissue the root without extendedKeyUsage, or make sure the EKUs listed cover every use of the chain (Go and OpenSSL check it).",
    label: None,
    rejected_by: Some(Rejections {
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.eku_any`: CA cert asserts anyExtendedKeyUsage.
pub const CA_EKU_ANY: Rule = Rule {
    id: "ca.eku_any",
    severity: Severity::Warning,
    reference: "BR 7.1.2.10.6; Mozilla 5.3",
    description: "CA cert asserts anyExtendedKeyUsage",
    fix: "Reissue the CA with the specific extendedKeyUsage values it is for (serverAuth, clientAuth), or without extendedKeyUsage.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: ISSUERS,
        rustls: INTERMEDIATE,
        ..Rejections::NONE
    }),
};

/// `ca.nc_not_critical`: nameConstraints not critical.
pub const CA_NC_NOT_CRITICAL: Rule = Rule {
    id: "ca.nc_not_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10",
    description: "nameConstraints not critical",
    fix: "Reissue the CA with nameConstraints marked critical (nameConstraints=critical,…).",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.nc_in_non_ca`: nameConstraints in a non-CA cert.
pub const CA_NC_IN_NON_CA: Rule = Rule {
    id: "ca.nc_in_non_ca",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10",
    description: "nameConstraints in a non-CA cert",
    fix: "Drop nameConstraints from this certificate, or make it a CA if it is meant to issue.",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `ca.nc_empty`: nameConstraints with neither permitted nor excluded subtrees.
pub const CA_NC_EMPTY: Rule = Rule {
    id: "ca.nc_empty",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10",
    description: "nameConstraints with neither permitted nor excluded subtrees",
    fix: "Reissue the CA with at least one permitted or excluded subtree, or without nameConstraints.",
    label: None,
    rejected_by: Some(Rejections {
        go: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.self_signature_invalid`: self-signed cert whose signature does not verify with its own key.
pub const CA_SELF_SIGNATURE_INVALID: Rule = Rule {
    id: "ca.self_signature_invalid",
    severity: Severity::Warning,
    reference: "RFC5280 6.1.1(d) (TA sig not checked)",
    description: "self-signed cert whose signature does not verify with its own key",
    fix: "Regenerate the root with its own key (openssl req -x509 -key root.key …); no client checks an anchor's signature, but the file was likely assembled from mismatched parts.",
    label: Some("bad signature"),
    rejected_by: Some(Rejections::NONE),
};

/// `chain.issuer_not_found`: no supplied/bundled cert whose subject (and SKI) matches issuer (and AKI).
pub const CHAIN_ISSUER_NOT_FOUND: Rule = Rule {
    id: "chain.issuer_not_found",
    severity: Severity::Error,
    reference: "RFC5280 6.1",
    description: "no supplied/bundled cert whose subject (and SKI) matches issuer (and AKI)",
    fix: "Add the issuing CA: the missing intermediate to the chain the server sends (tls.crt holds leaf then intermediates), or its root to the trust bundle.",
    label: Some("untrusted"),
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.signature_invalid`: signature does not verify with issuer public key.
pub const CHAIN_SIGNATURE_INVALID: Rule = Rule {
    id: "chain.signature_invalid",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(a)(1)",
    description: "signature does not verify with issuer public key",
    fix: "The certificate was not signed by the CA it names: reissue it from that CA, or put the right CA certificate in the chain or bundle.",
    label: Some("bad signature"),
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        go: NOT_ANCHOR,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.aki_ski_mismatch`: AKI keyIdentifier != issuer SKI (OpenSSL then cannot find the issuer).
pub const CHAIN_AKI_SKI_MISMATCH: Rule = Rule {
    id: "chain.aki_ski_mismatch",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.1; OpenSSL issuer matching",
    description: "AKI keyIdentifier != issuer SKI (OpenSSL then cannot find the issuer)",
    fix: "Reissue it from the current CA (its authorityKeyIdentifier names another key), or supply the CA certificate whose subjectKeyIdentifier matches.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.issuer_not_ca`: issuer lacks basicConstraints cA=TRUE (leaf used as CA).
pub const CHAIN_ISSUER_NOT_CA: Rule = Rule {
    id: "chain.issuer_not_ca",
    severity: Severity::Error,
    reference: "RFC5280 6.1.4(k)",
    description: "issuer lacks basicConstraints cA=TRUE (leaf used as CA)",
    fix: "Issue the certificate from a real CA (basicConstraints=critical,CA:TRUE), not from a leaf certificate.",
    label: Some("not usable as a CA"),
    rejected_by: Some(Rejections {
        openssl: INTERMEDIATE,
        go: INTERMEDIATE,
        rustls: INTERMEDIATE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.issuer_no_keycertsign`: issuer keyUsage present without keyCertSign.
pub const CHAIN_ISSUER_NO_KEYCERTSIGN: Rule = Rule {
    id: "chain.issuer_no_keycertsign",
    severity: Severity::Error,
    reference: "RFC5280 6.1.4(n)",
    description: "issuer keyUsage present without keyCertSign",
    fix: "Reissue the issuing CA with keyUsage=critical,keyCertSign,cRLSign.",
    label: Some("not usable as a CA"),
    rejected_by: Some(Rejections {
        go: ISSUERS,
        openssl: ISSUERS,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.pathlen_exceeded`: more non-self-issued intermediates than an ancestor's pathLenConstraint allows.
pub const CHAIN_PATHLEN_EXCEEDED: Rule = Rule {
    id: "chain.pathlen_exceeded",
    severity: Severity::Error,
    reference: "RFC5280 6.1.4(l)/(m)",
    description: "more non-self-issued intermediates than an ancestor's pathLenConstraint allows",
    fix: "Shorten the chain, or reissue the CA whose pathlen is too small with a larger pathlen (or none).",
    label: Some("path too long"),
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.subca_under_pathlen_zero`: CA with pathLen=0 issued a cA=TRUE cert (unusable sub-CA).
pub const CHAIN_SUBCA_UNDER_PATHLEN_ZERO: Rule = Rule {
    id: "chain.subca_under_pathlen_zero",
    severity: Severity::Warning,
    reference: "RFC5280 4.2.1.9 (policy)",
    description: "CA with pathLen=0 issued a cA=TRUE cert (unusable sub-CA)",
    fix: "Issue the sub-CA from a CA whose pathLenConstraint allows it, or reissue it as a leaf (CA:FALSE).",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `chain.name_constraints_violated`: subject DN/SAN outside permitted or inside excluded subtrees.
pub const CHAIN_NAME_CONSTRAINTS_VIOLATED: Rule = Rule {
    id: "chain.name_constraints_violated",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(b)(c)",
    description: "subject DN/SAN outside permitted or inside excluded subtrees",
    fix: "Issue the certificate only for names the CA's nameConstraints permit, or reissue the CA with constraints that cover them.",
    label: Some("name not permitted"),
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        go: NOT_ANCHOR,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.validity_outside_issuer`: cert validity extends beyond its issuer's validity.
pub const CHAIN_VALIDITY_OUTSIDE_ISSUER: Rule = Rule {
    id: "chain.validity_outside_issuer",
    severity: Severity::Warning,
    reference: "operational",
    description: "cert validity extends beyond its issuer's validity",
    fix: "Nothing breaks yet; renew the issuer before it expires, or the certificate fails then.",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `chain.eku_not_permitted_by_issuer`: leaf EKU not allowed by an EKU-restricted intermediate.
pub const CHAIN_EKU_NOT_PERMITTED_BY_ISSUER: Rule = Rule {
    id: "chain.eku_not_permitted_by_issuer",
    severity: Severity::Warning,
    reference: "CABF/Mozilla EKU chaining (de facto)",
    description: "leaf EKU not allowed by an EKU-restricted intermediate",
    fix: "Reissue the intermediate with an extendedKeyUsage that includes the purpose, or without extendedKeyUsage.",
    label: Some("wrong usage"),
    rejected_by: Some(Rejections {
        openssl: LEAF,
        go: LEAF,
        rustls: LEAF,
        webpki: LEAF,
        ..Rejections::NONE
    }),
};

/// `leaf.san_missing`: TLS leaf without subjectAltName.
pub const LEAF_SAN_MISSING: Rule = Rule {
    id: "leaf.san_missing",
    severity: Severity::Warning,
    reference: "BR 7.1.2.7.12; RFC 6125",
    description: "TLS leaf without subjectAltName",
    fix: "Reissue it with subjectAltName=DNS:host.example.com (clients match host names only against SANs).",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `leaf.validity_too_long`: TLS leaf validity exceeds configured maximum.
pub const LEAF_VALIDITY_TOO_LONG: Rule = Rule {
    id: "leaf.validity_too_long",
    severity: Severity::Warning,
    reference: "BR 6.3.2 (398d; 200d from 2026-03-15)",
    description: "TLS leaf validity exceeds configured maximum",
    fix: "Reissue it with a shorter validity (398 days or less; cert-manager: spec.duration).",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `bundle.parse_error`: undecodable PEM block / DER in bundle.
pub const BUNDLE_PARSE_ERROR: Rule = Rule {
    id: "bundle.parse_error",
    severity: Severity::Error,
    reference: "operational",
    description: "undecodable PEM block / DER in bundle",
    fix: "Replace the block with a valid PEM certificate (openssl x509 -in FILE -out FIXED.pem shows what openssl reads).",
    label: None,
    rejected_by: None,
};

/// `bundle.empty`: bundle contains no certificate.
pub const BUNDLE_EMPTY: Rule = Rule {
    id: "bundle.empty",
    severity: Severity::Error,
    reference: "operational",
    description: "bundle contains no certificate",
    fix: "Put the CA certificate(s) in PEM form into the bundle (openssl x509 -in ca.der -inform DER -out ca.pem).",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
    }),
};

/// `bundle.contains_private_key`: bundle contains a PRIVATE KEY (or other non-certificate) block.
pub const BUNDLE_CONTAINS_PRIVATE_KEY: Rule = Rule {
    id: "bundle.contains_private_key",
    severity: Severity::Error,
    reference: "operational",
    description: "bundle contains a PRIVATE KEY (or other non-certificate) block",
    fix: "Remove the private key from the bundle at once and treat it as leaked: a trust bundle is public; keys belong only in a Secret.",
    label: None,
    rejected_by: None,
};

/// `bundle.non_ca_cert`: bundle member is not a CA (cA=FALSE / no keyCertSign).
pub const BUNDLE_NON_CA_CERT: Rule = Rule {
    id: "bundle.non_ca_cert",
    severity: Severity::Error,
    reference: "operational",
    description: "bundle member is not a CA (cA=FALSE / no keyCertSign)",
    fix: "Remove the non-CA certificate from the bundle and add the root CA that issued it.",
    label: Some("not usable as a CA"),
    rejected_by: None,
};

/// `bundle.duplicate_cert`: same certificate appears more than once.
pub const BUNDLE_DUPLICATE_CERT: Rule = Rule {
    id: "bundle.duplicate_cert",
    severity: Severity::Warning,
    reference: "operational",
    description: "same certificate appears more than once",
    fix: "Remove the duplicate copy.",
    label: None,
    rejected_by: None,
};

/// `bundle.not_self_signed`: bundle member is an intermediate, not a self-signed root.
pub const BUNDLE_NOT_SELF_SIGNED: Rule = Rule {
    id: "bundle.not_self_signed",
    severity: Severity::Info,
    reference: "operational",
    description: "bundle member is an intermediate, not a self-signed root",
    fix: "Add the self-signed root too, unless trusting the intermediate alone is intended.",
    label: None,
    rejected_by: None,
};

/// `bundle.der_encoded`: trust bundle value is DER (e.g. ConfigMap binaryData); valid, but PEM-only consumers such as trust-manager read zero certificates from it.
pub const BUNDLE_DER_ENCODED: Rule = Rule {
    id: "bundle.der_encoded",
    severity: Severity::Info,
    reference: "operational",
    description: "trust bundle value is DER (e.g. ConfigMap binaryData); valid, but PEM-only consumers such as trust-manager read zero certificates from it",
    fix: "For PEM-only consumers such as trust-manager, store it as PEM under data: openssl x509 -inform DER -in ca.der -out ca.pem.",
    label: None,
    rejected_by: None,
};

/// `bundle.text_normalized`: PEM had a byte-order mark, CRLF line endings, PEM headers or text around the blocks; accepted, reported so the operator knows.
pub const BUNDLE_TEXT_NORMALIZED: Rule = Rule {
    id: "bundle.text_normalized",
    severity: Severity::Info,
    reference: "operational",
    description: "PEM had a byte-order mark, CRLF line endings, PEM headers or text around the blocks; accepted, reported so the operator knows",
    fix: "Nothing to do; to keep the value clean, store plain PEM blocks with LF line endings.",
    label: None,
    rejected_by: None,
};

/// `cert.extension_malformed`: a known extension's value does not decode (path validation must reject).
pub const CERT_EXTENSION_MALFORMED: Rule = Rule {
    id: "cert.extension_malformed",
    severity: Severity::Error,
    reference: "RFC5280 4.2",
    description: "a known extension's value does not decode (path validation must reject)",
    fix: "Reissue it with a standard tool; this extension's value does not decode.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.san_empty`: subjectAltName extension present with no names.
pub const CERT_SAN_EMPTY: Rule = Rule {
    id: "cert.san_empty",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.6",
    description: "subjectAltName extension present with no names",
    fix: "Reissue it with at least one name in subjectAltName, or without the extension.",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.san_not_critical_empty_subject`: subject is empty but subjectAltName is not critical.
pub const CERT_SAN_NOT_CRITICAL_EMPTY_SUBJECT: Rule = Rule {
    id: "cert.san_not_critical_empty_subject",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.6",
    description: "subject is empty but subjectAltName is not critical",
    fix: "Reissue it with subjectAltName marked critical, or with a subject.",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.empty_subject_without_san`: subject is empty and there is no subjectAltName.
pub const CERT_EMPTY_SUBJECT_WITHOUT_SAN: Rule = Rule {
    id: "cert.empty_subject_without_san",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.6",
    description: "subject is empty and there is no subjectAltName",
    fix: "Reissue it with a subject or a subjectAltName.",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.signature_unsupported`: signature algorithm or key type that certgate cannot verify.
pub const CERT_SIGNATURE_UNSUPPORTED: Rule = Rule {
    id: "cert.signature_unsupported",
    severity: Severity::Warning,
    reference: "RFC5280 4.1.1.2",
    description: "signature algorithm or key type that certgate cannot verify",
    fix: "Nothing certgate can check: verify with a client that supports the algorithm, or reissue with RSA, ECDSA P-256/P-384 or Ed25519.",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `cert.malformed_name`: a DNS name or e-mail address in subjectAltName is malformed.
pub const CERT_MALFORMED_NAME: Rule = Rule {
    id: "cert.malformed_name",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.6",
    description: "a DNS name or e-mail address in subjectAltName is malformed (Go, OpenSSL and rustls-webpki accept it)",
    fix: "Reissue it with well-formed names (a DNS name of letters, digits and hyphens; a full IP address; user@domain).",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.aia_critical`: authorityInfoAccess marked critical.
pub const CERT_AIA_CRITICAL: Rule = Rule {
    id: "cert.aia_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.2.1",
    description: "authorityInfoAccess marked critical",
    fix: "Reissue it with authorityInfoAccess non-critical.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: NOT_ANCHOR,
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.policy_duplicate`: the same policy OID appears twice in certificatePolicies.
pub const CERT_POLICY_DUPLICATE: Rule = Rule {
    id: "cert.policy_duplicate",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.4",
    description: "the same policy OID appears twice in certificatePolicies",
    fix: "Reissue it listing each policy once in certificatePolicies.",
    label: None,
    rejected_by: Some(Rejections {
        go: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.max_depth_exceeded`: the path is longer than the allowed maximum depth.
pub const CHAIN_MAX_DEPTH_EXCEEDED: Rule = Rule {
    id: "chain.max_depth_exceeded",
    severity: Severity::Error,
    reference: "RFC5280 6.1; caller limit",
    description: "the path is longer than the allowed maximum depth",
    fix: "Shorten the chain (fewer intermediates), or raise the client's depth limit if you control it.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.budget_exhausted`: path building stopped after its work budget without finding a valid path.
pub const CHAIN_BUDGET_EXHAUSTED: Rule = Rule {
    id: "chain.budget_exhausted",
    severity: Severity::Error,
    reference: "operational (denial-of-service guard)",
    description: "path building stopped after its work budget without finding a valid path",
    fix: "Send only the chain's own intermediates; the pool is too large or too tangled to search.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.eku_mismatch`: the leaf's extendedKeyUsage does not allow the requested purpose.
pub const CHAIN_EKU_MISMATCH: Rule = Rule {
    id: "chain.eku_mismatch",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.12",
    description: "the leaf's extendedKeyUsage does not allow the requested purpose",
    fix: "Reissue the leaf with extendedKeyUsage including the purpose (serverAuth for servers, clientAuth for clients).",
    label: Some("wrong usage"),
    rejected_by: Some(Rejections {
        openssl: LEAF,
        go: LEAF,
        rustls: LEAF,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.anchor_not_ca`: a trust anchor used to issue a certificate is not a CA (cA=FALSE or no keyCertSign).
pub const CHAIN_ANCHOR_NOT_CA: Rule = Rule {
    id: "chain.anchor_not_ca",
    severity: Severity::Error,
    reference: "RFC5280 6.2; operational",
    description: "a trust anchor used to issue a certificate is not a CA (cA=FALSE or no keyCertSign)",
    fix: "Trust the root CA that issued the certificate, not a non-CA certificate.",
    label: Some("not usable as a CA"),
    rejected_by: Some(Rejections {
        openssl: ANCHOR,
        go: ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.anchor_expired`: the trust anchor of the chosen path is outside its validity period.
pub const CHAIN_ANCHOR_EXPIRED: Rule = Rule {
    id: "chain.anchor_expired",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(a)(2) applied to anchors",
    description: "the trust anchor of the chosen path is outside its validity period",
    fix: "Replace the expired root in the trust bundle with its renewed version, and reissue what it signed if the key changed.",
    label: Some("expired"),
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.explicit_policy_required`: a policyConstraints requireExplicitPolicy applies and the valid policy tree is empty.
pub const CHAIN_EXPLICIT_POLICY_REQUIRED: Rule = Rule {
    id: "chain.explicit_policy_required",
    severity: Severity::Error,
    reference: "RFC5280 6.1.5(g)",
    description: "a policyConstraints requireExplicitPolicy applies and the valid policy tree is empty",
    fix: "Issue the certificates with a certificatePolicies value that every CA on the path allows.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `leaf.name_mismatch`: the leaf does not name the requested DNS name or IP address.
pub const LEAF_NAME_MISMATCH: Rule = Rule {
    id: "leaf.name_mismatch",
    severity: Severity::Error,
    reference: "RFC6125 6.4; RFC5280 4.2.1.6",
    description: "the leaf does not name the requested DNS name or IP address",
    fix: "Reissue the certificate with the host name or IP address clients connect to in subjectAltName (DNS:… or IP:…).",
    label: Some("wrong name"),
    rejected_by: Some(Rejections {
        openssl: LEAF,
        go: LEAF,
        rustls: LEAF,
        rfc5280: LEAF,
        webpki: LEAF,
        ..Rejections::NONE
    }),
};

/// `leaf.is_ca`: a CA certificate (cA=TRUE) is presented as the end-entity certificate.
pub const LEAF_IS_CA: Rule = Rule {
    id: "leaf.is_ca",
    severity: Severity::Error,
    reference: "CA/B Forum BR 7.1.2.7.8 (webpki profile)",
    description: "a CA certificate (cA=TRUE) is presented as the end-entity certificate",
    fix: "Issue a separate leaf certificate (CA:FALSE) for the server; a CA certificate should not serve TLS.",
    label: None,
    rejected_by: Some(Rejections {
        rustls: LEAF,
        webpki: LEAF,
        ..Rejections::NONE
    }),
};

/// `leaf.ku_incompatible`: the leaf's keyUsage does not allow the requested purpose (e.g. no digitalSignature for a TLS server).
pub const LEAF_KU_INCOMPATIBLE: Rule = Rule {
    id: "leaf.ku_incompatible",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.3; RFC5246 7.4.2",
    description: "the leaf's keyUsage does not allow the requested purpose (e.g. no digitalSignature for a TLS server)",
    fix: "Reissue the leaf with keyUsage=digitalSignature (and keyEncipherment for RSA).",
    label: Some("wrong usage"),
    rejected_by: Some(Rejections {
        openssl: LEAF,
        ..Rejections::NONE
    }),
};

/// `leaf.eku_missing`: a TLS leaf lacks extendedKeyUsage.
pub const LEAF_EKU_MISSING: Rule = Rule {
    id: "leaf.eku_missing",
    severity: Severity::Error,
    reference: "CA/B Forum BR 7.1.2.7.10 (webpki profile)",
    description: "a TLS leaf lacks extendedKeyUsage",
    fix: "Reissue the leaf with extendedKeyUsage=serverAuth (servers) or clientAuth (clients).",
    label: Some("wrong usage"),
    rejected_by: Some(Rejections {
        webpki: LEAF,
        ..Rejections::NONE
    }),
};

/// `leaf.eku_any`: a TLS leaf asserts anyExtendedKeyUsage.
pub const LEAF_EKU_ANY: Rule = Rule {
    id: "leaf.eku_any",
    severity: Severity::Warning,
    reference: "CA/B Forum BR 7.1.2.7.10",
    description: "a TLS leaf asserts anyExtendedKeyUsage",
    fix: "Reissue the leaf with the specific extendedKeyUsage it needs (serverAuth, clientAuth).",
    label: Some("wrong usage"),
    rejected_by: Some(Rejections {
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `leaf.san_critical_with_subject`: subjectAltName is critical although the subject is not empty.
pub const LEAF_SAN_CRITICAL_WITH_SUBJECT: Rule = Rule {
    id: "leaf.san_critical_with_subject",
    severity: Severity::Warning,
    reference: "RFC5280 4.2.1.6",
    description: "subjectAltName is critical although the subject is not empty",
    fix: "Reissue it with subjectAltName non-critical.",
    label: None,
    rejected_by: Some(Rejections {
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `bundle.root_missing`: the chain in the input does not end in a self-signed root; consumers need the root elsewhere.
pub const BUNDLE_ROOT_MISSING: Rule = Rule {
    id: "bundle.root_missing",
    severity: Severity::Warning,
    reference: "operational",
    description: "the chain in the input does not end in a self-signed root; consumers need the root elsewhere",
    fix: "Add the root CA to the trust bundle of the clients (the chain file alone does not carry trust).",
    label: None,
    rejected_by: None,
};

/// `cert.eku_empty`: extendedKeyUsage present with no purposes (SIZE (1..MAX)).
pub const CERT_EKU_EMPTY: Rule = Rule {
    id: "cert.eku_empty",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.12",
    description: "extendedKeyUsage present with no purposes (SIZE (1..MAX))",
    fix: "Reissue it with at least one extendedKeyUsage value, or without the extension.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        rustls: NOT_ANCHOR,
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.pc_not_critical`: policyConstraints not marked critical.
pub const CERT_PC_NOT_CRITICAL: Rule = Rule {
    id: "cert.pc_not_critical",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.11",
    description: "policyConstraints not marked critical",
    fix: "Reissue it with policyConstraints marked critical.",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.aki_inconsistent`: authorityKeyIdentifier has authorityCertIssuer without authorityCertSerialNumber, or the reverse.
pub const CERT_AKI_INCONSISTENT: Rule = Rule {
    id: "cert.aki_inconsistent",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.1",
    description: "authorityKeyIdentifier has authorityCertIssuer without authorityCertSerialNumber, or the reverse",
    fix: "Reissue it with authorityKeyIdentifier=keyid only.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `ca.nc_invalid_subtree`: a nameConstraints subtree is malformed (IP not address+mask, minimum other than 0, maximum present, invalid DNS name).
pub const CA_NC_INVALID_SUBTREE: Rule = Rule {
    id: "ca.nc_invalid_subtree",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10",
    description: "a nameConstraints subtree is malformed (IP not address+mask, minimum other than 0, maximum present, invalid DNS name)",
    fix: "Fix the subtree: an IP constraint is address/mask (IP:10.0.0.0/255.0.0.0), DNS is a plain domain, no minimum/maximum.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: ISSUERS,
        go: ISSUERS,
        rustls: ISSUERS,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.nc_dns_leading_period`: a dNSName constraint starts with a period; RFC 5280 allows that only for e-mail and URI constraints.
pub const CA_NC_DNS_LEADING_PERIOD: Rule = Rule {
    id: "ca.nc_dns_leading_period",
    severity: Severity::Warning,
    reference: "RFC5280 4.2.1.10 (NSS and webpki accept it)",
    description: "a dNSName constraint starts with a period; RFC 5280 allows that only for e-mail and URI constraints",
    fix: "Nothing breaks; to follow RFC 5280, write the constraint without the leading period (DNS:example.com covers its subdomains).",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.root_aki_invalid`: a root's authorityKeyIdentifier lacks keyIdentifier, differs from its SKI, or carries issuer/serial.
pub const CA_ROOT_AKI_INVALID: Rule = Rule {
    id: "ca.root_aki_invalid",
    severity: Severity::Warning,
    reference: "CA/B Forum BR 7.1.2.1.3",
    description: "a root's authorityKeyIdentifier lacks keyIdentifier, differs from its SKI, or carries issuer/serial",
    fix: "Reissue the root with authorityKeyIdentifier=keyid equal to its subjectKeyIdentifier, or without authorityKeyIdentifier.",
    label: None,
    rejected_by: Some(Rejections {
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `leaf.cn_not_in_san`: the subject common name is not one of the subjectAltName values.
pub const LEAF_CN_NOT_IN_SAN: Rule = Rule {
    id: "leaf.cn_not_in_san",
    severity: Severity::Warning,
    reference: "CA/B Forum BR 7.1.4.3",
    description: "the subject common name is not one of the subjectAltName values",
    fix: "Put the common name into subjectAltName too, or drop it from the subject.",
    label: None,
    rejected_by: Some(Rejections::NONE),
};

/// `leaf.eku_critical`: a TLS leaf's extendedKeyUsage is marked critical.
pub const LEAF_EKU_CRITICAL: Rule = Rule {
    id: "leaf.eku_critical",
    severity: Severity::Warning,
    reference: "CA/B Forum BR 7.1.2.7.10",
    description: "a TLS leaf's extendedKeyUsage is marked critical",
    fix: "Reissue the leaf with extendedKeyUsage non-critical.",
    label: None,
    rejected_by: Some(Rejections {
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `leaf.cn_misencoded`: the common name is an IP address, an internationalized name or a case variant that is not the exact text of a SAN entry.
pub const LEAF_CN_MISENCODED: Rule = Rule {
    id: "leaf.cn_misencoded",
    severity: Severity::Warning,
    reference: "CA/B Forum BR 7.1.4.3; RFC 5952",
    description: "the common name is an IP address, an internationalized name or a case variant that is not the exact text of a SAN entry",
    fix: "Write the common name exactly as one of the subjectAltName entries, or drop it.",
    label: None,
    rejected_by: Some(Rejections {
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.revoked`: a certificate on the path is listed as revoked by a CRL of its issuer.
pub const CHAIN_REVOKED: Rule = Rule {
    id: "chain.revoked",
    severity: Severity::Error,
    reference: "RFC5280 6.3",
    description: "a certificate on the path is listed as revoked by a CRL of its issuer",
    fix: "Reissue the certificate and deploy the new one; a revoked certificate cannot be un-revoked.",
    label: Some("revoked"),
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.crl_invalid`: a CRL of an issuer on the path cannot be used (no or critical cRLNumber, issuer lacks cRLSign, out of date), so revocation status is unknown.
pub const CHAIN_CRL_INVALID: Rule = Rule {
    id: "chain.crl_invalid",
    severity: Severity::Error,
    reference: "RFC5280 5.2, 6.3.3",
    description: "a CRL of an issuer on the path cannot be used (no or critical cRLNumber, issuer lacks cRLSign, out of date), so revocation status is unknown",
    fix: "Publish a current CRL signed by the CA (with cRLNumber, within nextUpdate), or stop checking that CA's revocation.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `cert.key_too_small`: RSA key under 2048 bits or EC key on a curve under 224 bits: OpenSSL at security level 2 and rustls refuse it.
pub const CERT_KEY_TOO_SMALL: Rule = Rule {
    id: "cert.key_too_small",
    severity: Severity::Error,
    reference: "OpenSSL SECLEVEL 2 (112-bit security); rustls-webpki (ring: RSA 2048-8192)",
    description: "RSA key under 2048 bits or EC key on a curve under 224 bits: OpenSSL at security level 2 and rustls refuse it",
    fix: "Generate a new key: RSA of at least 2048 bits or EC P-256/P-384, and reissue; OpenSSL at security level 2 (Debian's default for libssl clients) and rustls refuse this one.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        rustls: ISSUERS,
        ..Rejections::NONE
    }),
};

/// `leaf.name_only_in_cn`: the requested name is only in the subject common name of a leaf without subjectAltName names of its type: OpenSSL accepts it, Go and rustls do not.
pub const LEAF_NAME_ONLY_IN_CN: Rule = Rule {
    id: "leaf.name_only_in_cn",
    severity: Severity::Error,
    reference: "RFC 6125 6.4.4; Go crypto/x509, rustls-webpki; OpenSSL X509_check_host",
    description: "the requested name is only in the subject common name of a leaf without subjectAltName names of its type: OpenSSL accepts it, Go and rustls do not",
    fix: "Reissue it with the name in subjectAltName (DNS:…); only OpenSSL still reads the common name when there is no SAN.",
    label: Some("wrong name"),
    rejected_by: Some(Rejections {
        go: LEAF,
        rustls: LEAF,
        rfc5280: LEAF,
        webpki: LEAF,
        ..Rejections::NONE
    }),
};

/// `ca.nc_unsupported_form`: critical nameConstraints with a form other than dNSName, iPAddress, rfc822Name or URI (e.g. directoryName, otherName): Go refuses the extension.
pub const CA_NC_UNSUPPORTED_FORM: Rule = Rule {
    id: "ca.nc_unsupported_form",
    severity: Severity::Warning,
    reference: "RFC5280 4.2.1.10; Go crypto/x509 (unhandled critical extension)",
    description: "critical nameConstraints with a form other than dNSName, iPAddress, rfc822Name or URI (e.g. directoryName, otherName): Go refuses the extension",
    fix: "Reissue the CA with name constraints only on dNSName, iPAddress, rfc822Name and URI, or mark nameConstraints non-critical if Go clients must accept it.",
    label: None,
    rejected_by: Some(Rejections {
        go: ISSUERS,
        ..Rejections::NONE
    }),
};

/// `chain.crl_nonconforming`: a CRL of an issuer on the path lacks cRLNumber or marks it critical; OpenSSL and rustls-webpki use it anyway.
pub const CHAIN_CRL_NONCONFORMING: Rule = Rule {
    id: "chain.crl_nonconforming",
    severity: Severity::Error,
    reference: "RFC5280 5.2.3",
    description: "a CRL of an issuer on the path lacks cRLNumber; OpenSSL and rustls-webpki use it anyway",
    fix: "Have the CA publish its CRLs with a non-critical cRLNumber (openssl ca -gencrl with crlnumber set; cert-manager does not publish CRLs).",
    label: None,
    rejected_by: Some(Rejections {
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.crl_issuer_no_crlsign`: a CRL is signed by an issuer whose keyUsage lacks cRLSign: OpenSSL refuses the CRL, rustls-webpki uses it.
pub const CHAIN_CRL_ISSUER_NO_CRLSIGN: Rule = Rule {
    id: "chain.crl_issuer_no_crlsign",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.3, 6.3.3(f)",
    description: "a CRL is signed by an issuer whose keyUsage lacks cRLSign: OpenSSL refuses the CRL, rustls-webpki uses it",
    fix: "Reissue the CA with keyUsage=critical,keyCertSign,cRLSign, or sign CRLs with a key that has cRLSign.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.crl_missing`: CRLs were given, but none of them covers a certificate of the path: clients that check the whole chain cannot tell its revocation status.
pub const CHAIN_CRL_MISSING: Rule = Rule {
    id: "chain.crl_missing",
    severity: Severity::Warning,
    reference: "RFC5280 6.3; OpenSSL X509_V_FLAG_CRL_CHECK_ALL; rustls-webpki",
    description: "CRLs were given, but none of them covers a certificate of the path: clients that check the whole chain cannot tell its revocation status",
    fix: "Give the client a current CRL from every CA on the path (OpenSSL with CRL_CHECK_ALL and rustls check the whole chain), or check only the leaf's revocation.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: NOT_ANCHOR,
        rustls: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `chain.cn_outside_name_constraints`: the leaf has no DNS subjectAltName and its host-name-like common name falls outside the DNS name constraints: OpenSSL refuses it, RFC 5280, Go and rustls ignore the CN.
pub const CHAIN_CN_OUTSIDE_NAME_CONSTRAINTS: Rule = Rule {
    id: "chain.cn_outside_name_constraints",
    severity: Severity::Warning,
    reference: "OpenSSL NAME_CONSTRAINTS_check_CN",
    description: "the leaf has no DNS subjectAltName and its host-name-like common name falls outside the DNS name constraints: OpenSSL refuses it, RFC 5280, Go and rustls ignore the CN",
    fix: "Put the host name in a DNS subjectAltName that the CA's name constraints permit, or drop it from the common name.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: LEAF,
        ..Rejections::NONE
    }),
};

/// `chain.anchor_not_self_signed`: the trust anchor of the path does not issue itself (another issuer name, or an authorityKeyIdentifier naming another key): OpenSSL without PARTIAL_CHAIN still looks for its issuer and fails.
pub const CHAIN_ANCHOR_NOT_SELF_SIGNED: Rule = Rule {
    id: "chain.anchor_not_self_signed",
    severity: Severity::Warning,
    reference: "OpenSSL X509_verify_cert (no X509_V_FLAG_PARTIAL_CHAIN)",
    description: "the trust anchor of the path does not issue itself (another issuer name, or an authorityKeyIdentifier naming another key): OpenSSL without PARTIAL_CHAIN still looks for its issuer and fails",
    fix: "Trust the self-signed root above this certificate as well, or configure the client with X509_V_FLAG_PARTIAL_CHAIN (Python 3.13 sets it) if trusting an intermediate is intended.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.at_not_after`: the evaluation time is the notAfter second itself: valid by RFC 5280, expired for OpenSSL.
pub const CERT_AT_NOT_AFTER: Rule = Rule {
    id: "cert.at_not_after",
    severity: Severity::Warning,
    reference: "RFC5280 4.1.2.5; OpenSSL X509_cmp_time",
    description: "the evaluation time is the notAfter second itself: valid by RFC 5280, expired for OpenSSL",
    fix: "Renew it now: it expires this very second.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `bundle.no_usable_ca`: no certificate of the trust bundle is a CA within its validity period, so no chain can end in it.
pub const BUNDLE_NO_USABLE_CA: Rule = Rule {
    id: "bundle.no_usable_ca",
    severity: Severity::Error,
    reference: "operational",
    description: "no certificate of the trust bundle is a CA within its validity period, so no chain can end in it",
    fix: "Add a current root CA certificate to the bundle; every CA in it is expired, not yet valid or not a CA, so nothing can chain to it.",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rustls: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
    }),
};

/// `bundle.contains_crl`: the bundle holds a CRL block; trust stores ignore it (OpenSSL loads it only as a CRL, Go and rustls skip it).
pub const BUNDLE_CONTAINS_CRL: Rule = Rule {
    id: "bundle.contains_crl",
    severity: Severity::Warning,
    reference: "operational",
    description: "the bundle holds a CRL block; trust stores ignore it (OpenSSL loads it only as a CRL, Go and rustls skip it)",
    fix: "Keep CRLs out of the trust bundle: give them to the client's CRL option (or certgate verify --crl) instead.",
    label: None,
    rejected_by: None,
};

/// `bundle.contains_csr`: the bundle holds a certificate request (CSR) where a certificate belongs.
pub const BUNDLE_CONTAINS_CSR: Rule = Rule {
    id: "bundle.contains_csr",
    severity: Severity::Error,
    reference: "operational",
    description: "the bundle holds a certificate request (CSR) where a certificate belongs",
    fix: "Remove the certificate request: a CSR is not a certificate; have it signed and put the CA's certificate in the bundle.",
    label: None,
    rejected_by: None,
};

/// Every rule of this family, in catalogue order.
pub(super) const RULES: &[Rule] = &[
    CERT_VERSION_NOT_V3,
    CERT_VERSION_V2,
    CERT_EXTENSIONS_BEFORE_V3,
    CERT_SERIAL_NOT_POSITIVE,
    CERT_SERIAL_NEGATIVE,
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
    CA_ISSUER_NOT_V3,
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
    CHAIN_ISSUER_KU_EMPTY,
    CHAIN_PATHLEN_EXCEEDED,
    CHAIN_ANCHOR_PATHLEN_EXCEEDED,
    CHAIN_SUBCA_UNDER_PATHLEN_ZERO,
    CHAIN_NAME_CONSTRAINTS_VIOLATED,
    CHAIN_WILDCARD_IN_EXCLUDED_SUBTREE,
    CHAIN_MALFORMED_NAME_UNDER_CONSTRAINTS,
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
    BUNDLE_DER_ENCODED,
    BUNDLE_TEXT_NORMALIZED,
    CERT_EXTENSION_MALFORMED,
    CERT_SAN_EMPTY,
    CERT_SAN_NOT_CRITICAL_EMPTY_SUBJECT,
    CERT_EMPTY_SUBJECT_WITHOUT_SAN,
    CERT_SIGNATURE_UNSUPPORTED,
    CERT_MALFORMED_NAME,
    CERT_MALFORMED_IP_ADDRESS,
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
    LEAF_EKU_ONLY_ANY,
    LEAF_SAN_CRITICAL_WITH_SUBJECT,
    BUNDLE_ROOT_MISSING,
    CERT_EKU_EMPTY,
    CERT_PC_NOT_CRITICAL,
    CERT_AKI_INCONSISTENT,
    CA_NC_INVALID_SUBTREE,
    CA_NC_MINIMUM_MAXIMUM,
    CA_NC_IP_MALFORMED,
    CA_NC_DNS_LEADING_PERIOD,
    CA_ROOT_AKI_INVALID,
    LEAF_CN_NOT_IN_SAN,
    LEAF_EKU_CRITICAL,
    LEAF_CN_MISENCODED,
    CHAIN_REVOKED,
    CHAIN_CRL_INVALID,
    CERT_KEY_TOO_SMALL,
    CERT_EC_CURVE_UNSUPPORTED,
    LEAF_NAME_ONLY_IN_CN,
    CA_NC_UNSUPPORTED_FORM,
    CHAIN_CRL_NONCONFORMING,
    CHAIN_CRL_NUMBER_CRITICAL,
    CHAIN_CRL_ISSUER_NO_CRLSIGN,
    CHAIN_CRL_MISSING,
    CHAIN_CN_OUTSIDE_NAME_CONSTRAINTS,
    CHAIN_ANCHOR_NOT_SELF_SIGNED,
    CERT_AT_NOT_AFTER,
    BUNDLE_NO_USABLE_CA,
    BUNDLE_CONTAINS_CRL,
    BUNDLE_CONTAINS_CSR,
    BUNDLE_UNEXPECTED_BLOCK,
];

/// `cert.malformed_ip_address`: an iPAddress in subjectAltName is neither 4 nor 16 bytes.
pub const CERT_MALFORMED_IP_ADDRESS: Rule = Rule {
    id: "cert.malformed_ip_address",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.6",
    description: "an iPAddress in subjectAltName is neither 4 (IPv4) nor 16 (IPv6) bytes; Go refuses to parse the certificate",
    fix: "Reissue it with well-formed IP addresses in subjectAltName (IP:192.0.2.1, IP:2001:db8::1).",
    label: None,
    rejected_by: Some(Rejections {
        go: EVERYWHERE,
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `cert.ec_curve_unsupported`: an EC key on a curve Go cannot parse (not P-224, P-256, P-384 or P-521).
pub const CERT_EC_CURVE_UNSUPPORTED: Rule = Rule {
    id: "cert.ec_curve_unsupported",
    severity: Severity::Warning,
    reference: "Go crypto/x509 parsePublicKey",
    description: "an EC key on a curve other than P-224, P-256, P-384 and P-521: Go refuses to parse the certificate (\"x509: unsupported elliptic curve\")",
    fix: "Reissue the key on P-256 or P-384 (openssl ecparam -name prime256v1 -genkey).",
    label: None,
    rejected_by: Some(Rejections {
        go: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.nc_minimum_maximum`: a nameConstraints subtree has a minimum other than 0 or a maximum.
pub const CA_NC_MINIMUM_MAXIMUM: Rule = Rule {
    id: "ca.nc_minimum_maximum",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10",
    description: "a nameConstraints subtree has a minimum other than 0 or a maximum: OpenSSL and rustls-webpki refuse it, Go ignores both fields",
    fix: "Reissue the CA with subtrees that carry only a base (openssl: nameConstraints = permitted;DNS:example.com).",
    label: None,
    rejected_by: Some(Rejections {
        openssl: ISSUERS,
        rustls: ISSUERS,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.nc_ip_malformed`: an iPAddress nameConstraints subtree is not an address and a mask (8 or 32 bytes).
pub const CA_NC_IP_MALFORMED: Rule = Rule {
    id: "ca.nc_ip_malformed",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10",
    description: "an iPAddress subtree is not an address and a mask (8 or 32 bytes): Go refuses to parse the CA; OpenSSL and rustls-webpki fail only when a certificate below has an IP address to compare",
    fix: "Reissue the CA with address and mask (openssl: nameConstraints = permitted;IP:192.168.0.0/255.255.0.0).",
    label: None,
    rejected_by: Some(Rejections {
        go: ISSUERS,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.wildcard_in_excluded_subtree`: a wildcard dNSName covers names an excluded subtree forbids.
pub const CHAIN_WILDCARD_IN_EXCLUDED_SUBTREE: Rule = Rule {
    id: "chain.wildcard_in_excluded_subtree",
    severity: Severity::Error,
    reference: "RFC5280 6.1.3(b)(c); RFC9525 6.3",
    description: "a wildcard dNSName (*.example.com) covers names inside an excluded subtree (bar.example.com): Go and rustls-webpki refuse it, OpenSSL compares the wildcard literally and accepts it",
    fix: "Issue the certificate for the explicit names it serves instead of a wildcard that reaches an excluded name, or narrow the CA's exclusion.",
    label: Some("name not permitted"),
    rejected_by: Some(Rejections {
        go: NOT_ANCHOR,
        rustls: NOT_ANCHOR,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.crl_number_critical`: a CRL used for the path marks its cRLNumber critical.
pub const CHAIN_CRL_NUMBER_CRITICAL: Rule = Rule {
    id: "chain.crl_number_critical",
    severity: Severity::Error,
    reference: "RFC5280 5.2.3",
    description: "a CRL of an issuer on the path marks cRLNumber critical: OpenSSL 3 refuses it as an unhandled critical CRL extension, rustls-webpki uses it",
    fix: "Have the CA publish its CRLs with a non-critical cRLNumber (openssl ca -gencrl sets it non-critical).",
    label: None,
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `leaf.eku_only_any`: the leaf's extendedKeyUsage has anyExtendedKeyUsage but not the purpose asked for.
pub const LEAF_EKU_ONLY_ANY: Rule = Rule {
    id: "leaf.eku_only_any",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.12",
    description: "the leaf's extendedKeyUsage has anyExtendedKeyUsage but not serverAuth/clientAuth: Go accepts it, OpenSSL and rustls-webpki require the purpose itself",
    fix: "Reissue the leaf with extendedKeyUsage = serverAuth (or clientAuth) instead of anyExtendedKeyUsage.",
    label: Some("wrong usage"),
    rejected_by: Some(Rejections {
        openssl: LEAF,
        rustls: LEAF,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.anchor_pathlen_exceeded`: the path has more intermediates than the trust anchor's own pathLenConstraint allows.
pub const CHAIN_ANCHOR_PATHLEN_EXCEEDED: Rule = Rule {
    id: "chain.anchor_pathlen_exceeded",
    severity: Severity::Error,
    reference: "RFC5280 6.1.4(l); RFC5280 6.2",
    description: "more non-self-issued intermediates than the trust anchor's own pathLenConstraint allows: OpenSSL and Go refuse, rustls-webpki ignores an anchor's constraints",
    fix: "Shorten the chain, or trust a root whose pathLenConstraint allows this many intermediates.",
    label: Some("path too long"),
    rejected_by: Some(Rejections {
        openssl: EVERYWHERE,
        go: EVERYWHERE,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `ca.issuer_not_v3`: a v1 or v2 certificate is used as a CA.
pub const CA_ISSUER_NOT_V3: Rule = Rule {
    id: "ca.issuer_not_v3",
    severity: Severity::Error,
    reference: "RFC5280 6.1.4(k)",
    description: "a v1 or v2 certificate is used as a CA: it cannot carry basicConstraints, so OpenSSL, Go and rustls-webpki accept it only as a trust anchor",
    fix: "Reissue the CA as X.509 v3 with basicConstraints = critical, CA:TRUE and keyUsage = critical, keyCertSign, cRLSign.",
    label: Some("not usable as a CA"),
    rejected_by: Some(Rejections {
        openssl: INTERMEDIATE,
        go: INTERMEDIATE,
        rustls: INTERMEDIATE,
        rfc5280: INTERMEDIATE,
        webpki: ISSUERS,
        ..Rejections::NONE
    }),
};

/// `cert.extensions_before_v3`: a v1 or v2 certificate carries extensions.
pub const CERT_EXTENSIONS_BEFORE_V3: Rule = Rule {
    id: "cert.extensions_before_v3",
    severity: Severity::Error,
    reference: "RFC5280 4.1.2.1; RFC5280 4.1.2.9",
    description: "a v1 or v2 certificate carries extensions: Go ignores them, so a leaf's subjectAltName and an intermediate's basicConstraints are not seen (OpenSSL reads them)",
    fix: "Reissue it as X.509 v3 (openssl x509 -req … -extfile FILE sets v3 when extensions are given).",
    label: None,
    rejected_by: Some(Rejections {
        go: NOT_ANCHOR,
        rfc5280: NOT_ANCHOR,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.issuer_ku_empty`: the issuer's keyUsage is present with no bit set.
pub const CHAIN_ISSUER_KU_EMPTY: Rule = Rule {
    id: "chain.issuer_ku_empty",
    severity: Severity::Error,
    reference: "RFC5280 6.1.4(n); RFC5280 4.2.1.3",
    description: "an issuer on the path has a keyUsage with no bit set: OpenSSL refuses it as an issuer, Go tests keyCertSign only when a bit is set",
    fix: "Reissue the CA with keyUsage = critical, keyCertSign, cRLSign.",
    label: Some("not usable as a CA"),
    rejected_by: Some(Rejections {
        openssl: ISSUERS,
        rfc5280: EVERYWHERE,
        webpki: EVERYWHERE,
        ..Rejections::NONE
    }),
};

/// `chain.malformed_name_under_constraints`: a dNSName that is not a host name, below a CA with name constraints.
pub const CHAIN_MALFORMED_NAME_UNDER_CONSTRAINTS: Rule = Rule {
    id: "chain.malformed_name_under_constraints",
    severity: Severity::Error,
    reference: "RFC5280 4.2.1.10; RFC5280 4.2.1.6",
    description: "a subjectAltName dNSName that is not a host name (.example.com, a..b) below a CA with name constraints: Go and rustls-webpki cannot compare it and refuse the path",
    fix: "Reissue the certificate with host names only (www.example.com) in subjectAltName.",
    label: None,
    rejected_by: Some(Rejections {
        go: NOT_ANCHOR,
        rustls: NOT_ANCHOR,
        rfc5280: NOT_ANCHOR,
        webpki: NOT_ANCHOR,
        ..Rejections::NONE
    }),
};

/// `bundle.unexpected_block`: a PEM block that is neither a certificate, a key, a CRL nor a request (PUBLIC KEY, PKCS7, DH PARAMETERS …).
pub const BUNDLE_UNEXPECTED_BLOCK: Rule = Rule {
    id: "bundle.unexpected_block",
    severity: Severity::Warning,
    reference: "RFC7468",
    description: "a PEM block that is not a certificate (PUBLIC KEY, PKCS7, DH PARAMETERS …): OpenSSL, Go and trust-manager skip it, so what it was meant to add is not trusted",
    fix: "Remove the block, or convert it to the certificate it stands for (openssl pkcs7 -print_certs -in FILE for PKCS7).",
    label: None,
    rejected_by: None,
};

/// `cert.version_v2`: an X.509 v2 certificate (issuer/subject unique identifiers, no extensions).
pub const CERT_VERSION_V2: Rule = Rule {
    id: "cert.version_v2",
    severity: Severity::Warning,
    reference: "RFC5280 4.1.2.1",
    description: "an X.509 v2 certificate: rustls-webpki refuses it anywhere, even as a trust anchor (it reads v1 anchors only); OpenSSL and Go accept a v2 root",
    fix: "Reissue it as X.509 v3.",
    label: None,
    rejected_by: Some(Rejections {
        rustls: EVERYWHERE,
        ..Rejections::NONE
    }),
};
