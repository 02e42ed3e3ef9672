//! ECDSA P-256 verification (FIPS 186-5 §6.4.2) for the portable path.
//!
//! Verification handles public values only, so this is variable-time, as
//! in OpenSSL, Go and ring: field elements are eight 32-bit limbs reduced
//! with the NIST fast reduction for p = 2^256 - 2^224 + 2^192 + 2^96 - 1
//! (FIPS 186-5 / SP 800-186, "Solinas"), points are Jacobian, and
//! u1·G + u2·Q is one pass of interleaved NAF: width 7 for G over a
//! constant affine table (mixed additions), width 5 for Q. What RustCrypto's
//! `p256` does with 64-bit limbs costs a 128-bit multiply libcall per
//! limb product in wasm32; this does not.
//!
//! The caller has already checked what this module takes on trust: Q is a
//! point on the curve (RustCrypto's SEC1 decoding), r and s are in
//! [1, n - 1] (RustCrypto's signature decoding). The tests hold the
//! verdicts to RustCrypto's `verify_prehash` on valid, changed and
//! edge-case signatures.

/// A 256-bit value as little-endian 32-bit limbs.
type Limbs = [u32; 8];

/// p, the field's modulus.
const P: Limbs = [
    0xffff_ffff,
    0xffff_ffff,
    0xffff_ffff,
    0,
    0,
    0,
    1,
    0xffff_ffff,
];

/// n, the order of G.
const N: Limbs = [
    0xfc63_2551,
    0xf3b9_cac2,
    0xa717_9e84,
    0xbce6_faad,
    0xffff_ffff,
    0xffff_ffff,
    0,
    0xffff_ffff,
];

/// G's affine coordinates (SP 800-186 §3.2.1.3), from which the tests
/// compute [`G_MULTIPLES`].
#[cfg(test)]
const GX: Limbs = [
    0xd898_c296,
    0xf4a1_3945,
    0x2deb_33a0,
    0x7703_7d81,
    0x63a4_40f2,
    0xf8bc_e6e5,
    0xe12c_4247,
    0x6b17_d1f2,
];
#[cfg(test)]
const GY: Limbs = [
    0x37bf_51f5,
    0xcbb6_4068,
    0x6b31_5ece,
    0x2bce_3357,
    0x7c0f_9e16,
    0x8ee7_eb4a,
    0xfe1a_7f9b,
    0x4fe3_42e2,
];

const ZERO: Limbs = [0; 8];
const ONE: Limbs = [1, 0, 0, 0, 0, 0, 0, 0];

/// Whether `signature` (r, s, big-endian 32 octets each, both in
/// [1, n - 1]) is valid for `prehash` under the public key (x, y) (on the
/// curve): with e the leftmost 256 bits of the hash (all of a shorter
/// one), w = s⁻¹, the x of
/// (e·w)·G + (r·w)·Q, reduced mod n, must be r.
pub fn verify(x: &[u8; 32], y: &[u8; 32], r: &[u8; 32], s: &[u8; 32], prehash: &[u8]) -> bool {
    // As RustCrypto's bytes2scalar: a hash longer than 32 octets is cut to
    // its left 32, a shorter one read as the integer it is.
    let mut e_bytes = [0u8; 32];
    if prehash.len() >= 32 {
        e_bytes.copy_from_slice(&prehash[..32]);
    } else {
        e_bytes[32 - prehash.len()..].copy_from_slice(prehash);
    }
    let (r, s) = (from_bytes(r), from_bytes(s));
    let mut e = from_bytes(&e_bytes);
    if !less_than(&e, &N) {
        subtract_in_place(&mut e, &N);
    }
    let w = inverse(&s, &N);
    let u1 = multiply_slow(&e, &w, &N);
    let u2 = multiply_slow(&r, &w, &N);
    let q = Point {
        x: from_bytes(x),
        y: from_bytes(y),
        z: ONE,
    };
    let sum = double_scalar_multiply(&u1, &u2, &q);
    if sum.is_infinity() {
        return false;
    }
    x_is_r_mod_n(&sum, &r)
}

/// Whether x = X / Z² (a field element, so below p < 2n) is r mod n, that
/// is x = r or x = r + n: compared as X = r·Z² and, if r + n < p,
/// X = (r + n)·Z², with no inversion.
fn x_is_r_mod_n(point: &Point, r: &Limbs) -> bool {
    let z2 = field_square(&point.z);
    if field_multiply(r, &z2) == point.x {
        return true;
    }
    let mut r_plus_n = *r;
    !add_in_place(&mut r_plus_n, &N)
        && less_than(&r_plus_n, &P)
        && field_multiply(&r_plus_n, &z2) == point.x
}

/// G, 3G, 5G, …, 127G in affine coordinates (x, y), for the width-7 NAF
/// of u1; the test `g_multiples_are_the_generators_odd_multiples`
/// recomputes them.
#[rustfmt::skip]
const G_MULTIPLES: [(Limbs, Limbs); 32] = [
    ([0xd898c296, 0xf4a13945, 0x2deb33a0, 0x77037d81, 0x63a440f2, 0xf8bce6e5, 0xe12c4247, 0x6b17d1f2], [0x37bf51f5, 0xcbb64068, 0x6b315ece, 0x2bce3357, 0x7c0f9e16, 0x8ee7eb4a, 0xfe1a7f9b, 0x4fe342e2]),
    ([0xc6e7fd6c, 0xfb41661b, 0xefada985, 0xe6c6b721, 0x1d4bf165, 0xc8f7ef95, 0xa6330a44, 0x5ecbe4d1], [0xa27d5032, 0x9a79b127, 0x384fb83d, 0xd82ab036, 0x1a64a2ec, 0x374b06ce, 0x4998ff7e, 0x8734640c]),
    ([0xc3d033ed, 0x21554a0d, 0x1f5be524, 0xef8c82fd, 0x08668fdf, 0xd784c856, 0x515140d2, 0x51590b7a], [0xfda16da4, 0xd1d0bb44, 0xd4d80888, 0x0d012f00, 0xbf8a7926, 0x8ae1bf36, 0x904a727d, 0xe0c17da8]),
    ([0x3187b2a3, 0x30062870, 0xa80fef5b, 0x7ef9f8b8, 0x7c01fb60, 0x25bb3066, 0xa0bf7b46, 0x8e533b6f], [0xc1f400b4, 0xc55e1a86, 0xcb041b21, 0x53c73633, 0xa6f59000, 0x6d069f83, 0xe0331836, 0x73eb1dbd]),
    ([0x90949ee0, 0xd79e8a4b, 0x2c6df8b3, 0x9e0acb8c, 0x1d71f872, 0x878938d5, 0xfedf0b71, 0xea68d7b6], [0x4dd048fa, 0xe85a224a, 0xa4de823f, 0x4d714fea, 0x4a8ea0c8, 0x87014a96, 0x72c9fce7, 0x2a2744c9]),
    ([0x74bc21d1, 0x433391d3, 0x255048bf, 0x16742ed0, 0xb0c21cda, 0x0638379d, 0x883b4c59, 0x3ed113b7], [0xe82a3740, 0xe2f8eefc, 0x5e9889da, 0x090d04da, 0xa4f4c68a, 0x24c843af, 0xccc4c8a2, 0x9099209a]),
    ([0x46072c01, 0x98e15d9d, 0x65ead58a, 0x792e284b, 0xd85ee2fc, 0x61805df2, 0xe0ac495a, 0x177c837a], [0xefc7bfd8, 0x9c43bbe2, 0xa1fb4df3, 0x26ee14c3, 0xb40f4e72, 0xa24091ad, 0x4ebea558, 0x63bb58cd]),
    ([0xe59b9d5f, 0x63668c63, 0xde3a0ef1, 0xae03af92, 0x99888265, 0xadfb3789, 0x971abae7, 0xf0454dc6], [0x0d034f36, 0x47e59cde, 0x75b5fa3f, 0x2a3b21ce, 0x1f9643e6, 0x4e6594e5, 0x592e2d1f, 0xb5b93ee3]),
    ([0x4738a73e, 0xba1abce3, 0xf0d64af8, 0x5fa68678, 0x6f75301a, 0x9c0984b6, 0xc0f1cc3a, 0x47776904], [0x71f1fcdc, 0x32f787ff, 0x28d5733f, 0x81b28044, 0x77648e83, 0x62318565, 0xb5b95728, 0xaa005ee6]),
    ([0xab03ed83, 0xc1fc7b74, 0x57884895, 0x782c4522, 0x7108c507, 0xce39b7c1, 0x102c0c25, 0xcb6d2861], [0x2bcecdaa, 0xe3915075, 0x30fa3e03, 0xa496716e, 0x0d6d6ce4, 0x5c35e710, 0x24d9ef51, 0x58d7614b]),
    ([0x67399e83, 0xfd76364e, 0xf42b1523, 0x3a582139, 0xb473bca5, 0x2e4ac86e, 0x86637c7b, 0x3250fcf6], [0x71d48c09, 0x15de24a0, 0x3b566a82, 0x897cd3c3, 0x1d7eb88c, 0x97b3090d, 0x667d3593, 0x42e7c342]),
    ([0x45ca7896, 0x672e5730, 0xdf64a4fe, 0x3c0bc0a5, 0xd4583fa6, 0xd28a3e39, 0x9c2640d7, 0x0e91c723], [0x3140ad55, 0x13804654, 0x75e7a5ae, 0x7e688335, 0xb8e0bd6d, 0x1a22733b, 0x550dba22, 0x5df65c3b]),
    ([0xf200d687, 0x84a4dc45, 0xb76f1b24, 0x41652fc5, 0x8c07fa84, 0x85f4f52d, 0x4b0c0bb6, 0x3a67e255], [0x02f79324, 0xa9ed16b3, 0x35a7618a, 0x8c188af7, 0x163afb0d, 0x26daf267, 0x2f1fcf43, 0x27d0f187]),
    ([0x3b0883d1, 0xf2e20117, 0x683e54ab, 0x576355bd, 0x4611f378, 0xdeba2fac, 0x19d80d51, 0x184ffa58], [0x60906e6f, 0x20d242c2, 0x63f04916, 0x45bdeccc, 0x26cb9995, 0xa4c6d908, 0x6688f359, 0xc0a66e27]),
    ([0x1c784def, 0xdedd693d, 0x88b58a41, 0xfd8cd1c6, 0x90853b8c, 0xa7c36da0, 0xfa195b07, 0xd6d33ade], [0x93d1bca6, 0x550c1245, 0x4b95eded, 0x09a166ab, 0x558a5dcb, 0x3f78245f, 0xee195d7e, 0x84aaba16]),
    ([0xa1b45b8b, 0x3e3f9aa0, 0x52a95b3e, 0xfac9db7d, 0xa7ae9aa0, 0xa85da026, 0x2dc7e05d, 0x301d9e50], [0xa17ee267, 0xd58db6ae, 0x6887ca61, 0x298d9ae4, 0x6b017d72, 0xe0d23c02, 0xb3061223, 0x6551b6f6]),
    ([0xcb2cd793, 0x65c100f3, 0x3aa872fd, 0xa03b0a53, 0x89d9d34e, 0xfa9aa25b, 0xfcd81356, 0x9807d699], [0x79634af4, 0x2f6bf924, 0x6c587853, 0xffe630b9, 0x1d091b2f, 0x86a01a4d, 0xcab11bf2, 0xc2a59cdc]),
    ([0x33bb291a, 0xa12d3890, 0x92af9700, 0x94e8e1fe, 0x326c48ca, 0x8ffa3ad7, 0x9ed27d16, 0xd58d4a58], [0xf586b9d5, 0xa5b0c9c6, 0x3b034979, 0x67271c16, 0x2dc7fef6, 0x76ea9263, 0x02726b85, 0xd45514d1]),
    ([0x502b3348, 0x73a92894, 0x246bfd44, 0xe0d21379, 0x11a826aa, 0xd6b09786, 0x6ddb817d, 0x419a6a64], [0xb09214b2, 0xdb1d6c81, 0xf3dee1e2, 0x13c6d072, 0x954c2fd5, 0x545c9fb1, 0x1102f584, 0x332544cf]),
    ([0xfb2776c4, 0xa0c199dd, 0xd2d138d4, 0x547b942d, 0xa179046e, 0x42014976, 0xc3996d4d, 0x22a682f7], [0xcbaa285d, 0x5347f649, 0x0265b068, 0x979dcc31, 0x5a54356c, 0xb918c983, 0x102223ee, 0x4f4606b0]),
    ([0x995d2fa2, 0x3a7de694, 0xd4175a59, 0x6067c5c3, 0xe6cfe8aa, 0x1cf258d2, 0x40dee065, 0x67a6bec2], [0x441feed5, 0x49c24ce1, 0x209aca6c, 0x1542c7ee, 0x464d4499, 0x6c249b49, 0x22d13158, 0xde692b70]),
    ([0x9b82d28d, 0x7544dc12, 0xd009b30f, 0x8f4bc4c6, 0x1d8f4b49, 0xd0423086, 0x6f1ff104, 0x986ae250], [0x1bb07e97, 0x25110c44, 0x9c189f25, 0xd86fc628, 0x7d3c7b61, 0xe328a4d9, 0xa6460e0a, 0x003cccc0]),
    ([0xfae0ba03, 0x79c78080, 0xdd29d6d9, 0x0f5f609e, 0xdff0672e, 0x3ecd0f5d, 0x70bde99b, 0xa891d066], [0x166934ae, 0xefc3edc8, 0xfeb0f2cc, 0x1c6b38f0, 0x033c1ce7, 0x419a88c4, 0x2cbfa1c1, 0xb596cd92]),
    ([0x7b1c0d7c, 0x51d68922, 0x3e19066d, 0xdd5b3158, 0x83071bbc, 0x595361ea, 0x48958708, 0x42c315cc], [0xb2f9b1b9, 0xd6c4a72b, 0xeb87f164, 0x74f1a1e1, 0xbb7a7990, 0x2914d1df, 0x571b9585, 0x649a61ce]),
    ([0xa5674455, 0x7d228ce6, 0x758fd4fd, 0x28fb7ea9, 0x866e6c05, 0xbb22b146, 0x98068875, 0xf785b0e0], [0x10d62408, 0xe7bc490c, 0x5f3aa60a, 0x4b04b6fd, 0x0d9f5b41, 0xe15c767f, 0x6080da6e, 0x73fdb0bf]),
    ([0x018e22b1, 0x044360f0, 0xe81008ff, 0x95f7eb56, 0x3c1d68bc, 0xaadee686, 0x4d9de43e, 0x672c4a51], [0x91f37104, 0x99353991, 0x9704d941, 0x13624658, 0xace203f7, 0x611de5a4, 0x96a25bfe, 0x548c7e91]),
    ([0x7449d036, 0xf126ec9f, 0x8de9b983, 0x982b1ca7, 0x54b88039, 0x5a478022, 0xc9d95245, 0x6f01bd49], [0x989e17db, 0x360233dd, 0xc3749b08, 0xa78551bf, 0x608776ce, 0x11a0f21a, 0xf1d5deab, 0x1562080f]),
    ([0xdf6e60a0, 0xdec1dff7, 0x62c1eada, 0xc2a595b7, 0xfe7fea2c, 0x7571a109, 0xa068c926, 0x079dba7b], [0xb4824dea, 0xfb0da5ae, 0x5751a397, 0x83eb2df3, 0x2a9588ab, 0x1d223f9d, 0x43d4d181, 0xdc1e19b7]),
    ([0xd0f56077, 0x8abd97b1, 0x2d6c6bd8, 0x289d406e, 0xea907f86, 0x126d45a8, 0xbb4d2865, 0xc116e30e], [0xa410c206, 0x313fd7fd, 0x9e59c8c5, 0x7d5bd5e8, 0xb13b8765, 0xb8b16d9b, 0xc35b30c2, 0xe9478823]),
    ([0x0faa4b45, 0xa2b6ea0e, 0x9e8dc8ec, 0xe5094111, 0xfca9bdf7, 0x765b2784, 0xfe0c6437, 0x665f1a6f], [0x2b7f4ccf, 0x6e25a660, 0x81e215bc, 0x7dede5bf, 0xf7eac37f, 0x6e8cca29, 0x9ffd18c2, 0x490e2ca4]),
    ([0x0d32af0e, 0x5939ac38, 0x8b724fd5, 0x3e7910a0, 0x8d990001, 0x2d3a6b3d, 0xedd3da9a, 0x059ccb19], [0x97fe91d1, 0x928e1e3c, 0x3956cecd, 0x1621f7a3, 0x9345638e, 0xda65281b, 0xcad49159, 0xbb6ad7ec]),
    ([0x5d8bdac1, 0x32a29082, 0x01a7cd38, 0xdf53c8af, 0x8acc7d8f, 0x2a1f28a0, 0x5bf5dc80, 0x6a9501d8], [0x5f1ef1a3, 0x30aff53d, 0x697a6f35, 0xf8461b5c, 0x4a3c56a3, 0x81c6c6e4, 0x93473743, 0xca640ad1]),
];

/// A point in Jacobian coordinates (X/Z², Y/Z³); Z = 0 is the identity.
#[derive(Clone, Copy)]
struct Point {
    x: Limbs,
    y: Limbs,
    z: Limbs,
}

impl Point {
    const INFINITY: Self = Self {
        x: ONE,
        y: ONE,
        z: ZERO,
    };

    fn is_infinity(&self) -> bool {
        self.z == ZERO
    }

    fn negate(&self) -> Self {
        Self {
            x: self.x,
            y: subtract_mod(&ZERO, &self.y, &P),
            z: self.z,
        }
    }

    /// 2·self, "dbl-2001-b" (Bernstein and Lange) for a = -3. No point of
    /// P-256 has order 2, so only the identity doubles to the identity, and
    /// its Z stays 0.
    fn double(&self) -> Self {
        let delta = field_square(&self.z);
        let gamma = field_square(&self.y);
        let beta = field_multiply(&self.x, &gamma);
        let alpha = {
            let t = field_multiply(
                &subtract_mod(&self.x, &delta, &P),
                &add_mod(&self.x, &delta, &P),
            );
            add_mod(&add_mod(&t, &t, &P), &t, &P)
        };
        let beta4 = times4(&beta);
        let x = subtract_mod(&field_square(&alpha), &add_mod(&beta4, &beta4, &P), &P);
        let z = subtract_mod(
            &subtract_mod(&field_square(&add_mod(&self.y, &self.z, &P)), &gamma, &P),
            &delta,
            &P,
        );
        let gamma_squared = field_square(&gamma);
        let gamma8 = add_mod(&times4(&gamma_squared), &times4(&gamma_squared), &P);
        let y = subtract_mod(
            &field_multiply(&alpha, &subtract_mod(&beta4, &x, &P)),
            &gamma8,
            &P,
        );
        Self { x, y, z }
    }

    /// self + other, "add-2007-bl", with the identity and equal or
    /// opposite points handled apart.
    fn add(&self, other: &Self) -> Self {
        if self.is_infinity() {
            return *other;
        }
        if other.is_infinity() {
            return *self;
        }
        let z1z1 = field_square(&self.z);
        let z2z2 = field_square(&other.z);
        let u1 = field_multiply(&self.x, &z2z2);
        let u2 = field_multiply(&other.x, &z1z1);
        let s1 = field_multiply(&self.y, &field_multiply(&other.z, &z2z2));
        let s2 = field_multiply(&other.y, &field_multiply(&self.z, &z1z1));
        let h = subtract_mod(&u2, &u1, &P);
        let r_half = subtract_mod(&s2, &s1, &P);
        if h == ZERO {
            // Same x: the same point doubles, opposite points cancel.
            return if r_half == ZERO {
                self.double()
            } else {
                Self::INFINITY
            };
        }
        let i = field_square(&add_mod(&h, &h, &P));
        let j = field_multiply(&h, &i);
        let r = add_mod(&r_half, &r_half, &P);
        let v = field_multiply(&u1, &i);
        let x = subtract_mod(
            &subtract_mod(&field_square(&r), &j, &P),
            &add_mod(&v, &v, &P),
            &P,
        );
        let s1j = field_multiply(&s1, &j);
        let y = subtract_mod(
            &field_multiply(&r, &subtract_mod(&v, &x, &P)),
            &add_mod(&s1j, &s1j, &P),
            &P,
        );
        let z = field_multiply(
            &subtract_mod(
                &subtract_mod(&field_square(&add_mod(&self.z, &other.z, &P)), &z1z1, &P),
                &z2z2,
                &P,
            ),
            &h,
        );
        Self { x, y, z }
    }
}

impl Point {
    /// self + (x, y) for an affine point, "madd-2007-bl", with the same
    /// special cases as [`Point::add`].
    fn add_affine(&self, x: &Limbs, y: &Limbs) -> Self {
        if self.is_infinity() {
            return Self {
                x: *x,
                y: *y,
                z: ONE,
            };
        }
        let z1z1 = field_square(&self.z);
        let u2 = field_multiply(x, &z1z1);
        let s2 = field_multiply(y, &field_multiply(&self.z, &z1z1));
        let h = subtract_mod(&u2, &self.x, &P);
        let r_half = subtract_mod(&s2, &self.y, &P);
        if h == ZERO {
            return if r_half == ZERO {
                self.double()
            } else {
                Self::INFINITY
            };
        }
        let hh = field_square(&h);
        let i = times4(&hh);
        let j = field_multiply(&h, &i);
        let r = add_mod(&r_half, &r_half, &P);
        let v = field_multiply(&self.x, &i);
        let x3 = subtract_mod(
            &subtract_mod(&field_square(&r), &j, &P),
            &add_mod(&v, &v, &P),
            &P,
        );
        let y1j = field_multiply(&self.y, &j);
        let y3 = subtract_mod(
            &field_multiply(&r, &subtract_mod(&v, &x3, &P)),
            &add_mod(&y1j, &y1j, &P),
            &P,
        );
        let z3 = subtract_mod(
            &subtract_mod(&field_square(&add_mod(&self.z, &h, &P)), &z1z1, &P),
            &hh,
            &P,
        );
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }
}

/// The odd multiples P, 3P, …, 15P for width-5 NAF digits.
fn odd_multiples(point: &Point) -> [Point; 8] {
    let twice = point.double();
    let mut table = [*point; 8];
    for index in 1..8 {
        table[index] = table[index - 1].add(&twice);
    }
    table
}

/// Width-`WIDTH` NAF of k < 2^256: digits odd in ±(2^(WIDTH-1) - 1) or 0,
/// least significant first, at most 257 of them.
fn naf<const WIDTH: u32>(k: &Limbs) -> [i8; 257] {
    let window = 1u32 << WIDTH;
    let mut digits = [0i8; 257];
    let mut value = [0u32; 9];
    value[..8].copy_from_slice(k);
    let mut position = 0;
    while value != [0; 9] && position < digits.len() {
        if value[0] & 1 == 1 {
            // |digit| < 2^(WIDTH-1) ≤ 64: fits an i8.
            let low = value[0] & (window - 1);
            let digit = if low >= window / 2 {
                low as i32 - window as i32
            } else {
                low as i32
            };
            digits[position] = digit as i8;
            // value -= digit, which leaves value divisible by 2^WIDTH.
            if digit > 0 {
                let mut borrow = digit.unsigned_abs();
                for limb in &mut value {
                    let (next, underflow) = limb.overflowing_sub(borrow);
                    *limb = next;
                    borrow = u32::from(underflow);
                }
            } else {
                let mut carry = digit.unsigned_abs();
                for limb in &mut value {
                    let (next, overflow) = limb.overflowing_add(carry);
                    *limb = next;
                    carry = u32::from(overflow);
                }
            }
        }
        // value >>= 1
        for index in 0..9 {
            let high = value.get(index + 1).map_or(0, |next| next << 31);
            value[index] = (value[index] >> 1) | high;
        }
        position += 1;
    }
    digits
}

/// a·G + b·Q with one run of doublings (Shamir's trick) over both NAFs:
/// width 7 for G, whose odd multiples are the affine constants of
/// [`G_MULTIPLES`] (mixed additions), width 5 for Q, whose are computed.
fn double_scalar_multiply(a: &Limbs, b: &Limbs, q: &Point) -> Point {
    let q_table = odd_multiples(q);
    let (a_digits, b_digits) = (naf::<7>(a), naf::<5>(b));
    let top = (0..257)
        .rev()
        .find(|&index| a_digits[index] != 0 || b_digits[index] != 0);
    let Some(top) = top else {
        return Point::INFINITY;
    };
    let mut sum = Point::INFINITY;
    for index in (0..=top).rev() {
        sum = sum.double();
        let digit = a_digits[index];
        if digit != 0 {
            let (x, y) = &G_MULTIPLES[(digit.unsigned_abs() as usize - 1) / 2];
            let y = if digit > 0 {
                *y
            } else {
                subtract_mod(&ZERO, y, &P)
            };
            sum = sum.add_affine(x, &y);
        }
        let digit = b_digits[index];
        if digit > 0 {
            sum = sum.add(&q_table[(digit as usize - 1) / 2]);
        } else if digit < 0 {
            sum = sum.add(&q_table[(digit.unsigned_abs() as usize - 1) / 2].negate());
        }
    }
    sum
}

/// a·b mod p: the 512-bit product, then the NIST fast reduction (the sum
/// s1 + 2s2 + 2s3 + s4 + s5 - s6 - s7 - s8 - s9 of FIPS 186-4 D.2.3 /
/// SP 800-186 G.1.2, words of the product rearranged).
fn field_multiply(a: &Limbs, b: &Limbs) -> Limbs {
    let mut product = [0u64; 16];
    for (i, &a_limb) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &b_limb) in b.iter().enumerate() {
            // (2³² - 1)² + 2·(2³² - 1) = 2⁶⁴ - 1: no overflow.
            let sum = product[i + j] + u64::from(a_limb) * u64::from(b_limb) + carry;
            product[i + j] = sum & 0xffff_ffff;
            carry = sum >> 32;
        }
        product[i + 8] = carry;
    }
    reduce(&product)
}

/// a² mod p: each cross product once, doubled, then the squares added
/// (36 limb products instead of 64).
fn field_square(a: &Limbs) -> Limbs {
    let mut product = [0u64; 16];
    for i in 0..8 {
        let mut carry = 0u64;
        for j in i + 1..8 {
            let sum = product[i + j] + u64::from(a[i]) * u64::from(a[j]) + carry;
            product[i + j] = sum & 0xffff_ffff;
            carry = sum >> 32;
        }
        product[i + 8] = carry;
    }
    // The cross products are at most a²/2, so doubling them stays within
    // sixteen words.
    let mut carry = 0u64;
    for word in &mut product {
        let doubled = (*word << 1) | carry;
        *word = doubled & 0xffff_ffff;
        carry = doubled >> 32;
    }
    let mut carry = 0u64;
    for (i, &limb) in a.iter().enumerate() {
        let square = u64::from(limb) * u64::from(limb);
        let low = product[2 * i] + (square & 0xffff_ffff) + carry;
        product[2 * i] = low & 0xffff_ffff;
        let high = product[2 * i + 1] + (square >> 32) + (low >> 32);
        product[2 * i + 1] = high & 0xffff_ffff;
        carry = high >> 32;
    }
    reduce(&product)
}

/// The NIST reduction of a product given as sixteen 32-bit words.
fn reduce(c: &[u64; 16]) -> Limbs {
    let c = c.map(|word| word as i64);
    let mut words: [i64; 8] = [
        c[0] + c[8] + c[9] - c[11] - c[12] - c[13] - c[14],
        c[1] + c[9] + c[10] - c[12] - c[13] - c[14] - c[15],
        c[2] + c[10] + c[11] - c[13] - c[14] - c[15],
        c[3] + 2 * c[11] + 2 * c[12] + c[13] - c[15] - c[8] - c[9],
        c[4] + 2 * c[12] + 2 * c[13] + c[14] - c[9] - c[10],
        c[5] + 2 * c[13] + 2 * c[14] + c[15] - c[10] - c[11],
        c[6] + 3 * c[14] + 2 * c[15] + c[13] - c[8] - c[9],
        c[7] + 3 * c[15] + c[8] - c[10] - c[11] - c[12] - c[13],
    ];
    // Each word is within ±6·2³²; carry them up, then fold what passes
    // 2^256 back with 2^256 ≡ 2^224 - 2^192 - 2^96 + 1 (mod p) until
    // nothing does: at most three rounds.
    loop {
        let mut carry = 0i64;
        for word in &mut words {
            *word += carry;
            carry = *word >> 32;
            *word &= 0xffff_ffff;
        }
        if carry == 0 {
            break;
        }
        words[0] += carry;
        words[3] -= carry;
        words[6] -= carry;
        words[7] += carry;
    }
    let mut out = words.map(|word| word as u32);
    // Below 2^256 < 2p: one subtraction at most.
    if !less_than(&out, &P) {
        subtract_in_place(&mut out, &P);
    }
    out
}

#[inline(always)]
fn times4(a: &Limbs) -> Limbs {
    let twice = add_mod(a, a, &P);
    add_mod(&twice, &twice, &P)
}

/// a + b mod m, for a, b < m: the sum, and the sum less m unless that
/// borrows past the sum's carry.
// Inlined into the point formulas: 10% of a P-256 verification in wasm,
// for 5.7 KB gzipped of the certificate entry (web/bench/size.mjs).
#[inline(always)]
fn add_mod(a: &Limbs, b: &Limbs, m: &Limbs) -> Limbs {
    let mut sum = *a;
    let carry = add_in_place(&mut sum, b);
    let mut reduced = sum;
    let borrow = subtract_in_place(&mut reduced, m);
    if carry || !borrow { reduced } else { sum }
}

/// a - b mod m, for a, b < m.
#[inline(always)]
fn subtract_mod(a: &Limbs, b: &Limbs, m: &Limbs) -> Limbs {
    let mut out = *a;
    if subtract_in_place(&mut out, b) {
        add_in_place(&mut out, m);
    }
    out
}

/// a·b mod m by doubling and adding over b's bits (two per verification:
/// not worth a Montgomery setup).
fn multiply_slow(a: &Limbs, b: &Limbs, m: &Limbs) -> Limbs {
    let mut out = ZERO;
    for bit in (0..256).rev() {
        out = add_mod(&out, &out, m);
        if b[bit / 32] >> (bit % 32) & 1 == 1 {
            out = add_mod(&out, a, m);
        }
    }
    out
}

/// a⁻¹ mod m for an odd prime m and 0 < a < m: the binary inversion of
/// Hankerson, Menezes and Vanstone, "Guide to Elliptic Curve
/// Cryptography", Algorithm 2.22.
fn inverse(a: &Limbs, m: &Limbs) -> Limbs {
    let (mut u, mut v) = (*a, *m);
    let (mut x1, mut x2) = (ONE, ZERO);
    while u != ONE && v != ONE {
        while u[0] & 1 == 0 {
            shift_right(&mut u, false);
            halve_mod(&mut x1, m);
        }
        while v[0] & 1 == 0 {
            shift_right(&mut v, false);
            halve_mod(&mut x2, m);
        }
        if less_than(&u, &v) {
            subtract_in_place(&mut v, &u);
            x2 = subtract_mod(&x2, &x1, m);
        } else {
            subtract_in_place(&mut u, &v);
            x1 = subtract_mod(&x1, &x2, m);
        }
    }
    if u == ONE { x1 } else { x2 }
}

/// x/2 mod m (m odd): x or x + m, whichever is even, shifted right.
fn halve_mod(x: &mut Limbs, m: &Limbs) {
    let carry = if x[0] & 1 == 1 {
        add_in_place(x, m)
    } else {
        false
    };
    shift_right(x, carry);
}

/// x >>= 1, `top` shifted in as bit 255.
fn shift_right(x: &mut Limbs, top: bool) {
    for index in 0..8 {
        let high = if index == 7 {
            u32::from(top) << 31
        } else {
            x[index + 1] << 31
        };
        x[index] = (x[index] >> 1) | high;
    }
}

fn from_bytes(bytes: &[u8; 32]) -> Limbs {
    let mut out = [0u32; 8];
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks(4)) {
        *limb = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    out
}

/// a < b.
#[inline(always)]
fn less_than(a: &Limbs, b: &Limbs) -> bool {
    for index in (0..8).rev() {
        if a[index] != b[index] {
            return a[index] < b[index];
        }
    }
    false
}

/// a -= b modulo 2^256; true if it borrowed.
#[inline(always)]
fn subtract_in_place(a: &mut Limbs, b: &Limbs) -> bool {
    let mut borrow = 0i64;
    for (limb, &other) in a.iter_mut().zip(b) {
        let difference = i64::from(*limb) - i64::from(other) + borrow;
        *limb = difference as u32;
        borrow = difference >> 32;
    }
    borrow != 0
}

/// a += b modulo 2^256; true if it carried.
#[inline(always)]
fn add_in_place(a: &mut Limbs, b: &Limbs) -> bool {
    let mut carry = 0u64;
    for (limb, &other) in a.iter_mut().zip(b) {
        let sum = u64::from(*limb) + u64::from(other) + carry;
        *limb = sum as u32;
        carry = sum >> 32;
    }
    carry != 0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    //! This module against RustCrypto `p256` (the verifier it replaced):
    //! field products against a reference reduction, and verdicts on
    //! signatures made by RustCrypto's signer, changed and at the edges.
    use super::*;
    use alloc::{format, vec::Vec};
    use p256::ecdsa::{
        Signature, SigningKey, VerifyingKey,
        signature::hazmat::{PrehashSigner, PrehashVerifier},
    };

    use crate::Random;

    fn to_bytes(limbs: &Limbs) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (chunk, limb) in out.rchunks_mut(4).zip(limbs) {
            chunk.copy_from_slice(&limb.to_be_bytes());
        }
        out
    }

    /// a·b mod p by doubling and adding: slow, and no reduction trick.
    #[test]
    fn field_products_match_a_plain_reduction() {
        let mut random = Random(0x1234_5678);
        let mut values = Vec::from([ZERO, ONE, {
            let mut p_minus_one = P;
            p_minus_one[0] -= 1;
            p_minus_one
        }]);
        for _ in 0..300 {
            let mut value = from_bytes(&random.array());
            if !less_than(&value, &P) {
                subtract_in_place(&mut value, &P);
            }
            values.push(value);
        }
        // Values with long runs of ones and zeros reach the carries.
        values.push([
            0xffff_ffff,
            0,
            0xffff_ffff,
            0,
            0xffff_ffff,
            0,
            0,
            0xffff_fffe,
        ]);
        values.push([
            0,
            0,
            0,
            0xffff_ffff,
            0xffff_ffff,
            0xffff_ffff,
            0,
            0xffff_fffe,
        ]);
        for (index, a) in values.iter().enumerate() {
            let b = &values[(index * 7 + 3) % values.len()];
            assert_eq!(
                field_multiply(a, b),
                multiply_slow(a, b, &P),
                "{a:08x?} · {b:08x?}"
            );
            assert_eq!(field_square(a), multiply_slow(a, a, &P));
            if *a != ZERO {
                assert_eq!(field_multiply(a, &inverse(a, &P)), ONE);
            }
            let mut scalar = *a;
            if !less_than(&scalar, &N) {
                subtract_in_place(&mut scalar, &N);
            }
            if scalar != ZERO {
                assert_eq!(multiply_slow(&scalar, &inverse(&scalar, &N), &N), ONE);
            }
        }
    }

    fn ours(key: &VerifyingKey, prehash: &[u8], signature: &Signature) -> bool {
        let point = key.to_sec1_point(false);
        let (x, y) = point.as_bytes()[1..].split_at(32);
        let rs = signature.to_bytes();
        let (r, s) = rs.split_at(32);
        verify(
            x.try_into().unwrap(),
            y.try_into().unwrap(),
            r.try_into().unwrap(),
            s.try_into().unwrap(),
            prehash,
        )
    }

    fn theirs(key: &VerifyingKey, prehash: &[u8], signature: &Signature) -> bool {
        key.verify_prehash(prehash, signature).is_ok()
    }

    /// n - 1 and small scalars as private keys: Q = -G, G, 2G make the
    /// ladder add a point to itself or to its negation.
    fn private_keys(random: &mut Random) -> Vec<[u8; 32]> {
        let small = |value: u8| {
            let mut bytes = [0u8; 32];
            bytes[31] = value;
            bytes
        };
        let mut n_minus_one = to_bytes(&N);
        n_minus_one[31] -= 1;
        let mut keys = Vec::from([small(1), small(2), small(3), n_minus_one]);
        keys.extend((0..40).map(|_| random.array::<32>()));
        keys
    }

    #[test]
    fn verdicts_match_rustcrypto() {
        let mut random = Random(0xfeed_beef);
        let mut compared = 0;
        for private in private_keys(&mut random) {
            let Ok(signer) = SigningKey::from_bytes(&private.into()) else {
                continue;
            };
            let key = *signer.verifying_key();
            let other = *SigningKey::from_bytes(&[7u8; 32].into())
                .unwrap()
                .verifying_key();
            // Digests of 20 to 64 octets (SHA-1 to SHA-512), e = 0, e = n and
            // e above n.
            let mut prehashes: Vec<Vec<u8>> = [20usize, 28, 32, 48, 64]
                .iter()
                .map(|&length| random.array::<64>()[..length].to_vec())
                .collect();
            prehashes.push([0u8; 32].to_vec());
            prehashes.push(to_bytes(&N).to_vec());
            prehashes.push([0xff; 32].to_vec());
            for prehash in prehashes {
                let signature: Signature = signer.sign_prehash(&prehash).unwrap();
                let what = format!("key {private:02x?}, prehash {prehash:02x?}");
                assert!(ours(&key, &prehash, &signature), "{what}");
                assert!(theirs(&key, &prehash, &signature), "{what}");
                // The other s (n - s) is as valid: no low-s rule.
                let (r, s) = (signature.r(), signature.s());
                let other_s = Signature::from_scalars(r, -*s).unwrap();
                assert!(ours(&key, &prehash, &other_s), "{what} other s");
                assert!(theirs(&key, &prehash, &other_s), "{what} other s");
                let mut changed = prehash.clone();
                changed[0] ^= 0x80;
                assert_eq!(
                    ours(&key, &changed, &signature),
                    theirs(&key, &changed, &signature),
                    "{what} changed"
                );
                assert!(!ours(&other, &prehash, &signature), "{what} other key");
                let bytes = signature.to_bytes();
                for at in [0usize, 31, 32, 63] {
                    let mut flipped = bytes;
                    flipped[at] ^= 1;
                    if let Ok(flipped) = Signature::from_slice(&flipped) {
                        assert_eq!(
                            ours(&key, &prehash, &flipped),
                            theirs(&key, &prehash, &flipped),
                            "{what} byte {at}"
                        );
                    }
                }
                let short = &prehash[..15];
                assert_eq!(
                    ours(&key, short, &signature),
                    theirs(&key, short, &signature),
                    "{what} short"
                );
                compared += 1;
            }
        }
        assert!(compared > 300, "{compared}");
    }

    fn affine(point: &Point) -> (Limbs, Limbs) {
        let z_inverse = inverse(&point.z, &P);
        let z2 = field_square(&z_inverse);
        (
            field_multiply(&point.x, &z2),
            field_multiply(&point.y, &field_multiply(&z2, &z_inverse)),
        )
    }

    /// The cases the addition formula cannot take: a point plus itself
    /// (doubles), plus its negation (the identity), plus the identity.
    #[test]
    fn exceptional_additions() {
        let g = Point {
            x: GX,
            y: GY,
            z: ONE,
        };
        let twice = g.double();
        assert_eq!(affine(&g.add(&g)), affine(&twice));
        // In Jacobian form with Z ≠ 1: 2G + 2G and 2G - 2G.
        assert_eq!(affine(&twice.add(&twice)), affine(&twice.double()));
        assert!(twice.add(&twice.negate()).is_infinity());
        assert!(g.add(&g.negate()).is_infinity());
        assert_eq!(affine(&Point::INFINITY.add(&twice)), affine(&twice));
        assert_eq!(affine(&twice.add(&Point::INFINITY)), affine(&twice));
        assert!(Point::INFINITY.double().is_infinity());
        // 3G three ways, and n·G is the identity.
        let three = [3, 0, 0, 0, 0, 0, 0, 0];
        let by_ladder = double_scalar_multiply(&three, &ZERO, &g);
        assert_eq!(affine(&by_ladder), affine(&twice.add(&g)));
        assert_eq!(affine(&g.add(&twice)), affine(&twice.add(&g)));
        let one = ONE;
        let two = [2, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(
            affine(&double_scalar_multiply(&one, &two, &g)),
            affine(&by_ladder)
        );
        assert!(double_scalar_multiply(&N, &ZERO, &g).is_infinity());
        let mut n_minus_one = N;
        n_minus_one[0] -= 1;
        assert!(double_scalar_multiply(&n_minus_one, &ONE, &g).is_infinity());
        // The mixed addition's own cases.
        assert_eq!(affine(&g.add_affine(&GX, &GY)), affine(&twice));
        assert_eq!(affine(&twice.add_affine(&GX, &GY)), affine(&by_ladder));
        assert!(
            g.add_affine(&GX, &subtract_mod(&ZERO, &GY, &P))
                .is_infinity()
        );
        assert_eq!(affine(&Point::INFINITY.add_affine(&GX, &GY)), (GX, GY));
    }

    /// [`G_MULTIPLES`] is G, 3G, …, 127G: computed here, and printed as
    /// the constant's source when it is not.
    #[test]
    fn g_multiples_are_the_generators_odd_multiples() {
        let g = Point {
            x: GX,
            y: GY,
            z: ONE,
        };
        let twice = g.double();
        let mut point = g;
        let mut source = alloc::string::String::new();
        let mut same = true;
        for (x, y) in &G_MULTIPLES {
            let (ax, ay) = affine(&point);
            same &= ax == *x && ay == *y;
            let limbs = |limbs: &Limbs| {
                let words: Vec<_> = limbs.iter().map(|word| format!("{word:#010x}")).collect();
                words.join(", ")
            };
            source += &format!("    ([{}], [{}]),\n", limbs(&ax), limbs(&ay));
            point = point.add(&twice);
        }
        assert!(same, "G_MULTIPLES should be:\n{source}");
    }

    /// x mod n = r for an x of r or r + n, never for another, whether the
    /// point is in affine form or not; and r + n is only tried below p.
    #[test]
    fn x_is_compared_mod_n() {
        let mut random = Random(0xabc);
        let z = from_bytes(&random.array());
        let z2 = field_square(&z);
        let point_with_x = |x: &Limbs| Point {
            x: field_multiply(x, &z2),
            y: ONE,
            z,
        };
        let small = [5, 0, 0, 0, 0, 0, 0, 0];
        let mut small_plus_n = N;
        small_plus_n[0] += 5;
        assert!(x_is_r_mod_n(&point_with_x(&small), &small));
        assert!(x_is_r_mod_n(&point_with_x(&small_plus_n), &small));
        assert!(!x_is_r_mod_n(
            &point_with_x(&[6, 0, 0, 0, 0, 0, 0, 0]),
            &small
        ));
        assert!(!x_is_r_mod_n(
            &point_with_x(&small),
            &[6, 0, 0, 0, 0, 0, 0, 0]
        ));
        let affine = Point {
            x: small_plus_n,
            y: ONE,
            z: ONE,
        };
        assert!(x_is_r_mod_n(&affine, &small));
        // r = n - 1: r + n is above p, so only x = r matches; x = r + n - p
        // (what r + n would be mod p) must not.
        let mut n_minus_one = N;
        n_minus_one[0] -= 1;
        let mut wrapped = n_minus_one;
        add_in_place(&mut wrapped, &N);
        subtract_in_place(&mut wrapped, &P);
        assert!(x_is_r_mod_n(&point_with_x(&n_minus_one), &n_minus_one));
        assert!(!x_is_r_mod_n(&point_with_x(&wrapped), &n_minus_one));
    }
}
