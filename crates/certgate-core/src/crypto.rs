//! Signature verification, public-key inspection and private-key matching.
//!
//! Everything here works on DER slices taken straight from a certificate, so the
//! caller never needs to re-encode anything: X.509 signatures are computed over
//! the exact TBS bytes (RFC 5280 §4.1.1.3) and the algorithm is named by the
//! outer `signatureAlgorithm` (RFC 5280 §4.1.1.2).

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use core::fmt;

use der::{
    Decode, Sequence,
    asn1::{AnyRef, BitStringRef, ObjectIdentifier as Oid, OctetStringRef, UintRef},
};
use sha2::Digest;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

use crate::oid;

use certgate_primitives::{p256 as p256_verify, rsa as rsa_public};

// ---------------------------------------------------------------------------
// Algorithm classification
// ---------------------------------------------------------------------------

/// A message digest named by a signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// MD5: broken, never verified here.
    Md5,
    /// SHA-1: collision-prone, verified but flagged weak.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlgorithm {
    /// Conventional name, e.g. `"SHA-256"`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Md5 => "MD5",
            Self::Sha1 => "SHA-1",
            Self::Sha224 => "SHA-224",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }

    /// MD5 and SHA-1 are no longer collision resistant, so signatures over
    /// them can be forged.
    #[must_use]
    pub fn is_weak(self) -> bool {
        matches!(self, Self::Md5 | Self::Sha1)
    }

    fn from_oid(oid: Oid) -> Option<Self> {
        Some(match oid {
            oid::MD5 => Self::Md5,
            oid::SHA1 => Self::Sha1,
            oid::SHA224 => Self::Sha224,
            oid::SHA256 => Self::Sha256,
            oid::SHA384 => Self::Sha384,
            oid::SHA512 => Self::Sha512,
            _ => return None,
        })
    }

    /// Digest `msg`; `None` for hashes we refuse to compute (MD5).
    fn digest(self, msg: &[u8]) -> Option<Vec<u8>> {
        Some(match self {
            Self::Md5 => return None,
            Self::Sha1 => sha1::Sha1::digest(msg).to_vec(),
            Self::Sha224 => sha2::Sha224::digest(msg).to_vec(),
            Self::Sha256 => sha2::Sha256::digest(msg).to_vec(),
            Self::Sha384 => sha2::Sha384::digest(msg).to_vec(),
            Self::Sha512 => sha2::Sha512::digest(msg).to_vec(),
        })
    }

    /// DER `DigestInfo` prefix for EMSA-PKCS1-v1_5 (RFC 8017 §9.2, note 1).
    fn digest_info_prefix(self) -> Option<&'static [u8]> {
        Some(match self {
            Self::Md5 => return None,
            Self::Sha1 => &[
                0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
                0x14,
            ],
            Self::Sha224 => &[
                0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x04, 0x05, 0x00, 0x04, 0x1c,
            ],
            Self::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            Self::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            Self::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        })
    }
}

/// What a certificate's `signatureAlgorithm` (RFC 5280 §4.1.1.2) says, for
/// reporting and for picking the verifier.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 (RFC 8017, OIDs from RFC 4055 §5).
    RsaPkcs1 {
        /// Digest.
        hash: HashAlgorithm,
    },
    /// RSASSA-PSS with MGF1 (RFC 4055 §3.1). `hash` is the message hash.
    RsaPss {
        /// Message digest.
        hash: HashAlgorithm,
        /// Salt length in bytes.
        salt_length: u32,
    },
    /// ECDSA (RFC 5758 §3.2, RFC 3279 for SHA-1).
    Ecdsa {
        /// Digest.
        hash: HashAlgorithm,
    },
    /// Ed25519 (RFC 8410 §3).
    Ed25519,
    /// Ed448 (RFC 8410 §3): recognised, not verified.
    Ed448,
    /// md5WithRSAEncryption: recognised, never verified.
    Md5WithRsa,
    /// md2WithRSAEncryption: recognised, never verified.
    Md2WithRsa,
    /// DSA (RFC 3279, RFC 5758): recognised, not verified.
    Dsa {
        /// Digest.
        hash: HashAlgorithm,
    },
    /// Anything else: the dotted OID, or empty if the DER did not decode.
    Unknown(String),
}

impl SignatureAlgorithm {
    /// OpenSSL-style name (as printed by `openssl x509 -text`).
    #[must_use]
    pub fn name(&self) -> &str {
        use HashAlgorithm as H;
        match self {
            Self::RsaPkcs1 { hash } => match hash {
                H::Md5 => "md5WithRSAEncryption",
                H::Sha1 => "sha1WithRSAEncryption",
                H::Sha224 => "sha224WithRSAEncryption",
                H::Sha256 => "sha256WithRSAEncryption",
                H::Sha384 => "sha384WithRSAEncryption",
                H::Sha512 => "sha512WithRSAEncryption",
            },
            Self::RsaPss { .. } => "rsassaPss",
            Self::Ecdsa { hash } => match hash {
                H::Md5 => "ecdsa-with-MD5",
                H::Sha1 => "ecdsa-with-SHA1",
                H::Sha224 => "ecdsa-with-SHA224",
                H::Sha256 => "ecdsa-with-SHA256",
                H::Sha384 => "ecdsa-with-SHA384",
                H::Sha512 => "ecdsa-with-SHA512",
            },
            Self::Ed25519 => "ED25519",
            Self::Ed448 => "ED448",
            Self::Md5WithRsa => "md5WithRSAEncryption",
            Self::Md2WithRsa => "md2WithRSAEncryption",
            Self::Dsa { hash } => match hash {
                H::Sha224 => "dsa_with_SHA224",
                H::Sha256 => "dsa_with_SHA256",
                _ => "dsaWithSHA1",
            },
            Self::Unknown(oid) if oid.is_empty() => "unknown",
            Self::Unknown(oid) => oid,
        }
    }

    /// True for MD2/MD5/SHA-1 based signatures, which are forgeable by
    /// collision and rejected by current clients.
    #[must_use]
    pub fn is_weak(&self) -> bool {
        match self {
            Self::Md5WithRsa | Self::Md2WithRsa => true,
            Self::RsaPkcs1 { hash }
            | Self::RsaPss { hash, .. }
            | Self::Ecdsa { hash }
            | Self::Dsa { hash } => hash.is_weak(),
            _ => false,
        }
    }
}

/// Classify a DER `AlgorithmIdentifier` (the full SEQUENCE). Never fails:
/// undecodable input and unsupported PSS parameters map to `Unknown`.
#[must_use]
pub fn classify_signature_algorithm(algorithm_der: &[u8]) -> SignatureAlgorithm {
    match AlgorithmIdentifierRef::from_der(algorithm_der) {
        Ok(alg) => classify(&alg),
        Err(_) => SignatureAlgorithm::Unknown(String::new()),
    }
}

fn classify(alg: &AlgorithmIdentifierRef<'_>) -> SignatureAlgorithm {
    use HashAlgorithm as H;
    use SignatureAlgorithm as S;
    match alg.oid {
        oid::SHA1_WITH_RSA | oid::SHA1_WITH_RSA_OIW => S::RsaPkcs1 { hash: H::Sha1 },
        oid::SHA224_WITH_RSA => S::RsaPkcs1 { hash: H::Sha224 },
        oid::SHA256_WITH_RSA => S::RsaPkcs1 { hash: H::Sha256 },
        oid::SHA384_WITH_RSA => S::RsaPkcs1 { hash: H::Sha384 },
        oid::SHA512_WITH_RSA => S::RsaPkcs1 { hash: H::Sha512 },
        oid::MD5_WITH_RSA => S::Md5WithRsa,
        oid::MD2_WITH_RSA => S::Md2WithRsa,
        oid::RSASSA_PSS => match PssParams::parse(alg.parameters) {
            Some(p) => S::RsaPss {
                hash: p.hash,
                salt_length: p.salt_length,
            },
            None => S::Unknown(alg.oid.to_string()),
        },
        oid::ECDSA_SHA1 => S::Ecdsa { hash: H::Sha1 },
        oid::ECDSA_SHA224 => S::Ecdsa { hash: H::Sha224 },
        oid::ECDSA_SHA256 => S::Ecdsa { hash: H::Sha256 },
        oid::ECDSA_SHA384 => S::Ecdsa { hash: H::Sha384 },
        oid::ECDSA_SHA512 => S::Ecdsa { hash: H::Sha512 },
        oid::ED25519 => S::Ed25519,
        oid::ED448 => S::Ed448,
        oid::DSA_SHA1 => S::Dsa { hash: H::Sha1 },
        oid::DSA_SHA224 => S::Dsa { hash: H::Sha224 },
        oid::DSA_SHA256 => S::Dsa { hash: H::Sha256 },
        other => S::Unknown(other.to_string()),
    }
}

/// `RSASSA-PSS-params` (RFC 4055 §3.1), EXPLICIT tags, all fields defaulted.
#[derive(Sequence)]
struct RawPssParams<'a> {
    #[asn1(context_specific = "0", optional = "true")]
    hash: Option<AlgorithmIdentifierRef<'a>>,
    #[asn1(context_specific = "1", optional = "true")]
    mask_gen: Option<AlgorithmIdentifierRef<'a>>,
    #[asn1(context_specific = "2", optional = "true")]
    salt_length: Option<u32>,
    #[asn1(context_specific = "3", optional = "true")]
    trailer_field: Option<u32>,
}

/// Decoded PSS parameters with RFC 4055 defaults applied.
struct PssParams {
    hash: HashAlgorithm,
    /// `None` if the mask generation function is not MGF1 or its hash is unknown.
    mgf1_hash: Option<HashAlgorithm>,
    salt_length: u32,
    trailer_field: u32,
}

impl PssParams {
    fn parse(params: Option<AnyRef<'_>>) -> Option<Self> {
        // RFC 4055 §3.1: the parameters MUST be present in a signature
        // AlgorithmIdentifier; an empty SEQUENCE means all defaults.
        let raw: RawPssParams<'_> = params?.decode_as().ok()?;
        let hash = match raw.hash {
            Some(h) if null_or_absent(h.parameters) => HashAlgorithm::from_oid(h.oid)?,
            Some(_) => return None,
            None => HashAlgorithm::Sha1,
        };
        let mgf1_hash = match raw.mask_gen {
            None => Some(HashAlgorithm::Sha1),
            Some(m) if m.oid == oid::MGF1 => m
                .parameters
                .and_then(|p| p.decode_as::<AlgorithmIdentifierRef<'_>>().ok())
                .filter(|h| null_or_absent(h.parameters))
                .and_then(|h| HashAlgorithm::from_oid(h.oid)),
            Some(_) => None,
        };
        Some(Self {
            hash,
            mgf1_hash,
            salt_length: raw.salt_length.unwrap_or(20),
            trailer_field: raw.trailer_field.unwrap_or(1),
        })
    }
}

fn null_or_absent(params: Option<AnyRef<'_>>) -> bool {
    params.is_none_or(AnyRef::is_null)
}

// ---------------------------------------------------------------------------
// Signature verification
// ---------------------------------------------------------------------------

/// Why a signature could not be verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature algorithm is recognised-but-unsupported or unknown.
    UnsupportedAlgorithm,
    /// The issuer key type or curve is not supported.
    UnsupportedKey,
    /// The signature algorithm cannot be used with the issuer's key type.
    KeyAlgorithmMismatch,
    /// The issuer's SubjectPublicKeyInfo is malformed.
    InvalidKey,
    /// The signature (or its algorithm parameters) is malformed or does not verify.
    InvalidSignature,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::UnsupportedAlgorithm => "unsupported signature algorithm",
            Self::UnsupportedKey => "unsupported public key type or curve",
            Self::KeyAlgorithmMismatch => "signature algorithm does not match the issuer key type",
            Self::InvalidKey => "malformed issuer public key",
            Self::InvalidSignature => "signature is malformed or does not verify",
        })
    }
}

impl core::error::Error for VerifyError {}

/// What a certificate or CRL signs, and its signature (RFC 5280 §4.1.1,
/// §5.1.1: `SEQUENCE { tbs…, signatureAlgorithm, signatureValue }`): the one
/// place both are verified.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedData {
    /// The signed bytes: tbsCertificate or tbsCertList, DER.
    pub tbs: Vec<u8>,
    /// The outer signatureAlgorithm, DER.
    pub algorithm: Vec<u8>,
    /// signatureValue's bytes.
    pub signature: Vec<u8>,
    /// signatureValue's unused bits: valid DER, but no signature scheme
    /// here produces them, so such a signature never verifies (it is not a
    /// parse error: OpenSSL and pyca read the certificate too).
    pub unused_bits: u8,
}

impl SignedData {
    pub(crate) fn new(
        tbs: Vec<u8>,
        algorithm: Vec<u8>,
        signature: der::asn1::BitStringRef<'_>,
    ) -> Self {
        Self {
            tbs,
            algorithm,
            signature: signature.raw_bytes().to_vec(),
            unused_bits: signature.unused_bits(),
        }
    }

    /// Whether the key in `issuer_spki_der` made this signature.
    ///
    /// # Errors
    /// See [`verify_signature`]; a signatureValue with unused bits is
    /// [`VerifyError::InvalidSignature`].
    pub fn verify(&self, issuer_spki_der: &[u8]) -> Result<(), VerifyError> {
        if self.unused_bits != 0 {
            return Err(VerifyError::InvalidSignature);
        }
        verify_signature(issuer_spki_der, &self.algorithm, &self.tbs, &self.signature)
    }
}

/// Verify `signature` over `message` (the raw TBS bytes) with the issuer's
/// SubjectPublicKeyInfo, per the certificate's `signatureAlgorithm`
/// (RFC 5280 §4.1.1.2).
///
/// Parameter rules enforced: PKCS#1 v1.5 params NULL or absent (RFC 4055 §5),
/// PSS params decoded with MGF1 using the message hash and trailerField 1
/// (RFC 4055 §3.1), ECDSA params absent (RFC 5758 §3.2), Ed25519 params absent
/// (RFC 8410 §3). A PSS signature may use an rsaEncryption or id-RSASSA-PSS
/// key; PKCS#1 v1.5 requires rsaEncryption (RFC 4055 §1.2).
///
/// The primitive is portable Rust: RSA and ECDSA P-256 from
/// `certgate-primitives` ([`rsa_public`], [`p256_verify`], held to RustCrypto
/// `rsa`'s and `p256`'s verdicts by their tests), P-384, P-521 and Ed25519
/// RustCrypto's. With the `ring` feature (the CLI and the webhook) ring
/// computes it first where it covers the combination, for speed, and any
/// answer of ring's but "valid" goes to the portable path: the verdicts are
/// the same either way (see `Checked`).
///
/// # Errors
/// See [`VerifyError`]. Malformed PKCS#1 v1.5/ECDSA/Ed25519 parameters are
/// `InvalidSignature`; PSS parameters that are undecodable or name another
/// MGF/hash/trailer are `UnsupportedAlgorithm`.
pub fn verify_signature(
    issuer_spki_der: &[u8],
    signature_algorithm_der: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let checked = Checked::new(issuer_spki_der, signature_algorithm_der, signature)?;
    #[cfg(feature = "ring")]
    if RING_VERIFIES.load(core::sync::atomic::Ordering::Relaxed) && checked.ring_accepts(message) {
        return Ok(());
    }
    checked.verify_portable(message)
}

/// Whether ring verifies (the `ring` feature's default) or only the portable path.
#[cfg(feature = "ring")]
static RING_VERIFIES: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(true);

/// Turn the ring verifier of the `ring` feature off (`false`) or back on, for
/// the whole process: the benchmark measures both backends in one run with
/// it. Verdicts do not depend on it, only the speed.
#[cfg(feature = "ring")]
#[doc(hidden)]
pub fn set_ring_verification(enabled: bool) {
    RING_VERIFIES.store(enabled, core::sync::atomic::Ordering::Relaxed);
}

/// A signature and issuer key that passed every parameter, key and encoding
/// check of [`verify_signature`] (the RSA key checks run when the portable
/// path verifies, see [`Rsa`]): what is left is the primitive itself, which
/// the portable path always can compute and ring (feature `ring`) can for
/// most.
///
/// Why ring never changes a verdict: it is asked only after these checks, an
/// answer of ring's other than "valid" falls back to the portable path, and for the
/// combinations ring covers both compute the same deterministic function of
/// the values checked here (RFC 8017 §8.2.2 / §8.1.2 with sLen = hLen,
/// FIPS 186-5 §6.4.2, RFC 8032 §5.1.7 cofactorless): ring is handed the key
/// and signature as the portable path decoded them (RSA n and e without leading
/// zeros, the ECDSA point re-encoded uncompressed, r and s re-encoded as
/// DER), so ring's stricter encoding rules can only say no, never yes to
/// something the portable path refused. Neither asks for low-s ECDSA; both refuse
/// Ed25519 s >= L and compare the encoding of [s]B - [k]A with R byte for
/// byte. The unit tests (`backend_tests`) hold both to it.
enum Checked<'a> {
    RsaPkcs1 {
        key: Rsa<'a>,
        hash: HashAlgorithm,
        signature: &'a [u8],
    },
    RsaPss {
        key: Rsa<'a>,
        hash: HashAlgorithm,
        salt_length: usize,
        signature: &'a [u8],
    },
    EcdsaP256 {
        key: p256::ecdsa::VerifyingKey,
        hash: HashAlgorithm,
        signature: p256::ecdsa::Signature,
    },
    EcdsaP384 {
        key: p384::ecdsa::VerifyingKey,
        hash: HashAlgorithm,
        signature: p384::ecdsa::Signature,
    },
    EcdsaP521 {
        key: p521::ecdsa::VerifyingKey,
        hash: HashAlgorithm,
        signature: p521::ecdsa::Signature,
    },
    Ed25519 {
        key: ed25519_dalek::VerifyingKey,
        signature: ed25519_dalek::Signature,
    },
}

/// An RSA issuer key as decoded from its `RSAPublicKey` DER: modulus and
/// exponent, big-endian without leading zeros. The portable key (whose
/// checks give the key's verdict) is built only when the portable path
/// verifies (its Montgomery parameters are work ring does on its own), and
/// a key ring verified with always builds, see [`Rsa::ring_accepts`].
struct Rsa<'a> {
    modulus: &'a [u8],
    exponent: &'a [u8],
}

impl Rsa<'_> {
    /// The key for the public operation, and its checks (RustCrypto `rsa`
    /// 0.10's, see [`rsa_public`]): size within [`RSA_VERIFY_BITS`] (else
    /// `UnsupportedKey`), odd modulus above the exponent, odd exponent in
    /// 2..2^33 (else `InvalidKey`).
    fn public_key(&self) -> Result<rsa_public::PublicKey, VerifyError> {
        rsa_public::PublicKey::new(self.modulus, self.exponent, RSA_VERIFY_BITS).map_err(|error| {
            match error {
                rsa_public::KeyError::UnsupportedSize => VerifyError::UnsupportedKey,
                _ => VerifyError::InvalidKey,
            }
        })
    }
}

impl<'a> Checked<'a> {
    /// Every check of [`verify_signature`] before the primitive, in its
    /// order (the first failing check names the error).
    fn new(
        issuer_spki_der: &'a [u8],
        signature_algorithm_der: &'a [u8],
        signature: &'a [u8],
    ) -> Result<Self, VerifyError> {
        use VerifyError as E;
        let alg = AlgorithmIdentifierRef::from_der(signature_algorithm_der)
            .map_err(|_| E::InvalidSignature)?;
        let spki = SubjectPublicKeyInfoRef::from_der(issuer_spki_der).map_err(|_| E::InvalidKey)?;
        let key_bytes = spki.subject_public_key.as_bytes().ok_or(E::InvalidKey)?;
        let key_oid = spki.algorithm.oid;

        match classify(&alg) {
            SignatureAlgorithm::RsaPkcs1 { hash } => {
                if !null_or_absent(alg.parameters) {
                    return Err(E::InvalidSignature);
                }
                expect_key(key_oid, &[oid::RSA_ENCRYPTION])?;
                let key = rsa_key(&spki, key_bytes)?;
                if hash.digest_info_prefix().is_none() {
                    // The key's own verdict first, as everywhere.
                    key.public_key()?;
                    return Err(E::UnsupportedAlgorithm);
                }
                Ok(Self::RsaPkcs1 {
                    key,
                    hash,
                    signature,
                })
            }
            SignatureAlgorithm::RsaPss { .. } => {
                let p = PssParams::parse(alg.parameters).ok_or(E::InvalidSignature)?;
                if p.mgf1_hash != Some(p.hash) || p.trailer_field != 1 {
                    return Err(E::UnsupportedAlgorithm);
                }
                expect_key(key_oid, &[oid::RSA_ENCRYPTION, oid::RSASSA_PSS])?;
                let key = rsa_key(&spki, key_bytes)?;
                let salt_length = usize::try_from(p.salt_length);
                if salt_length.is_err() || p.hash == HashAlgorithm::Md5 {
                    // The key's own verdict first, as everywhere.
                    key.public_key()?;
                }
                let salt_length = salt_length.map_err(|_| E::InvalidSignature)?;
                if p.hash == HashAlgorithm::Md5 {
                    return Err(E::UnsupportedAlgorithm);
                }
                Ok(Self::RsaPss {
                    key,
                    hash: p.hash,
                    salt_length,
                    signature,
                })
            }
            SignatureAlgorithm::Ecdsa { hash } => {
                if alg.parameters.is_some() {
                    return Err(E::InvalidSignature);
                }
                expect_key(key_oid, &[oid::EC_PUBLIC_KEY])?;
                let curve = spki.algorithm.parameters_oid().map_err(|_| E::InvalidKey)?;
                if hash == HashAlgorithm::Md5 {
                    return Err(E::UnsupportedAlgorithm);
                }
                // The key must be a point on the curve, the signature strict
                // DER with r and s in [1, n - 1].
                macro_rules! ecdsa_checked {
                    ($c:ident, $variant:ident) => {{
                        let key = $c::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes)
                            .map_err(|_| E::InvalidKey)?;
                        let signature = $c::ecdsa::DerSignature::from_bytes(signature)
                            .and_then($c::ecdsa::Signature::try_from)
                            .map_err(|_| E::InvalidSignature)?;
                        Ok(Self::$variant {
                            key,
                            hash,
                            signature,
                        })
                    }};
                }
                match curve {
                    oid::P256 => ecdsa_checked!(p256, EcdsaP256),
                    oid::P384 => ecdsa_checked!(p384, EcdsaP384),
                    oid::P521 => ecdsa_checked!(p521, EcdsaP521),
                    _ => Err(E::UnsupportedKey),
                }
            }
            SignatureAlgorithm::Ed25519 => {
                if alg.parameters.is_some() {
                    return Err(E::InvalidSignature);
                }
                expect_key(key_oid, &[oid::ED25519])?;
                if spki.algorithm.parameters.is_some() {
                    return Err(E::InvalidKey);
                }
                let key_bytes: &[u8; 32] = key_bytes.try_into().map_err(|_| E::InvalidKey)?;
                let key = ed25519_dalek::VerifyingKey::from_bytes(key_bytes)
                    .map_err(|_| E::InvalidKey)?;
                let signature = ed25519_dalek::Signature::from_slice(signature)
                    .map_err(|_| E::InvalidSignature)?;
                Ok(Self::Ed25519 { key, signature })
            }
            _ => Err(E::UnsupportedAlgorithm),
        }
    }

    /// The primitive in portable Rust (no_std, the wasm build's only one).
    fn verify_portable(&self, message: &[u8]) -> Result<(), VerifyError> {
        use VerifyError as E;
        match self {
            Self::RsaPkcs1 {
                key,
                hash,
                signature,
            } => {
                let (Some(hashed), Some(prefix)) =
                    (hash.digest(message), hash.digest_info_prefix())
                else {
                    return Err(E::UnsupportedAlgorithm);
                };
                if key
                    .public_key()?
                    .verify_pkcs1v15(prefix, &hashed, signature)
                {
                    Ok(())
                } else {
                    Err(E::InvalidSignature)
                }
            }
            Self::RsaPss {
                key,
                hash,
                salt_length,
                signature,
            } => {
                let key = key.public_key()?;
                let hashed = hash.digest(message).ok_or(E::UnsupportedAlgorithm)?;
                // MGF1 and H' use the message's hash, which computes (MD5, the
                // one that does not, was refused in `new`).
                let digest = |data: &[u8]| hash.digest(data).unwrap_or_default();
                if key.verify_pss(&digest, &hashed, signature, *salt_length) {
                    Ok(())
                } else {
                    Err(E::InvalidSignature)
                }
            }
            Self::EcdsaP256 {
                key,
                hash,
                signature,
            } => {
                let hashed = hash.digest(message).ok_or(E::UnsupportedAlgorithm)?;
                // Uncompressed SEC1 (04 ‖ x ‖ y) and r ‖ s, 32 octets each:
                // the encodings RustCrypto gives of what it decoded.
                let point = key.to_sec1_point(false);
                let (Some((x, y)), Some((r, s))) = (
                    point.as_bytes().get(1..).and_then(halves),
                    halves(&signature.to_bytes()),
                ) else {
                    return Err(E::InvalidSignature);
                };
                if p256_verify::verify(&x, &y, &r, &s, &hashed) {
                    Ok(())
                } else {
                    Err(E::InvalidSignature)
                }
            }
            Self::EcdsaP384 {
                key,
                hash,
                signature,
            } => ecdsa_rustcrypto(key, *hash, message, signature),
            Self::EcdsaP521 {
                key,
                hash,
                signature,
            } => ecdsa_rustcrypto(key, *hash, message, signature),
            Self::Ed25519 { key, signature } => {
                ed25519_dalek::Verifier::verify(key, message, signature)
                    .map_err(|_| E::InvalidSignature)
            }
        }
    }

    /// The primitive with ring: true only if ring covers this combination
    /// (algorithm, hash, key size, salt length) and says the signature is
    /// valid. False is no verdict: the caller asks the portable path.
    #[cfg(feature = "ring")]
    fn ring_accepts(&self, message: &[u8]) -> bool {
        use HashAlgorithm as H;
        use ring::signature as r;
        match self {
            Self::RsaPkcs1 {
                key,
                hash,
                signature,
            } => {
                let parameters = match hash {
                    H::Sha1 => &r::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                    H::Sha256 => &r::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                    H::Sha384 => &r::RSA_PKCS1_2048_8192_SHA384,
                    H::Sha512 => &r::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
                    H::Md5 | H::Sha224 => return false,
                };
                key.ring_accepts(parameters, message, signature)
            }
            Self::RsaPss {
                key,
                hash,
                salt_length,
                signature,
            } => {
                // ring's PSS: MGF1 with the message hash (checked in `new`)
                // and a salt as long as the hash, nothing else.
                let parameters = match (hash, salt_length) {
                    (H::Sha256, 32) => &r::RSA_PSS_2048_8192_SHA256,
                    (H::Sha384, 48) => &r::RSA_PSS_2048_8192_SHA384,
                    (H::Sha512, 64) => &r::RSA_PSS_2048_8192_SHA512,
                    _ => return false,
                };
                key.ring_accepts(parameters, message, signature)
            }
            Self::EcdsaP256 {
                key,
                hash,
                signature,
            } => {
                let algorithm = match hash {
                    H::Sha256 => &r::ECDSA_P256_SHA256_ASN1,
                    H::Sha384 => &r::ECDSA_P256_SHA384_ASN1,
                    _ => return false,
                };
                r::UnparsedPublicKey::new(algorithm, key.to_sec1_point(false).as_bytes())
                    .verify(message, signature.to_der().as_bytes())
                    .is_ok()
            }
            Self::EcdsaP384 {
                key,
                hash,
                signature,
            } => {
                let algorithm = match hash {
                    H::Sha256 => &r::ECDSA_P384_SHA256_ASN1,
                    H::Sha384 => &r::ECDSA_P384_SHA384_ASN1,
                    _ => return false,
                };
                r::UnparsedPublicKey::new(algorithm, key.to_sec1_point(false).as_bytes())
                    .verify(message, signature.to_der().as_bytes())
                    .is_ok()
            }
            // ring has no P-521.
            Self::EcdsaP521 { .. } => false,
            Self::Ed25519 { key, signature } => {
                r::UnparsedPublicKey::new(&r::ED25519, key.as_bytes())
                    .verify(message, &signature.to_bytes())
                    .is_ok()
            }
        }
    }
}

#[cfg(feature = "ring")]
impl Rsa<'_> {
    /// ring's RSA verification. ring's key checks are within the portable
    /// path's, so a key ring verified with is one [`Rsa::public_key`] builds: ring
    /// takes moduli without leading zero, odd, of 1024 (rounded up to whole
    /// bytes) to 8192 bits (portable: 512 to 16384) and exponents without
    /// leading zero, odd, from 3 to 2^33 - 1 (portable: odd, 2 to 2^33 - 1,
    /// below the modulus, which any such exponent is). Other keys: ring says
    /// no and the portable path decides. `rsa_edges_agree` tries the edges.
    fn ring_accepts(
        &self,
        parameters: &'static ring::signature::RsaParameters,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        ring::signature::RsaPublicKeyComponents {
            n: self.modulus,
            e: self.exponent,
        }
        .verify(parameters, message, signature)
        .is_ok()
    }
}

/// 64 octets as two halves of 32.
fn halves(bytes: &[u8]) -> Option<([u8; 32], [u8; 32])> {
    let (first, second) = bytes.split_at_checked(32)?;
    Some((first.try_into().ok()?, second.try_into().ok()?))
}

fn ecdsa_rustcrypto<C>(
    key: &ecdsa::VerifyingKey<C>,
    hash: HashAlgorithm,
    message: &[u8],
    signature: &ecdsa::Signature<C>,
) -> Result<(), VerifyError>
where
    ecdsa::VerifyingKey<C>: ecdsa::signature::hazmat::PrehashVerifier<ecdsa::Signature<C>>,
    C: ecdsa::EcdsaCurve + ecdsa::elliptic_curve::CurveArithmetic,
    ecdsa::SignatureSize<C>: ecdsa::elliptic_curve::array::ArraySize,
{
    use ecdsa::signature::hazmat::PrehashVerifier as _;
    let hashed = hash
        .digest(message)
        .ok_or(VerifyError::UnsupportedAlgorithm)?;
    key.verify_prehash(&hashed, signature)
        .map_err(|_| VerifyError::InvalidSignature)
}

/// Key algorithm OIDs this module knows about (used to tell a mismatch from an
/// unsupported key).
const KNOWN_KEY_OIDS: [Oid; 6] = [
    oid::RSA_ENCRYPTION,
    oid::RSASSA_PSS,
    oid::EC_PUBLIC_KEY,
    oid::ED25519,
    oid::ED448,
    oid::DSA,
];

fn expect_key(key_oid: Oid, allowed: &[Oid]) -> Result<(), VerifyError> {
    if allowed.contains(&key_oid) {
        Ok(())
    } else if KNOWN_KEY_OIDS.contains(&key_oid) {
        Err(VerifyError::KeyAlgorithmMismatch)
    } else {
        Err(VerifyError::UnsupportedKey)
    }
}

/// Smallest/largest RSA modulus accepted for verification. Weak sizes are
/// verified (and reported elsewhere) rather than hidden behind an error.
const RSA_VERIFY_BITS: core::ops::RangeInclusive<usize> = 512..=16384;

/// The RSA key of an issuer SPKI: parameters NULL or absent for
/// rsaEncryption (RFC 4055 §1.2), `RSAPublicKey` DER, at most 16384 bits.
fn rsa_key<'a>(
    spki: &SubjectPublicKeyInfoRef<'a>,
    key_bytes: &'a [u8],
) -> Result<Rsa<'a>, VerifyError> {
    use VerifyError as E;
    if spki.algorithm.oid == oid::RSA_ENCRYPTION && !null_or_absent(spki.algorithm.parameters) {
        return Err(E::InvalidKey);
    }
    let key = pkcs1::RsaPublicKeyRef::from_der(key_bytes).map_err(|_| E::InvalidKey)?;
    let (modulus, exponent) = (key.modulus.as_bytes(), key.public_exponent.as_bytes());
    if modulus.len() > RSA_VERIFY_BITS.end() / 8 {
        return Err(E::UnsupportedKey);
    }
    Ok(Rsa { modulus, exponent })
}

// ---------------------------------------------------------------------------
// Public key description
// ---------------------------------------------------------------------------

/// Summary of a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) for reports and key
/// strength policy. Built without the `rsa` crate's size limits so 512- and
/// 1024-bit keys are still described.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub struct PublicKeyInfo {
    /// `"RSA"`, `"RSASSA-PSS"`, `"EC"`, `"Ed25519"`, `"Ed448"`, `"DSA"`, the
    /// dotted OID for other algorithms, or `"unknown"` if the SPKI did not decode.
    pub algorithm: String,
    /// RSA/DSA modulus bits, EC field size, 256/456 for Ed25519/Ed448 (as OpenSSL).
    pub bits: Option<u32>,
    /// NIST name (`"P-256"`), other common name (`"secp256k1"`), or dotted OID.
    pub curve: Option<String>,
    /// RSA public exponent, if it fits in a u64.
    pub exponent: Option<u64>,
    /// The key material decoded (and, for P-256/384/521 and Ed25519, the point
    /// is on the curve; other curves get an encoding-length check only).
    /// Always false for algorithms this module cannot decode.
    pub valid: bool,
}

impl PublicKeyInfo {
    fn new(algorithm: &str) -> Self {
        Self {
            algorithm: algorithm.to_string(),
            bits: None,
            curve: None,
            exponent: None,
            valid: false,
        }
    }
}

/// Describe a DER SubjectPublicKeyInfo. Never panics; undecodable input yields
/// `algorithm: "unknown", valid: false`.
#[must_use]
pub fn public_key_info(spki_der: &[u8]) -> PublicKeyInfo {
    let Ok(spki) = SubjectPublicKeyInfoRef::from_der(spki_der) else {
        return PublicKeyInfo::new("unknown");
    };
    let params = spki.algorithm.parameters;
    let key = spki.subject_public_key.as_bytes();
    match spki.algorithm.oid {
        oid::RSA_ENCRYPTION | oid::RSASSA_PSS => {
            let is_pss = spki.algorithm.oid == oid::RSASSA_PSS;
            let mut info = PublicKeyInfo::new(if is_pss { "RSASSA-PSS" } else { "RSA" });
            let Some(k) = key.and_then(|k| pkcs1::RsaPublicKeyRef::from_der(k).ok()) else {
                return info;
            };
            let (n, e) = (k.modulus.as_bytes(), k.public_exponent.as_bytes());
            info.bits = Some(bit_length(n));
            info.exponent = be_u64(e);
            let odd = |b: &[u8]| b.last().is_some_and(|x| x & 1 == 1);
            info.valid = (is_pss || null_or_absent(params)) && odd(n) && odd(e) && e != [1];
            info
        }
        oid::EC_PUBLIC_KEY => ec_info(params, key),
        oid::ED25519 => {
            let mut info = PublicKeyInfo::new("Ed25519");
            info.bits = Some(256);
            info.valid = params.is_none()
                && key
                    .and_then(|k| <&[u8; 32]>::try_from(k).ok())
                    .is_some_and(|k| ed25519_dalek::VerifyingKey::from_bytes(k).is_ok());
            info
        }
        oid::ED448 => {
            let mut info = PublicKeyInfo::new("Ed448");
            info.bits = Some(456);
            info.valid = params.is_none() && key.is_some_and(|k| k.len() == 57);
            info
        }
        oid::DSA => {
            /// `Dss-Parms` (RFC 3279 §2.3.2).
            #[derive(Sequence)]
            struct DssParms<'a> {
                p: UintRef<'a>,
                q: UintRef<'a>,
                g: UintRef<'a>,
            }
            let mut info = PublicKeyInfo::new("DSA");
            if let Some(p) = params.and_then(|p| p.decode_as::<DssParms<'_>>().ok()) {
                info.bits = Some(bit_length(p.p.as_bytes()));
                info.valid = !p.q.is_empty()
                    && !p.g.is_empty()
                    && key.is_some_and(|k| UintRef::from_der(k).is_ok());
            }
            info
        }
        other => PublicKeyInfo::new(&other.to_string()),
    }
}

fn ec_info(params: Option<AnyRef<'_>>, key: Option<&[u8]>) -> PublicKeyInfo {
    let mut info = PublicKeyInfo::new("EC");
    // RFC 5480 §2.1.1: namedCurve is the only form allowed in certificates.
    let Some(curve) = params.and_then(|p| p.decode_as::<Oid>().ok()) else {
        return info;
    };
    let (name, bits) = match curve {
        oid::P192 => ("P-192", 192),
        oid::P224 => ("P-224", 224),
        oid::P256 => ("P-256", 256),
        oid::P384 => ("P-384", 384),
        oid::P521 => ("P-521", 521),
        oid::SECP256K1 => ("secp256k1", 256),
        oid::BRAINPOOL_P256R1 => ("brainpoolP256r1", 256),
        oid::BRAINPOOL_P384R1 => ("brainpoolP384r1", 384),
        oid::BRAINPOOL_P512R1 => ("brainpoolP512r1", 512),
        other => {
            info.curve = Some(other.to_string());
            return info;
        }
    };
    info.curve = Some(name.to_string());
    info.bits = Some(bits);
    let Some(point) = key else { return info };
    info.valid = match curve {
        oid::P256 => p256::PublicKey::from_sec1_bytes(point).is_ok(),
        oid::P384 => p384::PublicKey::from_sec1_bytes(point).is_ok(),
        oid::P521 => p521::PublicKey::from_sec1_bytes(point).is_ok(),
        _ => {
            let field = bits.div_ceil(8) as usize;
            match point.first() {
                Some(4) => point.len() == 1 + 2 * field,
                Some(2 | 3) => point.len() == 1 + field,
                _ => false,
            }
        }
    };
    info
}

/// Bit length of a big-endian unsigned integer whose leading zero bytes were
/// already stripped (as `UintRef` does).
fn bit_length(bytes: &[u8]) -> u32 {
    let Some(first) = bytes.first() else { return 0 };
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX / 8);
    (len - 1)
        .saturating_mul(8)
        .saturating_add(8 - first.leading_zeros())
}

fn be_u64(bytes: &[u8]) -> Option<u64> {
    if bytes.len() > 8 {
        return None;
    }
    Some(bytes.iter().fold(0, |acc, b| (acc << 8) | u64::from(*b)))
}

// ---------------------------------------------------------------------------
// Digests
// ---------------------------------------------------------------------------

/// SHA-256, for certificate/SPKI fingerprints.
#[must_use]
pub fn sha256(data: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(data).into()
}

/// SHA-1, for RFC 5280 §4.2.1.2 method (1) key identifiers and legacy fingerprints.
#[must_use]
pub fn sha1(data: &[u8]) -> [u8; 20] {
    sha1::Sha1::digest(data).into()
}

// ---------------------------------------------------------------------------
// Private key matching
// ---------------------------------------------------------------------------

/// Why a private key could not be compared. Never carries key material.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The key is password-protected (PKCS#8 `ENCRYPTED PRIVATE KEY` or legacy
    /// `Proc-Type: 4,ENCRYPTED` PEM).
    Encrypted,
    /// The DER does not decode as the structure its PEM label names.
    Malformed,
    /// Unknown PEM label, key algorithm or curve.
    Unsupported,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Encrypted => "private key is encrypted",
            Self::Malformed => "private key is malformed",
            Self::Unsupported => "unsupported private key type",
        })
    }
}

impl core::error::Error for KeyError {}

/// `ECPrivateKey` (RFC 5915 §3). No `Debug`: holds the secret scalar.
#[derive(Sequence)]
struct EcPrivateKey<'a> {
    version: u8,
    private_key: &'a OctetStringRef,
    #[asn1(context_specific = "0", optional = "true")]
    parameters: Option<Oid>,
    #[asn1(context_specific = "1", optional = "true")]
    public_key: Option<BitStringRef<'a>>,
}

/// Public half derived from a private key (public data only).
enum DerivedPublicKey<'a> {
    Rsa { n: &'a [u8], e: &'a [u8] },
    P256(p256::PublicKey),
    P384(p384::PublicKey),
    P521(p521::PublicKey),
    Ed25519([u8; 32]),
}

/// Does the private key (DER body of a PEM block with `label`) belong to the
/// certificate whose SubjectPublicKeyInfo is `certificate_spki_der`? Used to
/// check `tls.key` against `tls.crt` in Kubernetes TLS Secrets.
///
/// Labels: `PRIVATE KEY` (PKCS#8, RFC 5958), `RSA PRIVATE KEY` (PKCS#1,
/// RFC 8017 A.1.2), `EC PRIVATE KEY` (SEC1, RFC 5915), `ENCRYPTED PRIVATE KEY`
/// (RFC 7468 §11; also pass it for legacy encrypted PEM). The public key is
/// always derived from the private part (RSA n/e, EC scalar·G, Ed25519 seed),
/// never copied from an embedded public key, and compared as a value (EC point
/// compression does not matter). A certificate key of another type, or one
/// that does not decode, gives `Ok(false)`.
///
/// # Errors
/// [`KeyError`] when the private key cannot be read.
pub fn private_key_matches(
    private_key_der: &[u8],
    label: &str,
    certificate_spki_der: &[u8],
) -> Result<bool, KeyError> {
    let cert = SubjectPublicKeyInfoRef::from_der(certificate_spki_der).ok();
    let cert_curve = cert
        .as_ref()
        .and_then(|c| c.algorithm.parameters_oid().ok());
    let derived = match label {
        "ENCRYPTED PRIVATE KEY" => return Err(KeyError::Encrypted),
        "RSA PRIVATE KEY" => rsa_private_public(private_key_der)?,
        "EC PRIVATE KEY" => ec_private_public(private_key_der, None, cert_curve)?,
        "PRIVATE KEY" => pkcs8_private_public(private_key_der, cert_curve)?,
        _ => return Err(KeyError::Unsupported),
    };
    let Some(cert) = cert else { return Ok(false) };
    let Some(cert_key) = cert.subject_public_key.as_bytes() else {
        return Ok(false);
    };
    let key_oid = cert.algorithm.oid;
    let is_ec = key_oid == oid::EC_PUBLIC_KEY;
    Ok(match derived {
        DerivedPublicKey::Rsa { n, e } => {
            (key_oid == oid::RSA_ENCRYPTION || key_oid == oid::RSASSA_PSS)
                && pkcs1::RsaPublicKeyRef::from_der(cert_key)
                    .is_ok_and(|k| k.modulus.as_bytes() == n && k.public_exponent.as_bytes() == e)
        }
        DerivedPublicKey::P256(k) => {
            is_ec
                && cert_curve == Some(oid::P256)
                && p256::PublicKey::from_sec1_bytes(cert_key).is_ok_and(|c| c == k)
        }
        DerivedPublicKey::P384(k) => {
            is_ec
                && cert_curve == Some(oid::P384)
                && p384::PublicKey::from_sec1_bytes(cert_key).is_ok_and(|c| c == k)
        }
        DerivedPublicKey::P521(k) => {
            is_ec
                && cert_curve == Some(oid::P521)
                && p521::PublicKey::from_sec1_bytes(cert_key).is_ok_and(|c| c == k)
        }
        DerivedPublicKey::Ed25519(k) => key_oid == oid::ED25519 && cert_key == k,
    })
}

/// PKCS#1 `RSAPrivateKey`: n and e are stored directly.
fn rsa_private_public(der: &[u8]) -> Result<DerivedPublicKey<'_>, KeyError> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(der).map_err(|_| KeyError::Malformed)?;
    let (n, e) = (key.modulus.as_bytes(), key.public_exponent.as_bytes());
    if n.is_empty() || e.is_empty() {
        return Err(KeyError::Malformed);
    }
    Ok(DerivedPublicKey::Rsa { n, e })
}

/// SEC1 `ECPrivateKey`. The curve comes from the key itself, else from the
/// PKCS#8 wrapper, else (bare SEC1 without parameters) from the certificate.
fn ec_private_public(
    der: &[u8],
    outer_curve: Option<Oid>,
    cert_curve: Option<Oid>,
) -> Result<DerivedPublicKey<'static>, KeyError> {
    let key = EcPrivateKey::from_der(der).map_err(|_| KeyError::Malformed)?;
    if key.version != 1 {
        return Err(KeyError::Malformed);
    }
    let curve = match (key.parameters, outer_curve) {
        (Some(inner), Some(outer)) if inner != outer => return Err(KeyError::Malformed),
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => cert_curve.ok_or(KeyError::Malformed)?,
    };
    let scalar = key.private_key.as_bytes();
    Ok(match curve {
        oid::P256 => DerivedPublicKey::P256(
            p256::SecretKey::from_slice(scalar)
                .map_err(|_| KeyError::Malformed)?
                .public_key(),
        ),
        oid::P384 => DerivedPublicKey::P384(
            p384::SecretKey::from_slice(scalar)
                .map_err(|_| KeyError::Malformed)?
                .public_key(),
        ),
        oid::P521 => DerivedPublicKey::P521(
            p521::SecretKey::from_slice(scalar)
                .map_err(|_| KeyError::Malformed)?
                .public_key(),
        ),
        _ => return Err(KeyError::Unsupported),
    })
}

/// PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` (RFC 5958).
fn pkcs8_private_public(
    der: &[u8],
    cert_curve: Option<Oid>,
) -> Result<DerivedPublicKey<'_>, KeyError> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).map_err(|_| KeyError::Malformed)?;
    let inner = info.private_key.as_bytes();
    match info.algorithm.oid {
        oid::RSA_ENCRYPTION | oid::RSASSA_PSS => rsa_private_public(inner),
        oid::EC_PUBLIC_KEY => {
            let curve = info
                .algorithm
                .parameters_oid()
                .map_err(|_| KeyError::Malformed)?;
            ec_private_public(inner, Some(curve), cert_curve)
        }
        oid::ED25519 => {
            // RFC 8410 §7: CurvePrivateKey ::= OCTET STRING (the 32-byte seed).
            let seed = <&OctetStringRef>::from_der(inner).map_err(|_| KeyError::Malformed)?;
            let seed: &[u8; 32] = seed
                .as_bytes()
                .try_into()
                .map_err(|_| KeyError::Malformed)?;
            let signing = ed25519_dalek::SigningKey::from_bytes(seed);
            Ok(DerivedPublicKey::Ed25519(
                signing.verifying_key().to_bytes(),
            ))
        }
        _ => Err(KeyError::Unsupported),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use der::Encode;

    macro_rules! data {
        ($name:literal) => {
            include_bytes!(concat!("crypto/testdata/", $name)).as_slice()
        };
    }

    /// Raw certificate parts (RFC 5280 §4.1) as DER slices.
    #[derive(Sequence)]
    struct RawCert<'a> {
        tbs: AnyRef<'a>,
        alg: AnyRef<'a>,
        sig: BitStringRef<'a>,
    }

    struct Parts {
        tbs: Vec<u8>,
        alg: Vec<u8>,
        sig: Vec<u8>,
        spki: Vec<u8>,
    }

    fn parts(cert: &[u8]) -> Parts {
        let raw = RawCert::from_der(cert).unwrap();
        let parsed = x509_cert::Certificate::from_der(cert).unwrap();
        Parts {
            tbs: raw.tbs.to_der().unwrap(),
            alg: raw.alg.to_der().unwrap(),
            sig: raw.sig.as_bytes().unwrap().to_vec(),
            spki: parsed
                .tbs_certificate()
                .subject_public_key_info()
                .to_der()
                .unwrap(),
        }
    }

    /// Verify a self-signed certificate with its own key.
    fn verify_self(cert: &[u8]) -> Result<(), VerifyError> {
        let p = parts(cert);
        verify_signature(&p.spki, &p.alg, &p.tbs, &p.sig)
    }

    #[test]
    fn verifies_self_signed_certificates() {
        for (cert, name) in [
            (data!("rsa_sha256.crt.der"), "sha256WithRSAEncryption"),
            (data!("rsa_sha1.crt.der"), "sha1WithRSAEncryption"),
            (data!("rsa_pss_sha256.crt.der"), "rsassaPss"),
            (data!("rsa_pss_sha512.crt.der"), "rsassaPss"),
            (data!("rsapsskey.crt.der"), "rsassaPss"),
            (data!("p256_sha256.crt.der"), "ecdsa-with-SHA256"),
            (data!("p256_sha1.crt.der"), "ecdsa-with-SHA1"),
            (data!("p384_sha384.crt.der"), "ecdsa-with-SHA384"),
            (data!("p384_sha256.crt.der"), "ecdsa-with-SHA256"),
            (data!("p521_sha512.crt.der"), "ecdsa-with-SHA512"),
            (data!("ed25519.crt.der"), "ED25519"),
        ] {
            assert_eq!(verify_self(cert), Ok(()), "{name}");
            assert_eq!(classify_signature_algorithm(&parts(cert).alg).name(), name);
        }
    }

    #[test]
    fn tampered_tbs_or_signature_fails() {
        for cert in [
            data!("rsa_sha256.crt.der"),
            data!("rsa_pss_sha256.crt.der"),
            data!("p256_sha256.crt.der"),
            data!("p521_sha512.crt.der"),
            data!("ed25519.crt.der"),
        ] {
            let mut p = parts(cert);
            let last = p.tbs.len() - 1;
            p.tbs[last] ^= 1;
            assert_eq!(
                verify_signature(&p.spki, &p.alg, &p.tbs, &p.sig),
                Err(VerifyError::InvalidSignature)
            );
            let p = parts(cert);
            assert_eq!(
                verify_signature(&p.spki, &p.alg, &p.tbs, &p.sig[1..]),
                Err(VerifyError::InvalidSignature)
            );
        }
    }

    #[test]
    fn wrong_issuer_key_fails() {
        let rsa = parts(data!("rsa_sha256.crt.der"));
        let other_rsa = data!("rsa1024.spki.der");
        assert_eq!(
            verify_signature(other_rsa, &rsa.alg, &rsa.tbs, &rsa.sig),
            Err(VerifyError::InvalidSignature)
        );
        // RSA algorithm with an EC key, ECDSA with an RSA key, PKCS#1 v1.5 with
        // an RSASSA-PSS-only key.
        let ec = parts(data!("p256_sha256.crt.der"));
        assert_eq!(
            verify_signature(&ec.spki, &rsa.alg, &rsa.tbs, &rsa.sig),
            Err(VerifyError::KeyAlgorithmMismatch)
        );
        assert_eq!(
            verify_signature(&rsa.spki, &ec.alg, &ec.tbs, &ec.sig),
            Err(VerifyError::KeyAlgorithmMismatch)
        );
        assert_eq!(
            verify_signature(data!("rsapsskey.spki.der"), &rsa.alg, &rsa.tbs, &rsa.sig),
            Err(VerifyError::KeyAlgorithmMismatch)
        );
        assert_eq!(
            verify_signature(data!("secp256k1.spki.der"), &ec.alg, &ec.tbs, &ec.sig),
            Err(VerifyError::UnsupportedKey)
        );
        assert_eq!(
            verify_signature(b"junk", &ec.alg, &ec.tbs, &ec.sig),
            Err(VerifyError::InvalidKey)
        );
    }

    #[test]
    fn algorithm_parameter_rules() {
        let p = parts(data!("rsa_pss_mgf1sha1.crt.der"));
        assert_eq!(
            verify_signature(&p.spki, &p.alg, &p.tbs, &p.sig),
            Err(VerifyError::UnsupportedAlgorithm)
        );
        assert_eq!(
            classify_signature_algorithm(&p.alg),
            SignatureAlgorithm::RsaPss {
                hash: HashAlgorithm::Sha256,
                salt_length: 32
            }
        );
        // ECDSA with (bogus) NULL parameters is rejected.
        let ec = parts(data!("p256_sha256.crt.der"));
        let mut alg = ec.alg.clone();
        alg[1] += 2;
        alg.extend_from_slice(&[0x05, 0x00]);
        assert_eq!(
            verify_signature(&ec.spki, &alg, &ec.tbs, &ec.sig),
            Err(VerifyError::InvalidSignature)
        );
        // sha256WithRSAEncryption without NULL is accepted.
        let rsa = parts(data!("rsa_sha256.crt.der"));
        let no_null = [&[0x30, 0x0b][..], &rsa.alg[2..13]].concat();
        assert_eq!(
            verify_signature(&rsa.spki, &no_null, &rsa.tbs, &rsa.sig),
            Ok(())
        );
        // md5WithRSAEncryption: classified, weak, never verified.
        let md5 = [
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04, 0x05,
            0x00,
        ];
        let alg = classify_signature_algorithm(&md5);
        assert_eq!(alg, SignatureAlgorithm::Md5WithRsa);
        assert!(alg.is_weak());
        assert_eq!(alg.name(), "md5WithRSAEncryption");
        assert_eq!(
            verify_signature(&rsa.spki, &md5, &rsa.tbs, &rsa.sig),
            Err(VerifyError::UnsupportedAlgorithm)
        );
        assert!(classify_signature_algorithm(&parts(data!("rsa_sha1.crt.der")).alg).is_weak());
        assert!(!classify_signature_algorithm(&rsa.alg).is_weak());
        assert_eq!(
            classify_signature_algorithm(b"junk"),
            SignatureAlgorithm::Unknown(String::new())
        );
    }

    #[test]
    fn describes_public_keys() {
        let rsa = public_key_info(data!("rsa1024.spki.der"));
        assert_eq!(
            (rsa.algorithm.as_str(), rsa.bits, rsa.exponent, rsa.valid),
            ("RSA", Some(1024), Some(65537), true)
        );
        assert_eq!(public_key_info(data!("rsa.spki.der")).bits, Some(2048));
        assert_eq!(
            public_key_info(data!("rsapsskey.spki.der")).algorithm,
            "RSASSA-PSS"
        );
        let ec = public_key_info(data!("p384.spki.der"));
        assert_eq!(
            (
                ec.algorithm.as_str(),
                ec.curve.as_deref(),
                ec.bits,
                ec.valid
            ),
            ("EC", Some("P-384"), Some(384), true)
        );
        let ec = public_key_info(data!("p256_compressed.spki.der"));
        assert_eq!((ec.curve.as_deref(), ec.valid), (Some("P-256"), true));
        assert_eq!(public_key_info(data!("p521.spki.der")).bits, Some(521));
        let k1 = public_key_info(data!("secp256k1.spki.der"));
        assert_eq!((k1.curve.as_deref(), k1.valid), (Some("secp256k1"), true));
        let ed = public_key_info(data!("ed25519.spki.der"));
        assert_eq!((ed.algorithm.as_str(), ed.valid), ("Ed25519", true));
        assert_eq!(public_key_info(data!("ed448.spki.der")).algorithm, "Ed448");
        let bad = public_key_info(b"\x30\x00");
        assert_eq!((bad.algorithm.as_str(), bad.valid), ("unknown", false));

        // A point that is not on the curve is reported invalid.
        let mut off_curve = data!("p256.spki.der").to_vec();
        let last = off_curve.len() - 1;
        off_curve[last] ^= 1;
        let info = public_key_info(&off_curve);
        assert_eq!((info.curve.as_deref(), info.valid), (Some("P-256"), false));

        let json = serde_json::to_string(&public_key_info(data!("p384.spki.der"))).unwrap();
        assert_eq!(
            json,
            r#"{"algorithm":"EC","bits":384,"curve":"P-384","exponent":null,"valid":true}"#
        );
    }

    #[test]
    fn digests() {
        assert_eq!(
            sha256(b"abc")[..4],
            [0xba, 0x78, 0x16, 0xbf],
            "FIPS 180-2 test vector"
        );
        assert_eq!(sha1(b"abc")[..4], [0xa9, 0x99, 0x3e, 0x36]);
    }

    #[test]
    fn private_keys_match_their_certificates() {
        let rsa_cert = parts(data!("rsa_sha256.crt.der")).spki;
        let p256_cert = data!("p256.spki.der");
        let ed_cert = data!("ed25519.spki.der");
        let cases: [(&[u8], &str, &[u8], bool); 14] = [
            (data!("rsa.p1.der"), "RSA PRIVATE KEY", &rsa_cert, true),
            (data!("rsa.p8.der"), "PRIVATE KEY", &rsa_cert, true),
            (data!("rsa1024.p1.der"), "RSA PRIVATE KEY", &rsa_cert, false),
            (data!("rsa.p1.der"), "RSA PRIVATE KEY", p256_cert, false),
            (
                data!("rsapss.p8.der"),
                "PRIVATE KEY",
                data!("rsapsskey.spki.der"),
                true,
            ),
            (data!("p256.sec1.der"), "EC PRIVATE KEY", p256_cert, true),
            (
                data!("p256_nopub.sec1.der"),
                "EC PRIVATE KEY",
                p256_cert,
                true,
            ),
            (
                data!("p256.sec1.der"),
                "EC PRIVATE KEY",
                data!("p256_compressed.spki.der"),
                true,
            ),
            (data!("p256.p8.der"), "PRIVATE KEY", p256_cert, true),
            (data!("p256b.sec1.der"), "EC PRIVATE KEY", p256_cert, false),
            (
                data!("p384.sec1.der"),
                "EC PRIVATE KEY",
                data!("p384.spki.der"),
                true,
            ),
            (data!("p384.sec1.der"), "EC PRIVATE KEY", p256_cert, false),
            (data!("ed25519.p8.der"), "PRIVATE KEY", ed_cert, true),
            (data!("ed25519b.p8.der"), "PRIVATE KEY", ed_cert, false),
        ];
        for (i, (key, label, cert, expected)) in cases.into_iter().enumerate() {
            assert_eq!(
                private_key_matches(key, label, cert),
                Ok(expected),
                "case {i}"
            );
        }
    }

    #[test]
    fn private_key_errors() {
        let cert = data!("rsa1024.spki.der");
        let encrypted = data!("rsa1024_encrypted.p8.der");
        assert_eq!(
            private_key_matches(encrypted, "ENCRYPTED PRIVATE KEY", cert),
            Err(KeyError::Encrypted)
        );
        assert_eq!(
            private_key_matches(encrypted, "PRIVATE KEY", cert),
            Err(KeyError::Malformed)
        );
        assert_eq!(
            private_key_matches(data!("rsa.p8.der"), "RSA PRIVATE KEY", cert),
            Err(KeyError::Malformed)
        );
        assert_eq!(
            private_key_matches(data!("rsa.p1.der"), "DSA PRIVATE KEY", cert),
            Err(KeyError::Unsupported)
        );
        assert_eq!(KeyError::Encrypted.to_string(), "private key is encrypted");
    }
}

/// ring against the portable path on every vector, untouched and tampered: the
/// `ring` feature must not change a single verdict. Runs with the feature
/// (`cargo test -p certgate-core --features ring`; the workspace's tests
/// enable it through certgate-tests).
#[cfg(all(test, feature = "ring"))]
#[allow(clippy::unwrap_used)]
mod backend_tests {
    use super::*;
    use alloc::format;
    use der::Encode;

    macro_rules! data {
        ($name:literal) => {
            (
                $name,
                include_bytes!(concat!("crypto/testdata/", $name)).as_slice(),
            )
        };
    }

    /// Every self-signed certificate of the module, and whether ring covers
    /// its (algorithm, hash, key) combination.
    const CERTIFICATES: [((&str, &[u8]), bool); 29] = [
        (data!("rsa_sha256.crt.der"), true),
        (data!("rsa_sha1.crt.der"), true),
        (data!("rsa_pss_sha256.crt.der"), true),
        (data!("rsa_pss_sha512.crt.der"), true),
        (data!("rsapsskey.crt.der"), true),
        // MGF1 with SHA-1: refused before any primitive runs.
        (data!("rsa_pss_mgf1sha1.crt.der"), false),
        (data!("p256_sha256.crt.der"), true),
        (data!("p256_sha1.crt.der"), false),
        (data!("p384_sha384.crt.der"), true),
        (data!("p384_sha256.crt.der"), true),
        (data!("p521_sha512.crt.der"), false),
        (data!("ed25519.crt.der"), true),
        (data!("backends/rsa1024_sha256.crt.der"), true),
        (data!("backends/rsa1024_sha384.crt.der"), false),
        (data!("backends/rsa1024_sha512.crt.der"), true),
        (data!("backends/rsa2048_sha384.crt.der"), true),
        (data!("backends/rsa2048_sha224.crt.der"), false),
        (data!("backends/rsa768_sha256.crt.der"), false),
        (data!("backends/rsa2048_e3_sha256.crt.der"), true),
        (data!("backends/rsa4096_sha512.crt.der"), true),
        (data!("backends/rsa_pss_sha384.crt.der"), true),
        (data!("backends/rsa_pss_sha256_salt20.crt.der"), false),
        (data!("backends/rsa_pss_sha256_salt0.crt.der"), false),
        (data!("backends/rsa1024_pss_sha256.crt.der"), false),
        (data!("backends/p256_sha384.crt.der"), true),
        (data!("backends/p384_sha512.crt.der"), false),
        (data!("backends/p256_sha224.crt.der"), false),
        (data!("backends/rsa1025_sha256.crt.der"), true),
        (data!("backends/rsa1537_pss_sha256.crt.der"), false),
    ];

    /// Issuer keys that are no certificate's own: other sizes, compressed,
    /// other curves and types.
    const OTHER_KEYS: [(&str, &[u8]); 8] = [
        data!("rsa.spki.der"),
        data!("rsa1024.spki.der"),
        data!("rsapsskey.spki.der"),
        data!("p256.spki.der"),
        data!("p256_compressed.spki.der"),
        data!("p384.spki.der"),
        data!("p521.spki.der"),
        data!("secp256k1.spki.der"),
    ];

    #[derive(Sequence)]
    struct RawCert<'a> {
        tbs: AnyRef<'a>,
        alg: AnyRef<'a>,
        sig: BitStringRef<'a>,
    }

    struct Parts {
        tbs: Vec<u8>,
        alg: Vec<u8>,
        sig: Vec<u8>,
        spki: Vec<u8>,
    }

    fn parts(cert: &[u8]) -> Parts {
        let raw = RawCert::from_der(cert).unwrap();
        let parsed = x509_cert::Certificate::from_der(cert).unwrap();
        Parts {
            tbs: raw.tbs.to_der().unwrap(),
            alg: raw.alg.to_der().unwrap(),
            sig: raw.sig.as_bytes().unwrap().to_vec(),
            spki: parsed
                .tbs_certificate()
                .subject_public_key_info()
                .to_der()
                .unwrap(),
        }
    }

    /// The portable path alone, whether ring accepted, and what
    /// [`verify_signature`] (ring first) answers.
    #[derive(Debug)]
    struct Verdicts {
        portable: Result<(), VerifyError>,
        ring: bool,
        combined: Result<(), VerifyError>,
    }

    fn verdicts(spki: &[u8], alg: &[u8], message: &[u8], signature: &[u8]) -> Verdicts {
        let checked = Checked::new(spki, alg, signature);
        Verdicts {
            portable: checked
                .as_ref()
                .map_err(|error| *error)
                .and_then(|checked| checked.verify_portable(message)),
            ring: checked.is_ok_and(|checked| checked.ring_accepts(message)),
            combined: verify_signature(spki, alg, message, signature),
        }
    }

    /// The verdict is the portable path's, and ring never accepts what it
    /// rejects.
    fn assert_agree(
        spki: &[u8],
        alg: &[u8],
        message: &[u8],
        signature: &[u8],
        case: &str,
    ) -> Verdicts {
        let v = verdicts(spki, alg, message, signature);
        assert_eq!(v.combined, v.portable, "{case}: {v:?}");
        assert!(
            !v.ring || v.portable.is_ok(),
            "{case}: ring accepts, the portable path not: {v:?}"
        );
        v
    }

    /// Signature variants: flipped bits at both ends and in the middle,
    /// truncated, extended, a zero byte in front (RSA: longer than the
    /// modulus, ECDSA: no DER), empty.
    fn tampered(signature: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut variants = Vec::new();
        for index in [0, signature.len() / 2, signature.len() - 1] {
            for bit in [0x01, 0x80] {
                let mut flipped = signature.to_vec();
                flipped[index] ^= bit;
                variants.push((format!("bit {bit:#x} of byte {index} flipped"), flipped));
            }
        }
        variants.push((
            "last byte cut".into(),
            signature[..signature.len() - 1].to_vec(),
        ));
        variants.push(("first byte cut".into(), signature[1..].to_vec()));
        variants.push(("zero appended".into(), [signature, &[0]].concat()));
        variants.push(("zero prepended".into(), [&[0], signature].concat()));
        variants.push(("empty".into(), Vec::new()));
        variants
    }

    #[test]
    fn backends_agree_on_every_vector_and_tampering() {
        let mut accepted_with_other_keys = Vec::new();
        for ((name, cert), ring_covers) in CERTIFICATES {
            let p = parts(cert);
            let v = assert_agree(&p.spki, &p.alg, &p.tbs, &p.sig, name);
            let expected = if name.contains("mgf1sha1") {
                Err(VerifyError::UnsupportedAlgorithm)
            } else {
                Ok(())
            };
            assert_eq!(v.portable, expected, "{name}");
            // The fast path is taken where ring covers the combination (a
            // ring that always said no would pass the agreement, not this).
            assert_eq!(v.ring, ring_covers, "{name}: does ring verify it?");

            let mut tbs = p.tbs.clone();
            let last = tbs.len() - 1;
            tbs[last] ^= 1;
            let v = assert_agree(&p.spki, &p.alg, &tbs, &p.sig, &format!("{name}: tbs"));
            assert!(v.portable.is_err() && !v.ring, "{name}: tampered tbs");

            for (variant, signature) in tampered(&p.sig) {
                let case = format!("{name}: {variant}");
                let v = assert_agree(&p.spki, &p.alg, &p.tbs, &signature, &case);
                assert!(v.portable.is_err() && !v.ring, "{case}");
            }

            // Every other key: certificates' own keys and the loose ones.
            let keys = CERTIFICATES
                .iter()
                .map(|((key_name, cert), _)| (*key_name, parts(cert).spki))
                .chain(
                    OTHER_KEYS
                        .iter()
                        .map(|(key_name, key)| (*key_name, key.to_vec())),
                );
            for (key_name, key) in keys.filter(|(_, key)| *key != p.spki) {
                let case = format!("{name} with the key of {key_name}");
                let v = assert_agree(&key, &p.alg, &p.tbs, &p.sig, &case);
                if v.portable.is_ok() {
                    accepted_with_other_keys.push(case);
                }
            }
        }
        // The one loose key that is certificates' key in another encoding
        // (compressed: the fast path too, see `ecdsa_edges_agree`).
        assert_eq!(
            accepted_with_other_keys,
            [
                "p256_sha256.crt.der with the key of p256_compressed.spki.der",
                "p256_sha1.crt.der with the key of p256_compressed.spki.der",
            ]
        );
    }

    /// A SubjectPublicKeyInfo with the same algorithm and another key encoding.
    fn with_key_bytes(spki: &[u8], key: &[u8]) -> Vec<u8> {
        let spki = SubjectPublicKeyInfoRef::from_der(spki).unwrap();
        SubjectPublicKeyInfoRef {
            algorithm: spki.algorithm,
            subject_public_key: BitStringRef::from_bytes(key).unwrap(),
        }
        .to_der()
        .unwrap()
    }

    #[test]
    fn ecdsa_edges_agree() {
        macro_rules! edges {
            ($c:ident, $cert:literal) => {{
                let (name, cert) = data!($cert);
                let p = parts(cert);
                let spki = SubjectPublicKeyInfoRef::from_der(&p.spki).unwrap();
                let point = spki.subject_public_key.as_bytes().unwrap();
                let key = $c::ecdsa::VerifyingKey::from_sec1_bytes(point).unwrap();

                // A compressed key: RustCrypto decompresses, ring gets the
                // same point uncompressed.
                let compressed = with_key_bytes(&p.spki, key.to_sec1_point(true).as_bytes());
                let v = assert_agree(&compressed, &p.alg, &p.tbs, &p.sig, name);
                assert!(v.portable.is_ok() && v.ring, "{name} compressed: {v:?}");

                // A hybrid point (tag 6 or 7): refused by RustCrypto as a key.
                let mut hybrid = point.to_vec();
                hybrid[0] = 6 | (point[point.len() - 1] & 1);
                let v = assert_agree(&with_key_bytes(&p.spki, &hybrid), &p.alg, &p.tbs, &p.sig, name);
                assert_eq!(v.portable, Err(VerifyError::InvalidKey), "{name} hybrid");

                // s and n - s both verify (neither side asks for low s).
                let signature = $c::ecdsa::Signature::from_der(&p.sig).unwrap();
                let (r, s) = signature.split_scalars();
                let negated = $c::ecdsa::Signature::from_scalars(r, -*s).unwrap();
                let negated = negated.to_der();
                let v = assert_agree(&p.spki, &p.alg, &p.tbs, negated.as_bytes(), name);
                assert!(v.portable.is_ok() && v.ring, "{name} n - s: {v:?}");

                // r with a superfluous leading zero: not DER, refused.
                let (r_bytes, s_bytes) = (signature.r().to_bytes(), signature.s().to_bytes());
                let integer = |bytes: &[u8], pad: usize| {
                    let mut value = alloc::vec![0; pad];
                    let stripped: &[u8] = {
                        let first = bytes.iter().position(|b| *b != 0).unwrap();
                        &bytes[first..]
                    };
                    if stripped[0] & 0x80 != 0 {
                        value.push(0);
                    }
                    value.extend_from_slice(stripped);
                    let mut der = alloc::vec![0x02, u8::try_from(value.len()).unwrap()];
                    der.extend(value);
                    der
                };
                for (pad, expected_ok) in [(0, true), (1, false)] {
                    let body = [integer(&r_bytes, pad), integer(&s_bytes, 0)].concat();
                    let mut der = alloc::vec![0x30];
                    if body.len() > 127 {
                        der.push(0x81);
                    }
                    der.push(u8::try_from(body.len()).unwrap());
                    der.extend(body);
                    let v = assert_agree(&p.spki, &p.alg, &p.tbs, &der, name);
                    assert_eq!(v.portable.is_ok(), expected_ok, "{name} pad {pad}: {v:?}");
                    assert_eq!(v.ring, expected_ok, "{name} pad {pad}: {v:?}");
                }
            }};
        }
        edges!(p256, "p256_sha256.crt.der");
        edges!(p256, "backends/p256_sha384.crt.der");
        edges!(p384, "p384_sha384.crt.der");
        edges!(p384, "p384_sha256.crt.der");
    }

    #[test]
    fn rsa_edges_agree() {
        let (name, cert) = data!("rsa_sha256.crt.der");
        let p = parts(cert);
        let key_bytes = SubjectPublicKeyInfoRef::from_der(&p.spki)
            .unwrap()
            .subject_public_key
            .as_bytes()
            .unwrap()
            .to_vec();
        let key = pkcs1::RsaPublicKeyRef::from_der(&key_bytes).unwrap();
        let modulus = key.modulus.as_bytes();

        // The signature plus the modulus: the same residue, not below n.
        let mut carry = 0u16;
        let mut sum: Vec<u8> = p
            .sig
            .iter()
            .rev()
            .zip(modulus.iter().rev())
            .map(|(a, b)| {
                let total = u16::from(*a) + u16::from(*b) + carry;
                carry = total >> 8;
                (total & 0xff) as u8
            })
            .collect();
        if carry != 0 {
            sum.push(1);
        }
        sum.reverse();
        let v = assert_agree(&p.spki, &p.alg, &p.tbs, &sum, &format!("{name}: s + n"));
        assert!(v.portable.is_err() && !v.ring, "s + n: {v:?}");
        // The signature equal to n, and zero.
        for (case, signature) in [
            ("n", modulus.to_vec()),
            ("0", alloc::vec![0; modulus.len()]),
        ] {
            let v = assert_agree(&p.spki, &p.alg, &p.tbs, &signature, case);
            assert!(v.portable.is_err() && !v.ring, "{case}: {v:?}");
        }

        // The modulus with a leading zero byte (not DER): a malformed key
        // for RustCrypto, before ring is asked.
        // (DER needs one zero in front of a modulus with its top bit set.)
        let zeros: &[u8] = if modulus[0] & 0x80 == 0 {
            &[0]
        } else {
            &[0, 0]
        };
        let value = [zeros, modulus].concat();
        let mut reencoded = alloc::vec![0x02, 0x82, (value.len() >> 8) as u8, value.len() as u8];
        reencoded.extend(value);
        let exponent = key.public_exponent.as_bytes();
        reencoded.extend([0x02, u8::try_from(exponent.len()).unwrap()]);
        reencoded.extend_from_slice(exponent);
        let body_len = reencoded.len();
        let rsa_public_key = [
            &[0x30, 0x82, (body_len >> 8) as u8, body_len as u8][..],
            &reencoded,
        ]
        .concat();
        let spki = with_key_bytes(&p.spki, &rsa_public_key);
        let v = assert_agree(&spki, &p.alg, &p.tbs, &p.sig, "modulus with a leading zero");
        assert_eq!(v.portable, Err(VerifyError::InvalidKey), "{v:?}");

        // Keys at the edges of ring's and the portable path's limits: the
        // verdict (which key error, or a signature that does not verify) is
        // the portable path's, built only after ring said no.
        let mut even = modulus.to_vec();
        *even.last_mut().unwrap() ^= 1;
        let huge = [&[0x80][..], &[0; 2047], &[1]].concat();
        // The modulus's top 64 bytes, made odd: 512 bits.
        let mut short = modulus[..64].to_vec();
        *short.last_mut().unwrap() |= 1;
        use VerifyError::{InvalidKey, InvalidSignature, UnsupportedKey};
        let cases: [(&str, &[u8], &[u8], VerifyError); 12] = [
            ("e = 1", modulus, &[1], InvalidKey),
            ("e = 2", modulus, &[2], InvalidKey),
            ("e = 3", modulus, &[3], InvalidSignature),
            ("e = 2^16", modulus, &[1, 0, 0], InvalidKey),
            (
                "e = 2^33 - 1",
                modulus,
                &[1, 0xff, 0xff, 0xff, 0xff],
                InvalidSignature,
            ),
            ("e = 2^33 + 1", modulus, &[2, 0, 0, 0, 1], InvalidKey),
            (
                "e = 2^64 + 1",
                modulus,
                &[1, 0, 0, 0, 0, 0, 0, 0, 1],
                InvalidKey,
            ),
            ("even n", &even, exponent, InvalidKey),
            ("512-bit n", &short, exponent, InvalidSignature),
            ("504-bit n", &short[1..], exponent, UnsupportedKey),
            ("16392-bit n", &huge, exponent, UnsupportedKey),
            ("e = n", modulus, modulus, InvalidKey),
        ];
        for (case, n, e, expected) in cases {
            let key = pkcs1::RsaPublicKeyRef {
                modulus: UintRef::new(n).unwrap(),
                public_exponent: UintRef::new(e).unwrap(),
            }
            .to_der()
            .unwrap();
            let spki = with_key_bytes(&p.spki, &key);
            let v = assert_agree(&spki, &p.alg, &p.tbs, &p.sig, case);
            assert_eq!(v.portable, Err(expected), "{case}: {v:?}");
            assert!(!v.ring, "{case}");
        }
    }

    #[test]
    fn ed25519_edges_agree() {
        let (name, cert) = data!("ed25519.crt.der");
        let p = parts(cert);
        // s + L (little-endian): the same scalar, not reduced; both refuse.
        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut signature = p.sig.clone();
        let mut carry = 0u16;
        for (byte, l) in signature[32..].iter_mut().zip(L) {
            let total = u16::from(*byte) + u16::from(l) + carry;
            *byte = (total & 0xff) as u8;
            carry = total >> 8;
        }
        assert_eq!(carry, 0);
        let v = assert_agree(&p.spki, &p.alg, &p.tbs, &signature, name);
        assert!(v.portable.is_err() && !v.ring, "s + L: {v:?}");
    }

    /// Each byte of the encodings' structure flipped in turn: the
    /// signature's first 8 bytes (ECDSA: SEQUENCE and INTEGER tags, lengths,
    /// sign and padding bytes), the SPKI's first 40 (tags, lengths, OIDs,
    /// NULL, the point tag, the RSA modulus header) and its last 5 (the
    /// RSA exponent). All decided by RustCrypto's decoding before ring sees
    /// anything; the values themselves are `tampered`'s.
    #[test]
    fn structure_byte_sweeps_agree() {
        for ((name, cert), _) in CERTIFICATES.iter().filter(|(_, covered)| *covered) {
            let p = parts(cert);
            for (index, bit) in (0..8).zip([0x01, 0x80].into_iter().cycle()) {
                let mut signature = p.sig.clone();
                signature[index] ^= bit;
                let case = format!("{name}: signature byte {index} ^ {bit:#x}");
                let v = assert_agree(&p.spki, &p.alg, &p.tbs, &signature, &case);
                assert!(v.portable.is_err() && !v.ring, "{case}: {v:?}");
            }
            let structure = (0..40).chain(p.spki.len() - 5..p.spki.len());
            for (index, bit) in structure.zip([0x01, 0x80].into_iter().cycle()) {
                let mut spki = p.spki.clone();
                spki[index] ^= bit;
                let case = format!("{name}: key byte {index} ^ {bit:#x}");
                assert_agree(&spki, &p.alg, &p.tbs, &p.sig, &case);
            }
        }
    }

    #[test]
    fn switching_ring_off_keeps_verdicts() {
        // Only this test touches the switch; the others call the backends
        // directly, so a parallel test sees the same verdicts either way.
        let (_, cert) = data!("p256_sha256.crt.der");
        let p = parts(cert);
        set_ring_verification(false);
        let off = verify_signature(&p.spki, &p.alg, &p.tbs, &p.sig);
        set_ring_verification(true);
        assert_eq!(off, Ok(()));
        assert_eq!(verify_signature(&p.spki, &p.alg, &p.tbs, &p.sig), Ok(()));
    }
}
