//! The object identifiers certgate reads: one table. Names come from
//! `const_oid::db` (the RFCs' ASN.1 modules) wherever it has them; the few
//! it lacks (legacy OIW and ANSI X9.62 arcs, secp256k1) are spelled here.

use const_oid::ObjectIdentifier;

/// anyExtendedKeyUsage (`2.5.29.37.0`).
pub use const_oid::db::rfc5280::ANY_EXTENDED_KEY_USAGE;
/// anyPolicy (`2.5.29.32.0`).
pub use const_oid::db::rfc5280::ANY_POLICY;
/// id-ce-authorityKeyIdentifier (`2.5.29.35`).
pub use const_oid::db::rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER as AUTHORITY_KEY_IDENTIFIER;
/// id-ce-basicConstraints (`2.5.29.19`).
pub use const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS as BASIC_CONSTRAINTS;
/// id-ce-certificatePolicies (`2.5.29.32`).
pub use const_oid::db::rfc5280::ID_CE_CERTIFICATE_POLICIES as CERTIFICATE_POLICIES;
/// id-ce-cRLDistributionPoints (`2.5.29.31`).
pub use const_oid::db::rfc5280::ID_CE_CRL_DISTRIBUTION_POINTS as CRL_DISTRIBUTION_POINTS;
/// id-ce-extKeyUsage (`2.5.29.37`).
pub use const_oid::db::rfc5280::ID_CE_EXT_KEY_USAGE as EXTENDED_KEY_USAGE;
/// id-ce-inhibitAnyPolicy (`2.5.29.54`).
pub use const_oid::db::rfc5280::ID_CE_INHIBIT_ANY_POLICY as INHIBIT_ANY_POLICY;
/// id-ce-issuerAltName (`2.5.29.18`).
pub use const_oid::db::rfc5280::ID_CE_ISSUER_ALT_NAME as ISSUER_ALT_NAME;
/// id-ce-keyUsage (`2.5.29.15`).
pub use const_oid::db::rfc5280::ID_CE_KEY_USAGE as KEY_USAGE;
/// id-ce-nameConstraints (`2.5.29.30`).
pub use const_oid::db::rfc5280::ID_CE_NAME_CONSTRAINTS as NAME_CONSTRAINTS;
/// id-ce-policyConstraints (`2.5.29.36`).
pub use const_oid::db::rfc5280::ID_CE_POLICY_CONSTRAINTS as POLICY_CONSTRAINTS;
/// id-ce-policyMappings (`2.5.29.33`).
pub use const_oid::db::rfc5280::ID_CE_POLICY_MAPPINGS as POLICY_MAPPINGS;
/// id-ce-subjectAltName (`2.5.29.17`).
pub use const_oid::db::rfc5280::ID_CE_SUBJECT_ALT_NAME as SUBJECT_ALT_NAME;
/// id-ce-subjectKeyIdentifier (`2.5.29.14`).
pub use const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER as SUBJECT_KEY_IDENTIFIER;
/// id-kp-clientAuth (`1.3.6.1.5.5.7.3.2`).
pub use const_oid::db::rfc5280::ID_KP_CLIENT_AUTH as CLIENT_AUTH;
/// id-kp-serverAuth (`1.3.6.1.5.5.7.3.1`).
pub use const_oid::db::rfc5280::ID_KP_SERVER_AUTH as SERVER_AUTH;
/// id-pe-authorityInfoAccess (`1.3.6.1.5.5.7.1.1`).
pub use const_oid::db::rfc5280::ID_PE_AUTHORITY_INFO_ACCESS as AUTHORITY_INFO_ACCESS;
/// id-pe-subjectInfoAccess (`1.3.6.1.5.5.7.1.11`).
pub use const_oid::db::rfc5280::ID_PE_SUBJECT_INFO_ACCESS as SUBJECT_INFO_ACCESS;
pub use const_oid::db::rfc5912::MD_2_WITH_RSA_ENCRYPTION as MD2_WITH_RSA;
pub use const_oid::db::rfc5912::MD_5_WITH_RSA_ENCRYPTION as MD5_WITH_RSA;
pub use const_oid::db::rfc5912::RSA_ENCRYPTION;
pub use const_oid::db::rfc5912::SHA_1_WITH_RSA_ENCRYPTION as SHA1_WITH_RSA;
/// CT precertificate poison (RFC 6962 §3.1) (`1.3.6.1.4.1.11129.2.4.3`).
pub use const_oid::db::rfc6962::CT_PRECERT_POISON as CT_POISON;
/// Certificate Transparency SCT list (RFC 6962 §3.3) (`1.3.6.1.4.1.11129.2.4.2`).
pub use const_oid::db::rfc6962::CT_PRECERT_SCTS as SCT_LIST;
/// Obsolete OIW OID for sha1WithRSA still found in old roots (`1.3.14.3.2.29`).
pub const SHA1_WITH_RSA_OIW: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.29");
pub use const_oid::db::rfc5912::ID_EC_PUBLIC_KEY as EC_PUBLIC_KEY;
pub use const_oid::db::rfc5912::ID_MGF_1 as MGF1;
pub use const_oid::db::rfc5912::ID_RSASSA_PSS as RSASSA_PSS;
pub use const_oid::db::rfc5912::SHA_224_WITH_RSA_ENCRYPTION as SHA224_WITH_RSA;
pub use const_oid::db::rfc5912::SHA_256_WITH_RSA_ENCRYPTION as SHA256_WITH_RSA;
pub use const_oid::db::rfc5912::SHA_384_WITH_RSA_ENCRYPTION as SHA384_WITH_RSA;
pub use const_oid::db::rfc5912::SHA_512_WITH_RSA_ENCRYPTION as SHA512_WITH_RSA;
/// ecdsa-with-SHA1, ANSI X9.62 (`1.2.840.10045.4.1`).
pub const ECDSA_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");
pub use const_oid::db::rfc5912::ECDSA_WITH_SHA_224 as ECDSA_SHA224;
pub use const_oid::db::rfc5912::ECDSA_WITH_SHA_256 as ECDSA_SHA256;
pub use const_oid::db::rfc5912::ECDSA_WITH_SHA_384 as ECDSA_SHA384;
pub use const_oid::db::rfc5912::ECDSA_WITH_SHA_512 as ECDSA_SHA512;
/// prime192v1 (P-192), ANSI X9.62 (`1.2.840.10045.3.1.1`).
pub const P192: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.1");
pub use const_oid::db::rfc5912::SECP_224_R_1 as P224;
pub use const_oid::db::rfc5912::SECP_256_R_1 as P256;
pub use const_oid::db::rfc5912::SECP_384_R_1 as P384;
pub use const_oid::db::rfc5912::SECP_521_R_1 as P521;
/// secp256k1, SEC 2 (`1.3.132.0.10`).
pub const SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
pub use const_oid::db::rfc5639::BRAINPOOL_P_256_R_1 as BRAINPOOL_P256R1;
pub use const_oid::db::rfc5639::BRAINPOOL_P_384_R_1 as BRAINPOOL_P384R1;
pub use const_oid::db::rfc5639::BRAINPOOL_P_512_R_1 as BRAINPOOL_P512R1;
pub use const_oid::db::rfc5912::DSA_WITH_SHA_1 as DSA_SHA1;
pub use const_oid::db::rfc5912::DSA_WITH_SHA_224 as DSA_SHA224;
pub use const_oid::db::rfc5912::DSA_WITH_SHA_256 as DSA_SHA256;
pub use const_oid::db::rfc5912::ID_DSA as DSA;
pub use const_oid::db::rfc5912::ID_MD_5 as MD5;
pub use const_oid::db::rfc5912::ID_SHA_1 as SHA1;
pub use const_oid::db::rfc5912::ID_SHA_224 as SHA224;
pub use const_oid::db::rfc5912::ID_SHA_256 as SHA256;
pub use const_oid::db::rfc5912::ID_SHA_384 as SHA384;
pub use const_oid::db::rfc5912::ID_SHA_512 as SHA512;
pub use const_oid::db::rfc8410::ID_ED_448 as ED448;
pub use const_oid::db::rfc8410::ID_ED_25519 as ED25519;
