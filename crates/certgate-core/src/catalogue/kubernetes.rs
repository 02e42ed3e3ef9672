//! Kubernetes rules (`secret.*`, `settings.*`, `issuer.*`, `issuerref.*`,
//! `certificate.*`): what cert-manager, trust-manager and Azure IoT
//! Operations fail on. Their severity is fixed: no TLS client judges them.

#[allow(unused_imports)]
use super::{ANCHOR, EVERYWHERE, INTERMEDIATE, ISSUERS, LEAF, NOT_ANCHOR, Rejections, Rule};
use crate::finding::Severity;

/// `secret.malformed`: secret lacks tls.crt/tls.key or they don't parse.
pub const SECRET_MALFORMED: Rule = Rule {
    id: "secret.malformed",
    severity: Severity::Error,
    reference: "cert-manager CA Issuer",
    description: "secret lacks tls.crt/tls.key or they don't parse",
    fix: "Recreate the Secret with tls.crt (PEM certificate) and tls.key (PEM key): kubectl create secret tls NAME --cert=ca.crt --key=ca.key.",
    label: None,
    rejected_by: None,
};

/// `secret.key_mismatch`: tls.key does not match tls.crt public key.
pub const SECRET_KEY_MISMATCH: Rule = Rule {
    id: "secret.key_mismatch",
    severity: Severity::Error,
    reference: "cert-manager CA Issuer",
    description: "tls.key does not match tls.crt public key",
    fix: "Put the private key that belongs to tls.crt into tls.key (compare openssl x509 -noout -pubkey with openssl pkey -pubout).",
    label: None,
    rejected_by: None,
};

/// `secret.cert_not_ca`: tls.crt[0] is not a CA (cA/keyCertSign).
pub const SECRET_CERT_NOT_CA: Rule = Rule {
    id: "secret.cert_not_ca",
    severity: Severity::Error,
    reference: "cert-manager CA Issuer",
    description: "tls.crt[0] is not a CA (cA/keyCertSign)",
    fix: "Put a CA certificate (basicConstraints=critical,CA:TRUE with keyCertSign) in tls.crt, or use a different issuer type.",
    label: Some("not usable as a CA"),
    rejected_by: None,
};

/// `secret.ca_crt_mismatch`: ca.crt does not contain the issuer (or self) of tls.crt.
pub const SECRET_CA_CRT_MISMATCH: Rule = Rule {
    id: "secret.ca_crt_mismatch",
    severity: Severity::Warning,
    reference: "cert-manager CA Issuer",
    description: "ca.crt does not contain the issuer (or self) of tls.crt",
    fix: "Put the CA that issued tls.crt (or tls.crt itself for a root) into ca.crt, or remove ca.crt.",
    label: None,
    rejected_by: None,
};

/// `secret.not_in_trust_bundle`: issuer CA does not chain to the configured trust bundle.
pub const SECRET_NOT_IN_TRUST_BUNDLE: Rule = Rule {
    id: "secret.not_in_trust_bundle",
    severity: Severity::Error,
    reference: "operational",
    description: "issuer CA does not chain to the configured trust bundle",
    fix: "Add the issuer's root CA to the trust bundle ConfigMap, or issue from a CA that chains to it.",
    label: Some("untrusted"),
    rejected_by: None,
};

/// `settings.key_missing`: one of configMapName, configMapKey, issuerKind, issuerName is absent.
pub const SETTINGS_KEY_MISSING: Rule = Rule {
    id: "settings.key_missing",
    severity: Severity::Error,
    reference: "az iot ops --trust-settings",
    description: "one of configMapName, configMapKey, issuerKind, issuerName is absent",
    fix: "Give all four keys: --trust-settings configMapName=… configMapKey=… issuerKind=… issuerName=….",
    label: None,
    rejected_by: None,
};

/// `settings.value_empty`: a trust-settings key is present with an empty value.
pub const SETTINGS_VALUE_EMPTY: Rule = Rule {
    id: "settings.value_empty",
    severity: Severity::Error,
    reference: "az iot ops --trust-settings",
    description: "a trust-settings key is present with an empty value",
    fix: "Give a value to every trust-settings key.",
    label: None,
    rejected_by: None,
};

/// `settings.unknown_key`: a key other than the four known ones (the az CLI silently drops it).
pub const SETTINGS_UNKNOWN_KEY: Rule = Rule {
    id: "settings.unknown_key",
    severity: Severity::Warning,
    reference: "az iot ops --trust-settings",
    description: "a key other than the four known ones (the az CLI silently drops it)",
    fix: "Remove the key or fix its spelling: the az CLI drops unknown keys silently.",
    label: None,
    rejected_by: None,
};

/// `settings.issuer_kind_invalid`: issuerKind is not exactly ClusterIssuer or Issuer (case-sensitive).
pub const SETTINGS_ISSUER_KIND_INVALID: Rule = Rule {
    id: "settings.issuer_kind_invalid",
    severity: Severity::Error,
    reference: "az iot ops --trust-settings",
    description: "issuerKind is not exactly ClusterIssuer or Issuer (case-sensitive)",
    fix: "Use issuerKind=ClusterIssuer or issuerKind=Issuer, spelled exactly so.",
    label: None,
    rejected_by: None,
};

/// `settings.name_invalid`: configMapName/issuerName is not a DNS-1123 subdomain, or configMapKey is not a valid ConfigMap key.
pub const SETTINGS_NAME_INVALID: Rule = Rule {
    id: "settings.name_invalid",
    severity: Severity::Error,
    reference: "Kubernetes object names",
    description: "configMapName/issuerName is not a DNS-1123 subdomain, or configMapKey is not a valid ConfigMap key",
    fix: "Use a lowercase DNS-1123 name (a-z, 0-9, '-', '.') for configMapName/issuerName, and a key of letters, digits, '-', '_' or '.' for configMapKey.",
    label: None,
    rejected_by: None,
};

/// `settings.configmap_not_found`: the named ConfigMap does not exist in the Azure IoT Operations namespace.
pub const SETTINGS_CONFIGMAP_NOT_FOUND: Rule = Rule {
    id: "settings.configmap_not_found",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "the named ConfigMap does not exist in the Azure IoT Operations namespace",
    fix: "Create the ConfigMap in the Azure IoT Operations namespace (kubectl create configmap NAME -n azure-iot-operations --from-file=KEY=ca.pem), or fix configMapName.",
    label: None,
    rejected_by: None,
};

/// `settings.configmap_key_not_found`: the ConfigMap has no such key in data or binaryData.
pub const SETTINGS_CONFIGMAP_KEY_NOT_FOUND: Rule = Rule {
    id: "settings.configmap_key_not_found",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "the ConfigMap has no such key in data or binaryData",
    fix: "Add the key to the ConfigMap, or set configMapKey to a key it has.",
    label: None,
    rejected_by: None,
};

/// `settings.issuer_not_found`: no Issuer (in the AIO namespace) or ClusterIssuer of that name.
pub const SETTINGS_ISSUER_NOT_FOUND: Rule = Rule {
    id: "settings.issuer_not_found",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "no Issuer (in the AIO namespace) or ClusterIssuer of that name",
    fix: "Create the Issuer in the Azure IoT Operations namespace or the ClusterIssuer, or fix issuerName/issuerKind.",
    label: None,
    rejected_by: None,
};

/// `settings.issuer_wrong_namespace`: issuerKind=Issuer but the Issuer exists only outside the AIO namespace.
pub const SETTINGS_ISSUER_WRONG_NAMESPACE: Rule = Rule {
    id: "settings.issuer_wrong_namespace",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "issuerKind=Issuer but the Issuer exists only outside the AIO namespace",
    fix: "Create the Issuer in the Azure IoT Operations namespace, or use a ClusterIssuer (issuerKind=ClusterIssuer).",
    label: None,
    rejected_by: None,
};

/// `settings.issuer_chain_untrusted`: the issuer's signing CA does not chain to any certificate in the trust bundle.
pub const SETTINGS_ISSUER_CHAIN_UNTRUSTED: Rule = Rule {
    id: "settings.issuer_chain_untrusted",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "the issuer's signing CA does not chain to any certificate in the trust bundle",
    fix: "Put the root CA of the issuer's signing CA into the trust-bundle ConfigMap the trust settings name.",
    label: Some("untrusted"),
    rejected_by: None,
};

/// `settings.quickstart_ca`: the trust bundle or issuer uses the quickstart root CA (subject CN "Azure IoT Operations Quickstart Root CA - Not for Production").
pub const SETTINGS_QUICKSTART_CA: Rule = Rule {
    id: "settings.quickstart_ca",
    severity: Severity::Warning,
    reference: "AIO default CA",
    description: r#"the trust bundle or issuer uses the quickstart root CA (subject CN "Azure IoT Operations Quickstart Root CA - Not for Production")"#,
    fix: "Bring your own CA for production: a cert-manager Issuer with your CA and --trust-settings naming its root.",
    label: None,
    rejected_by: None,
};

/// `issuer.type_count`: an Issuer/ClusterIssuer does not configure exactly one issuer type.
pub const ISSUER_TYPE_COUNT: Rule = Rule {
    id: "issuer.type_count",
    severity: Severity::Error,
    reference: "cert-manager issuer validation",
    description: "an Issuer/ClusterIssuer does not configure exactly one issuer type",
    fix: "Configure exactly one issuer type in spec (ca, selfSigned, acme, vault, venafi).",
    label: None,
    rejected_by: None,
};

/// `issuer.ca_secret_name_missing`: spec.ca.secretName is empty.
pub const ISSUER_CA_SECRET_NAME_MISSING: Rule = Rule {
    id: "issuer.ca_secret_name_missing",
    severity: Severity::Error,
    reference: "cert-manager CA issuer",
    description: "spec.ca.secretName is empty",
    fix: "Set spec.ca.secretName to the Secret holding the CA's tls.crt and tls.key.",
    label: None,
    rejected_by: None,
};

/// `issuer.ca_secret_not_found`: the CA Secret does not exist where cert-manager looks (Issuer: its namespace; ClusterIssuer: the cluster resource namespace, cert-manager by default).
pub const ISSUER_CA_SECRET_NOT_FOUND: Rule = Rule {
    id: "issuer.ca_secret_not_found",
    severity: Severity::Error,
    reference: "cert-manager CA issuer",
    description: "the CA Secret does not exist where cert-manager looks (Issuer: its namespace; ClusterIssuer: the cluster resource namespace, cert-manager by default)",
    fix: "Create the CA Secret where cert-manager looks: the Issuer's namespace, or for a ClusterIssuer the cluster resource namespace (cert-manager by default).",
    label: None,
    rejected_by: None,
};

/// `issuer.url_invalid`: an ocspServers, issuingCertificateURLs or crlDistributionPoints entry is not an absolute http(s)/ldap URL.
pub const ISSUER_URL_INVALID: Rule = Rule {
    id: "issuer.url_invalid",
    severity: Severity::Error,
    reference: "cert-manager CA issuer",
    description: "an ocspServers, issuingCertificateURLs or crlDistributionPoints entry is not an absolute http(s)/ldap URL, or an ACME server is not an absolute https URL",
    fix: "Use an absolute URL with a scheme (http://, https:// or ldap://).",
    label: None,
    rejected_by: None,
};

/// `issuer.not_ready`: the issuer's Ready condition is False (message quoted).
pub const ISSUER_NOT_READY: Rule = Rule {
    id: "issuer.not_ready",
    severity: Severity::Warning,
    reference: "cert-manager status",
    description: "the issuer's Ready condition is False (message quoted)",
    fix: "Read the quoted message (kubectl describe issuer NAME) and fix what it names.",
    label: None,
    rejected_by: None,
};

/// `issuerref.name_missing`: issuerRef.name is empty.
pub const ISSUERREF_NAME_MISSING: Rule = Rule {
    id: "issuerref.name_missing",
    severity: Severity::Error,
    reference: "cert-manager issuerRef",
    description: "issuerRef.name is empty",
    fix: "Set issuerRef.name to the Issuer or ClusterIssuer to use.",
    label: None,
    rejected_by: None,
};

/// `issuerref.kind_invalid`: group is empty or cert-manager.io and kind is not "", Issuer or ClusterIssuer (case-sensitive).
pub const ISSUERREF_KIND_INVALID: Rule = Rule {
    id: "issuerref.kind_invalid",
    severity: Severity::Error,
    reference: "cert-manager issuerRef",
    description: r#"group is empty or cert-manager.io and kind is not "", Issuer or ClusterIssuer (case-sensitive)"#,
    fix: "Use kind: Issuer or kind: ClusterIssuer, spelled exactly so.",
    label: None,
    rejected_by: None,
};

/// `issuerref.not_found`: the referenced Issuer/ClusterIssuer does not exist (Issuer: in the referring object's namespace).
pub const ISSUERREF_NOT_FOUND: Rule = Rule {
    id: "issuerref.not_found",
    severity: Severity::Error,
    reference: "cert-manager issuerRef",
    description: "the referenced Issuer/ClusterIssuer does not exist (Issuer: in the referring object's namespace)",
    fix: "Create the referenced issuer (an Issuer in the same namespace, or a ClusterIssuer), or fix issuerRef.name/kind.",
    label: None,
    rejected_by: None,
};

/// `certificate.secret_overwrites_ca`: a Certificate's secretName equals the CA Secret of the issuer it uses, so issuing would overwrite the CA.
pub const CERTIFICATE_SECRET_OVERWRITES_CA: Rule = Rule {
    id: "certificate.secret_overwrites_ca",
    severity: Severity::Error,
    reference: "cert-manager Certificate",
    description: "a Certificate's secretName equals the CA Secret of the issuer it uses, so issuing would overwrite the CA",
    fix: "Give the Certificate its own secretName: issuing would overwrite the CA Secret of its issuer.",
    label: None,
    rejected_by: None,
};

/// `secret.key_encrypted`: tls.key is an encrypted PEM private key, which cert-manager cannot use.
pub const SECRET_KEY_ENCRYPTED: Rule = Rule {
    id: "secret.key_encrypted",
    severity: Severity::Error,
    reference: "cert-manager CA issuer",
    description: "tls.key is an encrypted PEM private key, which cert-manager cannot use",
    fix: "Store the key unencrypted (openssl pkey -in enc.key -out tls.key) in the Secret; cert-manager cannot use a passphrase.",
    label: None,
    rejected_by: None,
};

/// `secret.wrong_type`: CA Secret is not of type kubernetes.io/tls.
pub const SECRET_WRONG_TYPE: Rule = Rule {
    id: "secret.wrong_type",
    severity: Severity::Warning,
    reference: "cert-manager CA issuer",
    description: "CA Secret is not of type kubernetes.io/tls",
    fix: "Recreate it as type kubernetes.io/tls (kubectl create secret tls NAME --cert=… --key=…).",
    label: None,
    rejected_by: None,
};

/// `configmap.private_key`: a ConfigMap value holds a private key.
pub const CONFIGMAP_PRIVATE_KEY: Rule = Rule {
    id: "configmap.private_key",
    severity: Severity::Error,
    reference: "Kubernetes ConfigMap",
    description: "a ConfigMap value holds a private key (ConfigMaps are not secret: anyone who may read them reads the key)",
    fix: "Remove the key from the ConfigMap now and treat it as leaked (issue a new key pair); keep private keys only in Secrets (kubectl create secret tls).",
    label: None,
    rejected_by: None,
};

/// `trustbundle.source_invalid`: a trust-manager Bundle source does not define exactly one of inLine, configMap, secret, useDefaultCAs; or a configMap/secret source names neither (or both) name and selector, or neither key nor includeAllKeys; or there is no source.
pub const TRUSTBUNDLE_SOURCE_INVALID: Rule = Rule {
    id: "trustbundle.source_invalid",
    severity: Severity::Error,
    reference: "trust-manager Bundle validation",
    description: "a trust-manager Bundle source does not define exactly one of inLine, configMap, secret, useDefaultCAs; or a configMap/secret source names neither (or both) name and selector, or neither key nor includeAllKeys; or there is no source",
    fix: "Give each entry of spec.sources exactly one type; for configMap/secret sources exactly one of name or selector, and key (or includeAllKeys: true).",
    label: None,
    rejected_by: None,
};

/// `aio.placeholder`: an Azure IoT Operations object still holds a documentation placeholder such as <LISTENER_NAME>.
pub const AIO_PLACEHOLDER: Rule = Rule {
    id: "aio.placeholder",
    severity: Severity::Error,
    reference: "AIO documentation samples",
    description: "an Azure IoT Operations object still holds a documentation placeholder such as <LISTENER_NAME>",
    fix: "Replace the placeholder (the <…> text copied from the documentation) with the real name.",
    label: None,
    rejected_by: None,
};

/// `aio.configmap_not_found`: the CA ConfigMap a BrokerAuthentication (x509Settings.trustedClientCaCert) or DataflowEndpoint (trustedCaCertificateConfigMapRef) names does not exist in its namespace.
pub const AIO_CONFIGMAP_NOT_FOUND: Rule = Rule {
    id: "aio.configmap_not_found",
    severity: Severity::Error,
    reference: "AIO broker authentication, dataflow endpoints",
    description: "the CA ConfigMap a BrokerAuthentication (x509Settings.trustedClientCaCert) or DataflowEndpoint (trustedCaCertificateConfigMapRef) names does not exist in its namespace",
    fix: "Create the ConfigMap in the object's namespace (kubectl create configmap NAME -n azure-iot-operations --from-file=client_ca.pem), or fix the name.",
    label: None,
    rejected_by: None,
};

/// `listener.secret_not_found`: a BrokerListener port with tls.mode Manual names a secretRef Secret that does not exist in its namespace.
pub const LISTENER_SECRET_NOT_FOUND: Rule = Rule {
    id: "listener.secret_not_found",
    severity: Severity::Error,
    reference: "AIO BrokerListener manual TLS",
    description: "a BrokerListener port with tls.mode Manual names a secretRef Secret that does not exist in its namespace",
    fix: "Create the server certificate Secret in the listener's namespace (kubectl create secret tls NAME -n azure-iot-operations --cert=server.pem --key=server.key), or fix tls.manual.secretRef.",
    label: None,
    rejected_by: None,
};

/// `listener.not_server_cert`: the Secret of a Manual TLS listener holds no server certificate in tls.crt (none, a CA, or one whose extendedKeyUsage lacks serverAuth).
pub const LISTENER_NOT_SERVER_CERT: Rule = Rule {
    id: "listener.not_server_cert",
    severity: Severity::Error,
    reference: "AIO BrokerListener manual TLS",
    description: "the Secret of a Manual TLS listener holds no server certificate in tls.crt (none, a CA, or one whose extendedKeyUsage lacks serverAuth)",
    fix: "Put the broker's server certificate (not a CA; extendedKeyUsage serverAuth or none) first in tls.crt, its key in tls.key.",
    label: None,
    rejected_by: None,
};

/// `listener.quickstart_issuer`: a BrokerListener still uses the quickstart ClusterIssuer while --trust-settings name another issuer (with trust settings AIO creates no quickstart issuer).
pub const LISTENER_QUICKSTART_ISSUER: Rule = Rule {
    id: "listener.quickstart_issuer",
    severity: Severity::Error,
    reference: "AIO bring-your-own issuer",
    description: "a BrokerListener still uses the quickstart ClusterIssuer while --trust-settings name another issuer (with trust settings AIO creates no quickstart issuer)",
    fix: "Point certManagerCertificateSpec.issuerRef at the issuer the trust settings name (issuerName/issuerKind).",
    label: None,
    rejected_by: None,
};

/// `issuer.ca_bundle_invalid`: an ACME or Vault issuer's caBundle is not base64 of PEM CA certificates (a placeholder, a leaf, a key).
pub const ISSUER_CA_BUNDLE_INVALID: Rule = Rule {
    id: "issuer.ca_bundle_invalid",
    severity: Severity::Error,
    reference: "cert-manager ACME/Vault issuer",
    description: "an ACME or Vault issuer's caBundle is not base64 of PEM CA certificates (a placeholder, a leaf, a key)",
    fix: "Set caBundle to base64 of the PEM CA certificate(s) of the server (base64 -w0 ca.pem), not a placeholder, a leaf or a key.",
    label: None,
    rejected_by: None,
};

/// Every rule of this family, in catalogue order.
pub(super) const RULES: &[Rule] = &[
    SECRET_MALFORMED,
    SECRET_KEY_MISMATCH,
    SECRET_CERT_NOT_CA,
    SECRET_CA_CRT_MISMATCH,
    SECRET_NOT_IN_TRUST_BUNDLE,
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
    CONFIGMAP_PRIVATE_KEY,
    TRUSTBUNDLE_SOURCE_INVALID,
    AIO_PLACEHOLDER,
    AIO_CONFIGMAP_NOT_FOUND,
    LISTENER_SECRET_NOT_FOUND,
    LISTENER_NOT_SERVER_CERT,
    LISTENER_QUICKSTART_ISSUER,
    ISSUER_CA_BUNDLE_INVALID,
];
