//! Signature primitives for `certgate-core`'s portable (no_std, wasm)
//! verification path: the RSA public operation with the RSASSA-PKCS1-v1_5
//! and RSASSA-PSS checks (RFC 8017), and ECDSA P-256 (FIPS 186-5).
//!
//! Everything here handles public values (keys, signatures, messages), so
//! the arithmetic is variable-time, as in OpenSSL, Go and ring for
//! verification. The core decodes and checks the key and signature
//! encodings first; its tests and these hold the verdicts to RustCrypto's
//! `rsa` and `p256`, the verifiers these replaced. A crate of its own so
//! that the size-optimised wasm build can still compile it for speed.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod p256;
pub mod rsa;

/// xorshift64*: reproducible test inputs without a dependency.
#[cfg(test)]
struct Random(u64);

#[cfg(test)]
impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn bytes(&mut self, length: usize) -> alloc::vec::Vec<u8> {
        (0..length).map(|_| self.next() as u8).collect()
    }

    fn array<const L: usize>(&mut self) -> [u8; L] {
        core::array::from_fn(|_| self.next() as u8)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}
