//! The OPC UA connector's certificate stores (`opcua.*`): what
//! `az iot ops connector opcua trust|issuer|client add` refuses
//! (`opcua.file.*`), what the OPC UA .NET stack (UA-.NETStandard
//! `CertificateValidator.cs`, which the connector follows) decides across
//! the trust and issuer lists (`opcua.stores.*`) and for a server's
//! certificate (`opcua.server.*`, each naming the `Bad…` status), the
//! application-certificate profile of OPC 10000-6 §6.2.2
//! (`opcua.application.*`) and the Secret Store objects that sync them
//! (`opcua.cluster.*`). No TLS client judges them: severities are fixed,
//! except where a rule's description says a setting raises it.

#[allow(unused_imports)]
use super::{ANCHOR, EVERYWHERE, INTERMEDIATE, ISSUERS, LEAF, NOT_ANCHOR, Rejections, Rule};
use crate::finding::Severity;

/// `opcua.file.extension_unsupported`: the file's extension is not one the store takes: .der or .crt for the trust list, also .crl for the issuer list (and, in the cluster, a CRL patched into the trust list).
pub const OPCUA_FILE_EXTENSION_UNSUPPORTED: Rule = Rule {
    id: "opcua.file.extension_unsupported",
    severity: Severity::Error,
    reference: "az iot ops connector opcua trust|issuer add (certs.py): \"Invalid file extension found for X, only .crt, .der file extensions are supported.\"",
    description: "the file's extension is not one the store takes: .der or .crt for the trust list, also .crl for the issuer list (and, in the cluster, a CRL patched into the trust list)",
    fix: "Rename the file to .der (DER) or .crt (PEM, one certificate); CRLs go into the issuer list as <CA stem>.crl.",
    label: None,
    rejected_by: None,
};

/// `opcua.file.extension_case`: the extension is not lower case: X.CRT fails with a broken message, X.DER is uploaded with the wrong content type.
pub const OPCUA_FILE_EXTENSION_CASE: Rule = Rule {
    id: "opcua.file.extension_case",
    severity: Severity::Error,
    reference: "az iot ops connector opcua (certs.py): extensions compared in lower case only",
    description: "the extension is not lower case: X.CRT fails with a broken message, X.DER is uploaded with the wrong content type",
    fix: "Rename the file with a lower-case extension (.der, .crt, .crl, .pem).",
    label: None,
    rejected_by: None,
};

/// `opcua.file.encoding_mismatch`: the bytes do not have the encoding the extension promises: .crt must be PEM, .der and .crl DER.
pub const OPCUA_FILE_ENCODING_MISMATCH: Rule = Rule {
    id: "opcua.file.encoding_mismatch",
    severity: Severity::Error,
    reference: "az iot ops connector opcua (certs.py, util/x509.py): \"Failed to decode certificate data…\"",
    description: "the bytes do not have the encoding the extension promises: .crt must be PEM, .der and .crl DER",
    fix: "Convert it: openssl x509 -in F -outform DER -out F.der (PEM to .der), openssl x509 -inform DER -in F -out F.crt (DER to .crt), openssl crl -in F -outform DER -out F.crl.",
    label: None,
    rejected_by: None,
};

/// `opcua.file.undecodable`: the file is neither a PEM nor a DER certificate (or CRL) at all.
pub const OPCUA_FILE_UNDECODABLE: Rule = Rule {
    id: "opcua.file.undecodable",
    severity: Severity::Error,
    reference: "az iot ops connector opcua (util/x509.py): \"Failed to decode certificate data…\"",
    description: "the file is neither a PEM nor a DER certificate (or CRL) at all",
    fix: "Export the certificate again from the OPC UA server or CA, as DER (.der) or PEM (.crt); openssl x509 -in F -noout -text shows whether it is one.",
    label: None,
    rejected_by: None,
};

/// `opcua.file.pkcs12`: the file is a PKCS#12 (.pfx/.p12) archive, which holds a private key, where only a certificate belongs.
pub const OPCUA_FILE_PKCS12: Rule = Rule {
    id: "opcua.file.pkcs12",
    severity: Severity::Error,
    reference: "az iot ops connector opcua (util/x509.py); OPC UA servers often export .pfx",
    description: "the file is a PKCS#12 (.pfx/.p12) archive, which holds a private key, where only a certificate belongs",
    fix: "Extract the certificate only: openssl pkcs12 -in F.pfx -nokeys -clcerts | openssl x509 -outform DER -out F.der; never upload the archive.",
    label: None,
    rejected_by: None,
};

/// `opcua.file.private_key`: the file holds a private key where a certificate belongs: it would be stored as a Key Vault secret readable by everyone who can read the store.
pub const OPCUA_FILE_PRIVATE_KEY: Rule = Rule {
    id: "opcua.file.private_key",
    severity: Severity::Error,
    reference: "az iot ops connector opcua (util/x509.py): \"Failed to decode certificate data…\"",
    description: "the file holds a private key where a certificate belongs: it would be stored as a Key Vault secret readable by everyone who can read the store",
    fix: "Upload the certificate instead (openssl req/x509 made it beside the key); keep the key on the server it belongs to.",
    label: None,
    rejected_by: None,
};

/// `opcua.file.multiple_certificates`: a .crt (or .der) holds more than one certificate: the CLI refuses it and the stack's directory store reads only the first.
pub const OPCUA_FILE_MULTIPLE_CERTIFICATES: Rule = Rule {
    id: "opcua.file.multiple_certificates",
    severity: Severity::Error,
    reference: "az iot ops connector opcua (certs.py): \"Multiple certificates detected in file…\"",
    description: "a .crt (or .der) holds more than one certificate: the CLI refuses it and the stack's directory store reads only the first",
    fix: "Split the file, one certificate per file: openssl storeutl -certs F.crt, then save each block as its own .crt.",
    label: None,
    rejected_by: None,
};

/// `opcua.file.expired`: the certificate's notAfter is before the evaluation time.
pub const OPCUA_FILE_EXPIRED: Rule = Rule {
    id: "opcua.file.expired",
    severity: Severity::Error,
    reference: "az iot ops connector opcua (certs.py): \"Certificate in file … is expired\"; CertificateValidator: BadCertificateTimeInvalid / BadCertificateIssuerTimeInvalid",
    description: "the certificate's notAfter is before the evaluation time",
    fix: "Get a renewed certificate from the server's administrator or CA and upload it instead.",
    label: None,
    rejected_by: None,
};

/// `opcua.file.not_yet_valid`: the certificate's notBefore is after the evaluation time: the CLI uploads it, the connector rejects it until then.
pub const OPCUA_FILE_NOT_YET_VALID: Rule = Rule {
    id: "opcua.file.not_yet_valid",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateTimeInvalid / BadCertificateIssuerTimeInvalid; the az CLI checks notAfter only",
    description: "the certificate's notBefore is after the evaluation time: the CLI uploads it, the connector rejects it until then",
    fix: "Check the server's clock when it made the certificate, or wait until notBefore; reissue it with a notBefore in the past.",
    label: None,
    rejected_by: None,
};

/// `opcua.file.issuer_not_ca`: a v3 certificate in the issuer list lacks basicConstraints cA=TRUE.
pub const OPCUA_FILE_ISSUER_NOT_CA: Rule = Rule {
    id: "opcua.file.issuer_not_ca",
    severity: Severity::Error,
    reference: "az iot ops connector opcua issuer add (certs.py): \"…is not a CA certificate. Only CA certificates can be added to the issuer list.\"",
    description: "a v3 certificate in the issuer list lacks basicConstraints cA=TRUE",
    fix: "Put a server's own certificate in the trust list (az iot ops connector opcua trust add); the issuer list is for CA certificates only.",
    label: None,
    rejected_by: None,
};

/// `opcua.file.crl_without_certificate`: a .crl has no `<stem>.crt` or `<stem>.der` beside it in the same store.
pub const OPCUA_FILE_CRL_WITHOUT_CERTIFICATE: Rule = Rule {
    id: "opcua.file.crl_without_certificate",
    severity: Severity::Error,
    reference: "az iot ops connector opcua issuer add (certs.py): \"Cannot add .crl X without corresponding .crt or .der file.\"",
    description: "a .crl has no <stem>.crt or <stem>.der beside it in the same store",
    fix: "Name the CRL after its CA's file (my-ca.der with my-ca.crl) and upload the CA certificate with it (or first).",
    label: None,
    rejected_by: None,
};

/// `opcua.file.secret_name_invalid`: the Key Vault secret name the CLI derives from the file name (dots replaced by dashes) is not ^[0-9a-zA-Z-]+$.
pub const OPCUA_FILE_SECRET_NAME_INVALID: Rule = Rule {
    id: "opcua.file.secret_name_invalid",
    severity: Severity::Error,
    reference: "az iot ops connector opcua (certs.py); Azure Key Vault secret names: ^[0-9a-zA-Z-]+$",
    description: "the Key Vault secret name the CLI derives from the file name (dots replaced by dashes) is not ^[0-9a-zA-Z-]+$",
    fix: "Rename the file with letters, digits, dashes and the extension's dot only (my_server.der -> my-server.der).",
    label: None,
    rejected_by: None,
};

/// `opcua.file.secret_name_collision`: two files get the same Key Vault secret name (a.b.der and a-b.der are both a-b-der): the second overwrites the first.
pub const OPCUA_FILE_SECRET_NAME_COLLISION: Rule = Rule {
    id: "opcua.file.secret_name_collision",
    severity: Severity::Error,
    reference: "az iot ops connector opcua (certs.py): secret name = file name with . replaced by -",
    description: "two files get the same Key Vault secret name (a.b.der and a-b.der are both a-b-der): the second overwrites the first",
    fix: "Rename one of the files so their names differ in more than dots and dashes.",
    label: None,
    rejected_by: None,
};

/// `opcua.stores.issuer_grants_no_trust`: an issuer-list CA lies on no chain of any trust-list certificate: no server is ever trusted through it.
pub const OPCUA_STORES_ISSUER_GRANTS_NO_TRUST: Rule = Rule {
    id: "opcua.stores.issuer_grants_no_trust",
    severity: Severity::Warning,
    reference: "UA-.NETStandard Docs/Certificates.md: \"A certificate in the Issuer store is not trusted!\"; CertificateValidator",
    description: "an issuer-list CA lies on no chain of any trust-list certificate: no server is ever trusted through it",
    fix: "Put the CA (or the servers it issued) in the trust list if the connector should trust them; otherwise remove it from the issuer list.",
    label: None,
    rejected_by: None,
};

/// `opcua.stores.chain_incomplete`: a trust-list certificate's chain cannot be completed to a self-signed root through the trust and issuer lists.
pub const OPCUA_STORES_CHAIN_INCOMPLETE: Rule = Rule {
    id: "opcua.stores.chain_incomplete",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateChainIncomplete",
    description: "a trust-list certificate's chain cannot be completed to a self-signed root through the trust and issuer lists",
    fix: "Add the missing CA certificates (the issuer named in the message, up to its self-signed root) to the issuer list.",
    label: None,
    rejected_by: None,
};

/// `opcua.stores.issuer_not_ca`: a certificate that issued another one on a chain lacks basicConstraints cA=TRUE, so the chain does not close.
pub const OPCUA_STORES_ISSUER_NOT_CA: Rule = Rule {
    id: "opcua.stores.issuer_not_ca",
    severity: Severity::Error,
    reference: "X509Utils / CertificateValidator (UA-.NETStandard): an issuer must have basicConstraints cA=TRUE; BadCertificateChainIncomplete",
    description: "a certificate that issued another one on a chain lacks basicConstraints cA=TRUE, so the chain does not close",
    fix: "Reissue the CA certificate with basicConstraints=critical,CA:TRUE and keyCertSign.",
    label: None,
    rejected_by: None,
};

/// `opcua.stores.crl_no_issuer`: no CA certificate in the same store has the CRL's issuer name: the stack never reads the CRL.
pub const OPCUA_STORES_CRL_NO_ISSUER: Rule = Rule {
    id: "opcua.stores.crl_no_issuer",
    severity: Severity::Warning,
    reference: "DirectoryCertificateStore.IsRevoked (UA-.NETStandard): a CRL is matched to its CA by issuer name",
    description: "no CA certificate in the same store has the CRL's issuer name: the stack never reads the CRL",
    fix: "Upload the CRL next to its CA certificate (same store), or remove it.",
    label: None,
    rejected_by: None,
};

/// `opcua.stores.crl_bad_signature`: the CRL names a CA of the store but is not signed by its key: the stack ignores it.
pub const OPCUA_STORES_CRL_BAD_SIGNATURE: Rule = Rule {
    id: "opcua.stores.crl_bad_signature",
    severity: Severity::Warning,
    reference: "DirectoryCertificateStore.IsRevoked / X509Crl.VerifySignature (UA-.NETStandard)",
    description: "the CRL names a CA of the store but is not signed by its key: the stack ignores it",
    fix: "Download the CRL again from the CA that issued the certificates; a CRL from a re-keyed or different CA with the same name does not count.",
    label: None,
    rejected_by: None,
};

/// `opcua.stores.crl_not_current`: the CRL's thisUpdate is in the future or its nextUpdate has passed: the CA's revocation status is unknown.
pub const OPCUA_STORES_CRL_NOT_CURRENT: Rule = Rule {
    id: "opcua.stores.crl_not_current",
    severity: Severity::Warning,
    reference: "DirectoryCertificateStore.IsRevoked (UA-.NETStandard): thisUpdate <= now <= nextUpdate; an error when rejectUnknownRevocationStatus is true",
    description: "the CRL's thisUpdate is in the future or its nextUpdate has passed: the CA's revocation status is unknown",
    fix: "Publish a fresh CRL from the CA and replace the file (openssl ca -gencrl).",
    label: None,
    rejected_by: None,
};

/// `opcua.stores.crl_missing`: rejectUnknownRevocationStatus is true and a CA on a path has no current CRL, signed by it, in the store where the CA is.
pub const OPCUA_STORES_CRL_MISSING: Rule = Rule {
    id: "opcua.stores.crl_missing",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard) with rejectUnknownRevocationStatus: BadCertificateRevocationUnknown / BadCertificateIssuerRevocationUnknown",
    description: "rejectUnknownRevocationStatus is true and a CA on a path has no current CRL, signed by it, in the store where the CA is",
    fix: "Upload the CA's current CRL as <ca stem>.crl into the same store as the CA, or set rejectUnknownRevocationStatus to false.",
    label: None,
    rejected_by: None,
};

/// `opcua.stores.revoked`: a certificate in a store is listed as revoked by a CRL of its issuer in the stores.
pub const OPCUA_STORES_REVOKED: Rule = Rule {
    id: "opcua.stores.revoked",
    severity: Severity::Error,
    reference: "DirectoryCertificateStore.IsRevoked (UA-.NETStandard): BadCertificateRevoked, never suppressible",
    description: "a certificate in a store is listed as revoked by a CRL of its issuer in the stores",
    fix: "Remove the revoked certificate from the store and get a new one from the server's CA.",
    label: None,
    rejected_by: None,
};

/// `opcua.server.untrusted`: neither the server certificate nor any CA on its chain is in the trust list.
pub const OPCUA_SERVER_UNTRUSTED: Rule = Rule {
    id: "opcua.server.untrusted",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateUntrusted; Docs/Certificates.md",
    description: "neither the server certificate nor any CA on its chain is in the trust list",
    fix: "Add the server certificate (self-signed servers) or its CA to the trust list: certgate opcua trust F, then az iot ops connector opcua trust add.",
    label: None,
    rejected_by: None,
};

/// `opcua.server.chain_incomplete`: the server certificate's chain does not reach a self-signed root through the certificates the server presents and the two stores.
pub const OPCUA_SERVER_CHAIN_INCOMPLETE: Rule = Rule {
    id: "opcua.server.chain_incomplete",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateChainIncomplete",
    description: "the server certificate's chain does not reach a self-signed root through the certificates the server presents and the two stores",
    fix: "Add the missing CA certificates named in the message to the issuer list (az iot ops connector opcua issuer add).",
    label: None,
    rejected_by: None,
};

/// `opcua.server.time_invalid`: the server certificate is expired or not yet valid.
pub const OPCUA_SERVER_TIME_INVALID: Rule = Rule {
    id: "opcua.server.time_invalid",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateTimeInvalid",
    description: "the server certificate is expired or not yet valid",
    fix: "Renew the server's application instance certificate and trust the new one.",
    label: None,
    rejected_by: None,
};

/// `opcua.server.issuer_time_invalid`: a CA on the server certificate's chain is expired or not yet valid.
pub const OPCUA_SERVER_ISSUER_TIME_INVALID: Rule = Rule {
    id: "opcua.server.issuer_time_invalid",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateIssuerTimeInvalid",
    description: "a CA on the server certificate's chain is expired or not yet valid",
    fix: "Renew the CA certificate and replace it in the trust or issuer list.",
    label: None,
    rejected_by: None,
};

/// `opcua.server.revoked`: the server certificate is listed by its issuer's CRL in the stores.
pub const OPCUA_SERVER_REVOKED: Rule = Rule {
    id: "opcua.server.revoked",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateRevoked (never suppressible)",
    description: "the server certificate is listed by its issuer's CRL in the stores",
    fix: "Issue the server a new certificate; a revoked one is never accepted.",
    label: None,
    rejected_by: None,
};

/// `opcua.server.issuer_revoked`: a CA on the server certificate's chain is listed by its own issuer's CRL.
pub const OPCUA_SERVER_ISSUER_REVOKED: Rule = Rule {
    id: "opcua.server.issuer_revoked",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateIssuerRevoked",
    description: "a CA on the server certificate's chain is listed by its own issuer's CRL",
    fix: "Move the server to a CA that is not revoked.",
    label: None,
    rejected_by: None,
};

/// `opcua.server.revocation_unknown`: no current CRL of the server certificate's issuer is in the issuer's store.
pub const OPCUA_SERVER_REVOCATION_UNKNOWN: Rule = Rule {
    id: "opcua.server.revocation_unknown",
    severity: Severity::Info,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateRevocationUnknown, an error only when rejectUnknownRevocationStatus is true (default false)",
    description: "no current CRL of the server certificate's issuer is in the issuer's store",
    fix: "Upload the issuing CA's current CRL beside it, or leave rejectUnknownRevocationStatus false.",
    label: None,
    rejected_by: None,
};

/// `opcua.server.issuer_revocation_unknown`: no current CRL covers a CA on the server certificate's chain.
pub const OPCUA_SERVER_ISSUER_REVOCATION_UNKNOWN: Rule = Rule {
    id: "opcua.server.issuer_revocation_unknown",
    severity: Severity::Info,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateIssuerRevocationUnknown, an error only when rejectUnknownRevocationStatus is true (default false)",
    description: "no current CRL covers a CA on the server certificate's chain",
    fix: "Upload the CRL of each CA's issuer beside that issuer, or leave rejectUnknownRevocationStatus false.",
    label: None,
    rejected_by: None,
};

/// `opcua.server.use_not_allowed`: an RSA server certificate lacks keyUsage dataEncipherment, or an ECDSA one lacks digitalSignature.
pub const OPCUA_SERVER_USE_NOT_ALLOWED: Rule = Rule {
    id: "opcua.server.use_not_allowed",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificateUseNotAllowed",
    description: "an RSA server certificate lacks keyUsage dataEncipherment, or an ECDSA one lacks digitalSignature",
    fix: "Reissue the server certificate with the OPC UA key usages (digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment).",
    label: None,
    rejected_by: None,
};

/// `opcua.server.key_too_small`: the server certificate's RSA key is shorter than minimumCertificateKeySize.
pub const OPCUA_SERVER_KEY_TOO_SMALL: Rule = Rule {
    id: "opcua.server.key_too_small",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificatePolicyCheckFailed; minimumCertificateKeySize (default 2048)",
    description: "the server certificate's RSA key is shorter than minimumCertificateKeySize",
    fix: "Reissue the certificate with an RSA key of at least 2048 bits, or lower minimumCertificateKeySize (not recommended).",
    label: None,
    rejected_by: None,
};

/// `opcua.server.sha1_signature`: the server certificate is signed with SHA-1 and rejectSha1SignedCertificates is true.
pub const OPCUA_SERVER_SHA1_SIGNATURE: Rule = Rule {
    id: "opcua.server.sha1_signature",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificatePolicyCheckFailed; rejectSha1SignedCertificates (default true)",
    description: "the server certificate is signed with SHA-1 and rejectSha1SignedCertificates is true",
    fix: "Reissue the certificate signed with SHA-256 or better, or set rejectSha1SignedCertificates to false (not recommended).",
    label: None,
    rejected_by: None,
};

/// `opcua.server.ecdsa_hash_mismatch`: an ECDSA server certificate's SHA-2 signature hash does not match its curve (P-256 with SHA-256, P-384 with SHA-384, P-521 with SHA-512).
pub const OPCUA_SERVER_ECDSA_HASH_MISMATCH: Rule = Rule {
    id: "opcua.server.ecdsa_hash_mismatch",
    severity: Severity::Error,
    reference: "CertificateValidator (UA-.NETStandard): BadCertificatePolicyCheckFailed (ECDSA signature hash must match the curve)",
    description: "an ECDSA server certificate's SHA-2 signature hash does not match its curve (P-256 with SHA-256, P-384 with SHA-384, P-521 with SHA-512)",
    fix: "Reissue the certificate with the hash that matches the curve (openssl req -sha256 for P-256, -sha384 for P-384).",
    label: None,
    rejected_by: None,
};

/// `opcua.server.host_name_invalid`: the endpoint's host is not among the server certificate's SAN DNS names or IP addresses.
pub const OPCUA_SERVER_HOST_NAME_INVALID: Rule = Rule {
    id: "opcua.server.host_name_invalid",
    severity: Severity::Error,
    reference: "CertificateValidator / ClientBase (UA-.NETStandard): BadCertificateHostNameInvalid",
    description: "the endpoint's host is not among the server certificate's SAN DNS names or IP addresses",
    fix: "Reissue the server certificate with the endpoint host in subjectAltName (DNS:host or IP:address), or connect by a name it carries.",
    label: None,
    rejected_by: None,
};

/// `opcua.application.key_pair_files`: the application certificate is not a `<stem>.der` with a `<stem>.pem` of the same stem.
pub const OPCUA_APPLICATION_KEY_PAIR_FILES: Rule = Rule {
    id: "opcua.application.key_pair_files",
    severity: Severity::Error,
    reference: "az iot ops connector opcua client add (certs.py): public key .der and private key .pem with the same stem",
    description: "the application certificate is not a <stem>.der with a <stem>.pem of the same stem",
    fix: "Name the files alike: openssl x509 -outform DER -out connector.der, and the key as connector.pem.",
    label: None,
    rejected_by: None,
};

/// `opcua.application.key_mismatch`: the private key .pem does not belong to the certificate .der: the connector cannot load its certificate.
pub const OPCUA_APPLICATION_KEY_MISMATCH: Rule = Rule {
    id: "opcua.application.key_mismatch",
    severity: Severity::Error,
    reference: "DirectoryCertificateStore / X509Utils.VerifyKeyPair (UA-.NETStandard); the az CLI does not check",
    description: "the private key .pem does not belong to the certificate .der: the connector cannot load its certificate",
    fix: "Upload the key made with this certificate (compare openssl x509 -inform DER -in F.der -noout -pubkey with openssl pkey -in F.pem -pubout).",
    label: None,
    rejected_by: None,
};

/// `opcua.application.key_unreadable`: the .pem holds no private key the connector can load (none, encrypted, or not a key).
pub const OPCUA_APPLICATION_KEY_UNREADABLE: Rule = Rule {
    id: "opcua.application.key_unreadable",
    severity: Severity::Error,
    reference: "DirectoryCertificateStore (UA-.NETStandard): the key is loaded without a password",
    description: "the .pem holds no private key the connector can load (none, encrypted, or not a key)",
    fix: "Write the key unencrypted as PEM: openssl pkey -in key -out F.pem.",
    label: None,
    rejected_by: None,
};

/// `opcua.application.common_name_missing`: the application certificate's subject has no CN.
pub const OPCUA_APPLICATION_COMMON_NAME_MISSING: Rule = Rule {
    id: "opcua.application.common_name_missing",
    severity: Severity::Error,
    reference: "az iot ops connector opcua client add (certs.py); OPC 10000-6 §6.2.2",
    description: "the application certificate's subject has no CN",
    fix: "Reissue the certificate with a subject CN (the subjectName the connector is configured with).",
    label: None,
    rejected_by: None,
};

/// `opcua.application.uri_count`: the application certificate does not carry exactly one subjectAltName URI (the application URI).
pub const OPCUA_APPLICATION_URI_COUNT: Rule = Rule {
    id: "opcua.application.uri_count",
    severity: Severity::Error,
    reference: "az iot ops connector opcua client add (certs.py): \"Not able to extract application URI…\"; OPC 10000-6 §6.2.2",
    description: "the application certificate does not carry exactly one subjectAltName URI (the application URI)",
    fix: "Reissue the certificate with one subjectAltName URI, the application URI (e.g. URI:urn:aio:opc-ua-broker).",
    label: None,
    rejected_by: None,
};

/// `opcua.application.subject_name_mismatch`: the --subject-name given does not equal the certificate's subject (or its CN).
pub const OPCUA_APPLICATION_SUBJECT_NAME_MISMATCH: Rule = Rule {
    id: "opcua.application.subject_name_mismatch",
    severity: Severity::Error,
    reference: "az iot ops connector opcua client add (certs.py): --subject-name must equal the certificate's subject",
    description: "the --subject-name given does not equal the certificate's subject (or its CN)",
    fix: "Pass the certificate's subject as --subject-name (openssl x509 -inform DER -in F.der -noout -subject), or omit it.",
    label: None,
    rejected_by: None,
};

/// `opcua.application.uri_mismatch`: the --application-uri given does not equal the certificate's SAN URI.
pub const OPCUA_APPLICATION_URI_MISMATCH: Rule = Rule {
    id: "opcua.application.uri_mismatch",
    severity: Severity::Error,
    reference: "az iot ops connector opcua client add (certs.py); OPC 10000-4 §5.6.2: a .NET server answers BadCertificateUriInvalid",
    description: "the --application-uri given does not equal the certificate's SAN URI",
    fix: "Pass the certificate's SAN URI as --application-uri, or reissue the certificate with the intended URI.",
    label: None,
    rejected_by: None,
};

/// `opcua.application.issuer_missing`: the application certificate is issued by a CA that is not in the issuer list.
pub const OPCUA_APPLICATION_ISSUER_MISSING: Rule = Rule {
    id: "opcua.application.issuer_missing",
    severity: Severity::Warning,
    reference: "az iot ops connector opcua client add (certs.py, warning); CertificateValidator at the peer: BadCertificateChainIncomplete",
    description: "the application certificate is issued by a CA that is not in the issuer list",
    fix: "Add the issuing CA (and its chain) to the issuer list: az iot ops connector opcua issuer add --certificate-file ca.der.",
    label: None,
    rejected_by: None,
};

/// `opcua.application.key_usage`: an application instance certificate lacks a key usage of the OPC UA profile.
pub const OPCUA_APPLICATION_KEY_USAGE: Rule = Rule {
    id: "opcua.application.key_usage",
    severity: Severity::Warning,
    reference: "OPC 10000-6 §6.2.2 (digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment); an error where a .NET peer checks it (RSA dataEncipherment, ECDSA digitalSignature: BadCertificateUseNotAllowed)",
    description: "an application instance certificate lacks a key usage of the OPC UA profile",
    fix: "Reissue the certificate with keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment.",
    label: None,
    rejected_by: None,
};

/// `opcua.application.extended_key_usage`: an application instance certificate's extendedKeyUsage lacks serverAuth or clientAuth.
pub const OPCUA_APPLICATION_EXTENDED_KEY_USAGE: Rule = Rule {
    id: "opcua.application.extended_key_usage",
    severity: Severity::Warning,
    reference: "OPC 10000-6 §6.2.2: extendedKeyUsage serverAuth and clientAuth",
    description: "an application instance certificate's extendedKeyUsage lacks serverAuth or clientAuth",
    fix: "Reissue the certificate with extendedKeyUsage=serverAuth,clientAuth.",
    label: None,
    rejected_by: None,
};

/// `opcua.application.key_size`: the application certificate's key is not RSA of 2048, 3072 or 4096 bits.
pub const OPCUA_APPLICATION_KEY_SIZE: Rule = Rule {
    id: "opcua.application.key_size",
    severity: Severity::Warning,
    reference: "OPC 10000-12 §7.8.4.9 / Basic256Sha256 (RSA 2048-4096); an error below the peers' default minimumCertificateKeySize of 2048",
    description: "the application certificate's key is not RSA of 2048, 3072 or 4096 bits",
    fix: "Reissue the certificate with an RSA 2048 (or 3072/4096) bit key.",
    label: None,
    rejected_by: None,
};

/// `opcua.application.signature_hash`: the application certificate is signed with SHA-1 or weaker.
pub const OPCUA_APPLICATION_SIGNATURE_HASH: Rule = Rule {
    id: "opcua.application.signature_hash",
    severity: Severity::Error,
    reference: "OPC 10000-12 §7.8.4.9 (SHA-256 or better); peers reject SHA-1 by default (rejectSha1SignedCertificates)",
    description: "the application certificate is signed with SHA-1 or weaker",
    fix: "Reissue the certificate signed with SHA-256 (openssl req -sha256).",
    label: None,
    rejected_by: None,
};

/// `opcua.cluster.target_key_missing`: a SecretSync's targetKey is not a data key of the Secret it makes.
pub const OPCUA_CLUSTER_TARGET_KEY_MISSING: Rule = Rule {
    id: "opcua.cluster.target_key_missing",
    severity: Severity::Error,
    reference: "Secret Store extension (SecretSync spec.secretObject.data[].targetKey)",
    description: "a SecretSync's targetKey is not a data key of the Secret it makes",
    fix: "Make the Secret and its SecretSync agree: re-run az iot ops connector opcua trust|issuer|client add, or fix targetKey to the file name.",
    label: None,
    rejected_by: None,
};

/// `opcua.cluster.object_encoding`: a SecretProviderClass object the OPC UA stores read is not objectEncoding: hex, so the synced file holds the hex text instead of the certificate.
pub const OPCUA_CLUSTER_OBJECT_ENCODING: Rule = Rule {
    id: "opcua.cluster.object_encoding",
    severity: Severity::Error,
    reference: "az iot ops connector opcua (certs.py) stores the file hex-encoded; SecretProviderClass objects[].objectEncoding",
    description: "a SecretProviderClass object the OPC UA stores read is not objectEncoding: hex, so the synced file holds the hex text instead of the certificate",
    fix: "Set objectEncoding: hex on the object (the CLI writes the Key Vault secret hex-encoded).",
    label: None,
    rejected_by: None,
};

/// `opcua.cluster.provider_class_missing`: the SecretProviderClass a SecretSync names is not among the objects (same namespace).
pub const OPCUA_CLUSTER_PROVIDER_CLASS_MISSING: Rule = Rule {
    id: "opcua.cluster.provider_class_missing",
    severity: Severity::Error,
    reference: "Secret Store extension: SecretSync spec.secretProviderClassName",
    description: "the SecretProviderClass a SecretSync names is not among the objects (same namespace)",
    fix: "Create the SecretProviderClass (az iot ops secretsync enable), or fix spec.secretProviderClassName.",
    label: None,
    rejected_by: None,
};

/// `opcua.cluster.source_path_unknown`: a SecretSync's sourcePath is not an object of the SecretProviderClass it names.
pub const OPCUA_CLUSTER_SOURCE_PATH_UNKNOWN: Rule = Rule {
    id: "opcua.cluster.source_path_unknown",
    severity: Severity::Error,
    reference: "Secret Store extension: SecretSync data[].sourcePath names a SecretProviderClass objectName (or objectAlias)",
    description: "a SecretSync's sourcePath is not an object of the SecretProviderClass it names",
    fix: "List the Key Vault secret in the SecretProviderClass's spec.parameters.objects, or fix sourcePath.",
    label: None,
    rejected_by: None,
};

/// Every rule of this family, in catalogue order.
pub(super) const RULES: &[Rule] = &[
    OPCUA_FILE_EXTENSION_UNSUPPORTED,
    OPCUA_FILE_EXTENSION_CASE,
    OPCUA_FILE_ENCODING_MISMATCH,
    OPCUA_FILE_UNDECODABLE,
    OPCUA_FILE_PKCS12,
    OPCUA_FILE_PRIVATE_KEY,
    OPCUA_FILE_MULTIPLE_CERTIFICATES,
    OPCUA_FILE_EXPIRED,
    OPCUA_FILE_NOT_YET_VALID,
    OPCUA_FILE_ISSUER_NOT_CA,
    OPCUA_FILE_CRL_WITHOUT_CERTIFICATE,
    OPCUA_FILE_SECRET_NAME_INVALID,
    OPCUA_FILE_SECRET_NAME_COLLISION,
    OPCUA_STORES_ISSUER_GRANTS_NO_TRUST,
    OPCUA_STORES_CHAIN_INCOMPLETE,
    OPCUA_STORES_ISSUER_NOT_CA,
    OPCUA_STORES_CRL_NO_ISSUER,
    OPCUA_STORES_CRL_BAD_SIGNATURE,
    OPCUA_STORES_CRL_NOT_CURRENT,
    OPCUA_STORES_CRL_MISSING,
    OPCUA_STORES_REVOKED,
    OPCUA_SERVER_UNTRUSTED,
    OPCUA_SERVER_CHAIN_INCOMPLETE,
    OPCUA_SERVER_TIME_INVALID,
    OPCUA_SERVER_ISSUER_TIME_INVALID,
    OPCUA_SERVER_REVOKED,
    OPCUA_SERVER_ISSUER_REVOKED,
    OPCUA_SERVER_REVOCATION_UNKNOWN,
    OPCUA_SERVER_ISSUER_REVOCATION_UNKNOWN,
    OPCUA_SERVER_USE_NOT_ALLOWED,
    OPCUA_SERVER_KEY_TOO_SMALL,
    OPCUA_SERVER_SHA1_SIGNATURE,
    OPCUA_SERVER_ECDSA_HASH_MISMATCH,
    OPCUA_SERVER_HOST_NAME_INVALID,
    OPCUA_APPLICATION_KEY_PAIR_FILES,
    OPCUA_APPLICATION_KEY_MISMATCH,
    OPCUA_APPLICATION_KEY_UNREADABLE,
    OPCUA_APPLICATION_COMMON_NAME_MISSING,
    OPCUA_APPLICATION_URI_COUNT,
    OPCUA_APPLICATION_SUBJECT_NAME_MISMATCH,
    OPCUA_APPLICATION_URI_MISMATCH,
    OPCUA_APPLICATION_ISSUER_MISSING,
    OPCUA_APPLICATION_KEY_USAGE,
    OPCUA_APPLICATION_EXTENDED_KEY_USAGE,
    OPCUA_APPLICATION_KEY_SIZE,
    OPCUA_APPLICATION_SIGNATURE_HASH,
    OPCUA_CLUSTER_TARGET_KEY_MISSING,
    OPCUA_CLUSTER_OBJECT_ENCODING,
    OPCUA_CLUSTER_PROVIDER_CLASS_MISSING,
    OPCUA_CLUSTER_SOURCE_PATH_UNKNOWN,
];
