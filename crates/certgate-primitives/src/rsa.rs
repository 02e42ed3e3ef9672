//! RSA signature verification: RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.2) and
//! RSASSA-PSS with a given salt length (§8.1.2, EMSA-PSS-VERIFY §9.1.2).
//!
//! Verification handles public values only (key, signature, message), so
//! the arithmetic is variable-time, as in OpenSSL, Go and ring: a left-to-
//! right square-and-multiply over the exponent's bits with Montgomery
//! multiplication on 32-bit limbs, whose 32×32→64-bit products are one
//! instruction on every target (wasm32 included, where 64-bit limbs need a
//! 128-bit multiply libcall). The checks on the key, the signature's length
//! and range and the encoded message are RustCrypto `rsa` 0.10's, one for
//! one; the tests hold this module to that crate's verdicts.

use alloc::{vec, vec::Vec};
use core::ops::RangeInclusive;

/// Why an `RSAPublicKey` cannot verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The modulus has fewer or more bits than allowed.
    UnsupportedSize,
    /// Even modulus, or an exponent that is even, below 3 or above 2^33 - 1.
    Invalid,
}

/// An RSA public key ready for the public operation.
pub struct PublicKey {
    /// n as little-endian 32-bit limbs, the last one non-zero.
    modulus: Vec<u32>,
    /// -n⁻¹ mod 2³², the Montgomery reduction factor.
    n0_inverse: u32,
    /// Bits of n.
    bits: usize,
    exponent: u64,
}

/// Largest public exponent accepted, as RustCrypto (`MAX_PUB_EXPONENT`).
const MAX_EXPONENT: u64 = (1 << 33) - 1;

impl PublicKey {
    /// The key of `modulus` and `exponent` (big-endian, leading zeros
    /// allowed), with the checks and their order of RustCrypto's
    /// `PublicKey::new_with_size_limits`: size first, then an odd modulus
    /// above the exponent and an odd exponent in 2..=2^33 - 1.
    pub fn new(
        modulus: &[u8],
        exponent: &[u8],
        allowed_bits: RangeInclusive<usize>,
    ) -> Result<Self, KeyError> {
        let modulus = strip_leading_zeros(modulus);
        let bits = bit_length(modulus);
        if !allowed_bits.contains(&bits) {
            return Err(KeyError::UnsupportedSize);
        }
        let exponent = strip_leading_zeros(exponent);
        if exponent.len() > 8 {
            return Err(KeyError::Invalid);
        }
        let exponent = exponent
            .iter()
            .fold(0u64, |value, &byte| (value << 8) | u64::from(byte));
        let modulus_odd = modulus.last().is_some_and(|byte| byte & 1 == 1);
        if !modulus_odd || exponent & 1 == 0 || !(2..=MAX_EXPONENT).contains(&exponent) {
            return Err(KeyError::Invalid);
        }
        // e < n: only a modulus of 64 bits or fewer can fail it (the core
        // allows 512 bits and up).
        if modulus.len() <= 8
            && modulus
                .iter()
                .fold(0u64, |value, &byte| (value << 8) | u64::from(byte))
                <= exponent
        {
            return Err(KeyError::Invalid);
        }
        let modulus = limbs(modulus, bits.div_ceil(32));
        // Newton's iteration for n⁻¹ mod 2³² (n odd): each step doubles the
        // correct low bits, from 1 (n·n ≡ 1 mod 8 gives 3) to 48 after 4.
        let mut inverse = modulus[0];
        for _ in 0..4 {
            inverse = inverse.wrapping_mul(2u32.wrapping_sub(modulus[0].wrapping_mul(inverse)));
        }
        Ok(Self {
            modulus,
            n0_inverse: inverse.wrapping_neg(),
            bits,
            exponent,
        })
    }

    /// k: the length of the modulus in octets.
    pub fn size(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// RSAVP1 (§5.2.2) of a signature of exactly k octets (§8.2.2 step 1):
    /// s^e mod n as k octets (I2OSP), or `None` if the length is not k or
    /// s ≥ n ("signature representative out of range").
    fn public_operation(&self, signature: &[u8]) -> Option<Vec<u8>> {
        if signature.len() != self.size() {
            return None;
        }
        let signature = limbs(signature, self.modulus.len());
        if !less_than(&signature, &self.modulus) {
            return None;
        }
        let message = self.power(&signature, &self.exponent.to_be_bytes());
        Some(octets(&message, self.size()))
    }

    /// RSASSA-PKCS1-v1_5-VERIFY (§8.2.2) with EMSA-PKCS1-v1_5 (§9.2): EM
    /// must be exactly 0x00 0x01 FF…FF 0x00 ‖ DigestInfo prefix ‖ H, with at
    /// least 8 octets of FF.
    pub fn verify_pkcs1v15(&self, prefix: &[u8], hashed: &[u8], signature: &[u8]) -> bool {
        let Some(encoded) = self.public_operation(signature) else {
            return false;
        };
        let k = encoded.len();
        let t_len = prefix.len() + hashed.len();
        if k < t_len + 11 {
            return false;
        }
        let (padding, digest_info) = encoded.split_at(k - t_len);
        padding[0] == 0
            && padding[1] == 1
            && padding[2..padding.len() - 1]
                .iter()
                .all(|&byte| byte == 0xff)
            && padding[padding.len() - 1] == 0
            && digest_info[..prefix.len()] == *prefix
            && digest_info[prefix.len()..] == *hashed
    }

    /// RSASSA-PSS-VERIFY (§8.1.2) with EMSA-PSS-VERIFY (§9.1.2), MGF1 over
    /// `hash`, salt of exactly `salt_length` octets; `message_hash` is
    /// Hash(M). emBits = modBits - 1, so EM may be one octet shorter than
    /// k, and the octet dropped must then be zero.
    pub fn verify_pss(
        &self,
        digest: &dyn Fn(&[u8]) -> Vec<u8>,
        message_hash: &[u8],
        signature: &[u8],
        salt_length: usize,
    ) -> bool {
        let Some(full) = self.public_operation(signature) else {
            return false;
        };
        let em_bits = self.bits - 1;
        let em_len = em_bits.div_ceil(8);
        let (dropped, encoded) = full.split_at(full.len() - em_len);
        if dropped.iter().any(|&byte| byte != 0) {
            return false;
        }
        let h_len = message_hash.len();
        // Step 3: emLen < hLen + sLen + 2 is "inconsistent".
        if h_len
            .checked_add(salt_length)
            .and_then(|length| length.checked_add(2))
            .is_none_or(|needed| em_len < needed)
        {
            return false;
        }
        // Step 4: the trailer field 0xbc.
        if encoded[em_len - 1] != 0xbc {
            return false;
        }
        // Steps 5-6: maskedDB ‖ H ‖ 0xbc, the top 8·emLen - emBits bits of
        // maskedDB zero.
        let (masked, rest) = encoded.split_at(em_len - h_len - 1);
        let h = &rest[..h_len];
        let zero_bits = 8 * em_len - em_bits;
        let top_mask = 0xffu8.checked_shl(8 - zero_bits as u32).unwrap_or(0);
        if masked[0] & top_mask != 0 {
            return false;
        }
        // Steps 7-9: DB = maskedDB ⊕ MGF1(H), its top bits cleared.
        let mut db = masked.to_vec();
        mgf1_xor(digest, h, &mut db);
        db[0] &= 0xff >> zero_bits;
        // Step 10: PS (zeros) ‖ 0x01 ‖ salt.
        let separator = em_len - h_len - salt_length - 2;
        if db[..separator].iter().any(|&byte| byte != 0) || db[separator] != 1 {
            return false;
        }
        // Steps 11-14: H = Hash(0x00 × 8 ‖ mHash ‖ salt).
        let salt = &db[db.len() - salt_length..];
        let mut prime = Vec::with_capacity(8 + h_len + salt_length);
        prime.extend_from_slice(&[0; 8]);
        prime.extend_from_slice(message_hash);
        prime.extend_from_slice(salt);
        digest(&prime) == h
    }

    /// base^exponent mod n (base < n; exponent big-endian, non-zero),
    /// left to right over the exponent's bits.
    fn power(&self, base: &[u32], exponent: &[u8]) -> Vec<u32> {
        let length = self.modulus.len();
        let mut scratch = vec![0u32; length + 2];
        let mut base_montgomery = vec![0u32; length];
        self.multiply(base, &self.r_squared(), &mut base_montgomery, &mut scratch);
        let mut value = base_montgomery.clone();
        let mut next = vec![0u32; length];
        let bits = exponent
            .iter()
            .flat_map(|&byte| (0..8).rev().map(move |bit| byte >> bit & 1));
        // Skip to the exponent's top bit, which `value` already stands for.
        for bit in bits.skip_while(|&bit| bit == 0).skip(1) {
            self.multiply(&value, &value, &mut next, &mut scratch);
            core::mem::swap(&mut value, &mut next);
            if bit == 1 {
                self.multiply(&value, &base_montgomery, &mut next, &mut scratch);
                core::mem::swap(&mut value, &mut next);
            }
        }
        // Out of the Montgomery domain: value·1·R⁻¹.
        let mut one = vec![0u32; length];
        one[0] = 1;
        self.multiply(&value, &one, &mut next, &mut scratch);
        next
    }

    /// R² mod n, R = 2^(32·L) for L limbs: R mod n by doubling from
    /// 2^(bits-1), then 2L more doublings give 2^(2L)·R, the Montgomery form
    /// of 2^(2L), and four Montgomery squarings that of 2^(32L) = R, which
    /// is R² mod n.
    fn r_squared(&self) -> Vec<u32> {
        let length = self.modulus.len();
        let mut value = vec![0u32; length];
        value[(self.bits - 1) / 32] = 1 << ((self.bits - 1) % 32);
        for _ in 0..(32 * length - self.bits + 1 + 2 * length) {
            self.double(&mut value);
        }
        let mut next = vec![0u32; length];
        let mut scratch = vec![0u32; length + 2];
        for _ in 0..4 {
            self.multiply(&value, &value, &mut next, &mut scratch);
            core::mem::swap(&mut value, &mut next);
        }
        value
    }

    /// value = 2·value mod n, for value < n.
    fn double(&self, value: &mut [u32]) {
        let mut carry = 0u32;
        for limb in value.iter_mut() {
            let next_carry = *limb >> 31;
            *limb = (*limb << 1) | carry;
            carry = next_carry;
        }
        // 2·value < 2n: one subtraction at most, the carry out its top bit.
        if carry == 1 || !less_than(value, &self.modulus) {
            subtract_in_place(value, &self.modulus);
        }
    }

    /// out = a·b·R⁻¹ mod n for a, b < n (CIOS Montgomery multiplication;
    /// Koç, Acar and Kaliski, 1996). `scratch` holds L + 2 limbs.
    fn multiply(&self, a: &[u32], b: &[u32], out: &mut [u32], scratch: &mut [u32]) {
        let modulus: &[u32] = &self.modulus;
        let length = modulus.len();
        let t = scratch;
        t.fill(0);
        for &b_limb in b {
            let b_limb = u64::from(b_limb);
            let mut carry = 0u64;
            for (t_limb, &a_limb) in t.iter_mut().zip(a) {
                // At most (2³² - 1)² + 2·(2³² - 1) = 2⁶⁴ - 1: no overflow.
                let sum = u64::from(*t_limb) + u64::from(a_limb) * b_limb + carry;
                *t_limb = sum as u32;
                carry = sum >> 32;
            }
            let sum = u64::from(t[length]) + carry;
            t[length] = sum as u32;
            t[length + 1] = (sum >> 32) as u32;

            // Add m·n with m chosen to zero the lowest limb, then shift down
            // one limb.
            let m = u64::from(t[0].wrapping_mul(self.n0_inverse));
            let mut carry = (u64::from(t[0]) + m * u64::from(modulus[0])) >> 32;
            for j in 1..length {
                let sum = u64::from(t[j]) + m * u64::from(modulus[j]) + carry;
                t[j - 1] = sum as u32;
                carry = sum >> 32;
            }
            let sum = u64::from(t[length]) + carry;
            t[length - 1] = sum as u32;
            t[length] = t[length + 1] + (sum >> 32) as u32;
        }
        // t < 2n: one subtraction at most.
        if t[length] != 0 || !less_than(&t[..length], modulus) {
            subtract_in_place(&mut t[..length], modulus);
        }
        out.copy_from_slice(&t[..length]);
    }
}

/// MGF1 (RFC 8017 §B.2.1) over `digest` with `seed` (a digest itself, so
/// of the digest's length), XORed into `out`.
fn mgf1_xor(digest: &dyn Fn(&[u8]) -> Vec<u8>, seed: &[u8], out: &mut [u8]) {
    let mut input = Vec::with_capacity(seed.len() + 4);
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(seed.len().max(1))) {
        input.clear();
        input.extend_from_slice(seed);
        input.extend_from_slice(&counter.to_be_bytes());
        for (byte, mask) in chunk.iter_mut().zip(digest(&input)) {
            *byte ^= mask;
        }
    }
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|&&byte| byte == 0).count();
    &bytes[zeros..]
}

/// Bits of a big-endian integer without leading zero octets.
fn bit_length(bytes: &[u8]) -> usize {
    bytes.first().map_or(0, |&first| {
        8 * (bytes.len() - 1) + (8 - first.leading_zeros() as usize)
    })
}

/// Big-endian octets (at most 4·`count`) as `count` little-endian limbs.
fn limbs(bytes: &[u8], count: usize) -> Vec<u32> {
    let mut out = vec![0u32; count];
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks(4)) {
        *limb = chunk
            .iter()
            .fold(0u32, |value, &byte| (value << 8) | u32::from(byte));
    }
    out
}

/// Little-endian limbs as `length` big-endian octets (I2OSP; the value is
/// below n, so it fits).
fn octets(limbs: &[u32], length: usize) -> Vec<u8> {
    let mut out = vec![0u8; length];
    let bytes = limbs.iter().flat_map(|limb| limb.to_le_bytes());
    for (byte, value) in out.iter_mut().rev().zip(bytes) {
        *byte = value;
    }
    out
}

/// a < b, both of the same number of limbs.
fn less_than(a: &[u32], b: &[u32]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// a -= b modulo 2^(32·L).
fn subtract_in_place(a: &mut [u32], b: &[u32]) {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (difference, borrow_one) = x.overflowing_sub(y);
        let (difference, borrow_two) = difference.overflowing_sub(u32::from(borrow));
        *x = difference;
        borrow = borrow_one || borrow_two;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    //! This module against RustCrypto `rsa` 0.10 (the verifier it replaced)
    //! on keys from `testdata/rsa/gen.sh`: the raw operation on random
    //! values, and the verdicts of both on valid and broken encodings.
    use super::*;
    use alloc::format;
    use der::Decode;
    use rsa::BoxedUint;

    macro_rules! key {
        ($name:literal) => {
            (
                $name,
                include_bytes!(concat!("testdata/rsa/", $name, ".p1.der")).as_slice(),
            )
        };
    }

    const KEYS: [(&str, &[u8]); 6] = [
        key!("rsa512_e65537"),
        key!("rsa1025_e65537"),
        key!("rsa1537_e65537"),
        key!("rsa2047_e3"),
        key!("rsa3072_e17"),
        key!("rsa4100_e4294967297"),
    ];

    #[derive(Clone, Copy, Debug)]
    enum Hash {
        Sha1,
        Sha224,
        Sha256,
        Sha384,
        Sha512,
    }

    impl Hash {
        fn digest(self, data: &[u8]) -> Vec<u8> {
            use sha2::Digest as _;
            match self {
                Self::Sha1 => sha1::Sha1::digest(data).to_vec(),
                Self::Sha224 => sha2::Sha224::digest(data).to_vec(),
                Self::Sha256 => sha2::Sha256::digest(data).to_vec(),
                Self::Sha384 => sha2::Sha384::digest(data).to_vec(),
                Self::Sha512 => sha2::Sha512::digest(data).to_vec(),
            }
        }

        /// RustCrypto's scheme, with its DigestInfo prefix.
        fn scheme(self) -> rsa::Pkcs1v15Sign {
            use rsa::Pkcs1v15Sign as S;
            match self {
                Self::Sha1 => S::new::<sha1::Sha1>(),
                Self::Sha224 => S::new::<sha2::Sha224>(),
                Self::Sha256 => S::new::<sha2::Sha256>(),
                Self::Sha384 => S::new::<sha2::Sha384>(),
                Self::Sha512 => S::new::<sha2::Sha512>(),
            }
        }
    }

    const HASHES: [Hash; 5] = [
        Hash::Sha1,
        Hash::Sha224,
        Hash::Sha256,
        Hash::Sha384,
        Hash::Sha512,
    ];

    struct TestKey {
        name: &'static str,
        ours: PublicKey,
        reference: rsa::PublicKey,
        modulus: Vec<u8>,
        private_exponent: Vec<u8>,
    }

    fn test_keys() -> Vec<TestKey> {
        KEYS.iter()
            .map(|&(name, der)| {
                let key = pkcs1::RsaPrivateKeyRef::from_der(der).unwrap();
                let (n, e) = (key.modulus.as_bytes(), key.public_exponent.as_bytes());
                TestKey {
                    name,
                    ours: PublicKey::new(n, e, 512..=16384).unwrap(),
                    reference: reference_key(n, e).unwrap(),
                    modulus: n.to_vec(),
                    private_exponent: key.private_exponent.as_bytes().to_vec(),
                }
            })
            .collect()
    }

    fn boxed(bytes: &[u8], bits: u32) -> BoxedUint {
        BoxedUint::from_be_slice(bytes, bits).unwrap()
    }

    fn reference_key(n: &[u8], e: &[u8]) -> Result<rsa::PublicKey, rsa::Error> {
        let bits = |b: &[u8]| u32::try_from(b.len().max(1) * 8).unwrap();
        let n = BoxedUint::from_be_slice(n, bits(n)).unwrap();
        let e = BoxedUint::from_be_slice(e, bits(e)).unwrap();
        rsa::PublicKey::new_with_size_limits(n, e, 512..=16384)
    }

    use crate::Random;

    /// A random value below n, as k octets.
    fn below_modulus(random: &mut Random, modulus: &[u8]) -> Vec<u8> {
        let mut value = random.bytes(modulus.len());
        value[0] &= modulus[0] >> 1;
        value
    }

    /// The private operation m^d mod n, with this module's arithmetic
    /// (RustCrypto's verifier then judges the result).
    fn sign_raw(key: &TestKey, encoded: &[u8]) -> Vec<u8> {
        let limbs = limbs(encoded, key.ours.modulus.len());
        octets(
            &key.ours.power(&limbs, &key.private_exponent),
            key.ours.size(),
        )
    }

    #[test]
    fn public_operation_matches_rustcrypto() {
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        for key in test_keys() {
            let k = key.ours.size();
            let precision = u32::try_from(k * 8).unwrap();
            let mut inputs = vec![vec![0u8; k], {
                let mut one = vec![0u8; k];
                one[k - 1] = 1;
                one
            }];
            let mut n_minus_one = key.modulus.clone();
            n_minus_one[k - 1] -= 1; // n is odd
            inputs.push(n_minus_one);
            inputs.extend((0..100).map(|_| below_modulus(&mut random, &key.modulus)));
            for input in inputs {
                let ours = key.ours.public_operation(&input).unwrap();
                let theirs = rsa::hazmat::rsa_encrypt(&key.reference, &boxed(&input, precision))
                    .unwrap()
                    .to_be_bytes();
                assert_eq!(ours[..], theirs[theirs.len() - k..], "{}", key.name);
                assert!(theirs[..theirs.len() - k].iter().all(|&b| b == 0));
            }
            // The private operation undoes the public one.
            let message = below_modulus(&mut random, &key.modulus);
            let signature = sign_raw(&key, &message);
            assert_eq!(key.ours.public_operation(&signature).unwrap(), message);
        }
    }

    #[test]
    fn signature_length_and_range() {
        for key in test_keys() {
            let k = key.ours.size();
            let mut random = Random(7);
            let good = below_modulus(&mut random, &key.modulus);
            assert!(key.ours.public_operation(&good).is_some());
            assert!(
                key.ours.public_operation(&good[1..]).is_none(),
                "k - 1 octets"
            );
            let mut longer = vec![0];
            longer.extend_from_slice(&good);
            assert!(key.ours.public_operation(&longer).is_none(), "k + 1 octets");
            assert!(key.ours.public_operation(&key.modulus).is_none(), "s = n");
            assert!(key.ours.public_operation(&vec![0xff; k]).is_none(), "s > n");
        }
    }

    /// EMSA-PKCS1-v1_5 of `hashed` for a k-octet modulus.
    fn pkcs1_encoding(prefix: &[u8], hashed: &[u8], k: usize) -> Vec<u8> {
        let mut encoded = vec![0u8, 1];
        encoded.resize(k - prefix.len() - hashed.len() - 1, 0xff);
        encoded.push(0);
        encoded.extend_from_slice(prefix);
        encoded.extend_from_slice(hashed);
        encoded
    }

    /// EMSA-PSS-ENCODE (§9.1.1) with emBits = modBits - 1, as k octets.
    fn pss_encoding(hash: Hash, message_hash: &[u8], salt: &[u8], bits: usize) -> Vec<u8> {
        let (em_bits, h_len) = (bits - 1, message_hash.len());
        let em_len = em_bits.div_ceil(8);
        let mut prime = vec![0u8; 8];
        prime.extend_from_slice(message_hash);
        prime.extend_from_slice(salt);
        let h = hash.digest(&prime);
        let mut db = vec![0u8; em_len - salt.len() - h_len - 2];
        db.push(1);
        db.extend_from_slice(salt);
        mgf1_xor(&|data| hash.digest(data), &h, &mut db);
        db[0] &= 0xff >> (8 * em_len - em_bits);
        let mut encoded = vec![0u8; bits.div_ceil(8) - em_len];
        encoded.extend_from_slice(&db);
        encoded.extend_from_slice(&h);
        encoded.push(0xbc);
        encoded
    }

    fn reference_pss(
        key: &rsa::PublicKey,
        hash: Hash,
        hashed: &[u8],
        signature: &[u8],
        salt: usize,
    ) -> bool {
        use rsa::Pss;
        match hash {
            Hash::Sha1 => key.verify(Pss::<sha1::Sha1>::new_with_salt(salt), hashed, signature),
            Hash::Sha224 => key.verify(Pss::<sha2::Sha224>::new_with_salt(salt), hashed, signature),
            Hash::Sha256 => key.verify(Pss::<sha2::Sha256>::new_with_salt(salt), hashed, signature),
            Hash::Sha384 => key.verify(Pss::<sha2::Sha384>::new_with_salt(salt), hashed, signature),
            Hash::Sha512 => key.verify(Pss::<sha2::Sha512>::new_with_salt(salt), hashed, signature),
        }
        .is_ok()
    }

    /// Valid encodings verify with both; each broken one (a changed octet
    /// anywhere, a changed bit in the top octets, a wrong salt length asked)
    /// gets the same verdict from both.
    #[test]
    fn verdicts_match_rustcrypto() {
        let mut random = Random(0x5eed);
        let mut compared = 0usize;
        for key in test_keys() {
            let k = key.ours.size();
            // Signing costs a private operation each (no CRT): the keys
            // above 2048 bits get one hash and fewer changes.
            let big = key.ours.bits > 2048;
            let (hashes, changes) = if big {
                (&[Hash::Sha384][..], 3)
            } else {
                (&HASHES[..], 12)
            };
            for &hash in hashes {
                let length = 1 + random.below(100);
                let message = random.bytes(length);
                let hashed = hash.digest(&message);
                let h_len = hashed.len();

                // PKCS#1 v1.5 (needs k ≥ tLen + 11: SHA-512 does not fit 512 bits).
                let prefix = &*hash.scheme().prefix;
                if k >= prefix.len() + h_len + 11 {
                    let valid = pkcs1_encoding(prefix, &hashed, k);
                    let mut encodings = vec![valid.clone()];
                    for _ in 0..2 * changes {
                        let mut broken = valid.clone();
                        let at = random.below(k);
                        broken[at] ^= 1 << random.below(8);
                        encodings.push(broken);
                    }
                    // Too short a padding: eight FF octets are the least.
                    encodings.push({
                        let mut short = valid.clone();
                        short[10] = 0;
                        short
                    });
                    for (index, encoded) in encodings.iter().enumerate() {
                        if encoded[..] >= key.modulus[..] {
                            continue;
                        }
                        let signature = sign_raw(&key, encoded);
                        let ours = key.ours.verify_pkcs1v15(prefix, &hashed, &signature);
                        let theirs = key
                            .reference
                            .verify(hash.scheme(), &hashed, &signature)
                            .is_ok();
                        assert_eq!(
                            ours, theirs,
                            "{} {hash:?} PKCS#1 encoding {index}",
                            key.name
                        );
                        assert_eq!(
                            ours,
                            index == 0,
                            "{} {hash:?} PKCS#1 encoding {index}",
                            key.name
                        );
                        compared += 1;
                    }
                }

                // PSS, with salts from none to the longest that fits.
                let em_len = (key.ours.bits - 1).div_ceil(8);
                let Some(longest) = em_len.checked_sub(h_len + 2) else {
                    continue;
                };
                for salt_length in [0, h_len, longest] {
                    if salt_length > longest {
                        continue;
                    }
                    let salt = random.bytes(salt_length);
                    let valid = pss_encoding(hash, &hashed, &salt, key.ours.bits);
                    let mut encodings = vec![valid.clone()];
                    for _ in 0..changes {
                        let mut broken = valid.clone();
                        // Half of the changes in the top octets and the trailer,
                        // where the bit rules are.
                        let at = if random.below(2) == 0 {
                            [0, 1, k - 1][random.below(3)]
                        } else {
                            random.below(k)
                        };
                        broken[at] ^= 1 << random.below(8);
                        encodings.push(broken);
                    }
                    for (index, encoded) in encodings.iter().enumerate() {
                        if encoded[..] >= key.modulus[..] {
                            continue;
                        }
                        let signature = sign_raw(&key, encoded);
                        for asked in [salt_length, salt_length + 1, salt_length.saturating_sub(1)] {
                            let ours = key.ours.verify_pss(
                                &|data| hash.digest(data),
                                &hashed,
                                &signature,
                                asked,
                            );
                            let theirs =
                                reference_pss(&key.reference, hash, &hashed, &signature, asked);
                            let what = format!(
                                "{} {hash:?} PSS salt {salt_length} asked {asked} encoding {index}",
                                key.name
                            );
                            assert_eq!(ours, theirs, "{what}");
                            if index == 0 && asked == salt_length {
                                assert!(ours, "{what}");
                            }
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 1500, "{compared}");
    }

    /// The key checks give RustCrypto's verdicts, size before the rest.
    #[test]
    fn key_checks_match_rustcrypto() {
        // e < n, which only a tiny modulus (allowed here, not by the core)
        // can fail: RustCrypto's InvalidModulus.
        assert_eq!(
            PublicKey::new(&[11], &[13], 1..=64).err(),
            Some(KeyError::Invalid)
        );
        assert_eq!(
            PublicKey::new(&[11], &[11], 1..=64).err(),
            Some(KeyError::Invalid)
        );
        assert!(PublicKey::new(&[17], &[3], 1..=64).is_ok());
        let modulus = {
            let key = pkcs1::RsaPrivateKeyRef::from_der(KEYS[4].1).unwrap();
            key.modulus.as_bytes().to_vec()
        };
        let mut even = modulus.clone();
        *even.last_mut().unwrap() &= 0xfe;
        let small = {
            let mut small = vec![0x80; 63]; // 504 bits
            small[62] = 0x01;
            small
        };
        let huge = {
            let mut huge = vec![0xff; 2049]; // 16392 bits
            huge[2048] = 0xfd;
            huge
        };
        let with_zeros = [&[0u8, 0][..], &modulus].concat();
        let exponents: [&[u8]; 9] = [
            &[0x01, 0x00, 0x01],
            &[0x03],
            &[0x01],
            &[0x02],
            &[0x01, 0x00, 0x00],
            &[0x01, 0xff, 0xff, 0xff, 0xff], // 2^33 - 1
            &[0x02, 0x00, 0x00, 0x00, 0x01], // 2^33 + 1
            &[0x00, 0x00, 0x01, 0x00, 0x01],
            &[0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x01],
        ];
        for n in [&modulus, &even, &small, &huge, &with_zeros] {
            for e in exponents {
                let ours = PublicKey::new(n, e, 512..=16384).err();
                let theirs = reference_key(n, e).err().map(|error| match error {
                    rsa::Error::ModulusTooSmall | rsa::Error::ModulusTooLarge => {
                        KeyError::UnsupportedSize
                    }
                    _ => KeyError::Invalid,
                });
                assert_eq!(ours, theirs, "n of {} octets, e {e:02x?}", n.len());
            }
        }
    }
}
