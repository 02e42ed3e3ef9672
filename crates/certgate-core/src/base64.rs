//! A table-driven base64 decoder for public PEM bodies (certificates, CRLs):
//! several times faster than base64ct, whose constant-time decoding is
//! worth its cost only for secrets. Private keys keep base64ct (see
//! `input::block_content`).
//!
//! It accepts exactly what `base64ct::Base64::decode_vec` accepts once ASCII
//! white space is removed (what `input::decode_pem` feeds it): the standard
//! alphabet, a length that is a multiple of 4, at most two `=` and only at
//! the end, and zero bits after the last byte (canonical form). The tests
//! below hold it to that, differentially.

use alloc::vec::Vec;

/// Marks in [`TABLE`] beside the 6-bit values.
const WHITESPACE: u8 = 0x40;
const PAD: u8 = 0x41;
const INVALID: u8 = 0xff;

/// Byte → 6-bit value, or one of the marks.
const TABLE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut index = 0;
    while index < 64 {
        table[alphabet[index] as usize] = index as u8;
        index += 1;
    }
    // `u8::is_ascii_whitespace`: space, \t, \n, \x0C and \r (not \x0B).
    table[b' ' as usize] = WHITESPACE;
    table[b'\t' as usize] = WHITESPACE;
    table[b'\n' as usize] = WHITESPACE;
    table[0x0c] = WHITESPACE;
    table[b'\r' as usize] = WHITESPACE;
    table[b'=' as usize] = PAD;
    table
};

/// Decodes `text`, skipping ASCII white space anywhere; `None` when the
/// text without white space is not canonical padded base64.
pub(crate) fn decode_skipping_whitespace(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    // Up to four 6-bit values, most recent lowest.
    let mut group: u32 = 0;
    let mut in_group = 0u32;
    let mut bytes = text.iter();
    // Whole groups of four alphabet characters first (a PEM line is 64 of
    // them), one character at a time only around white space and padding.
    loop {
        let rest = bytes.as_slice();
        if in_group == 0
            && let [a, b, c, d, ..] = *rest
        {
            let (a, b, c, d) = (
                TABLE[a as usize],
                TABLE[b as usize],
                TABLE[c as usize],
                TABLE[d as usize],
            );
            if (a | b | c | d) < 0x40 {
                let value = (u32::from(a) << 18)
                    | (u32::from(b) << 12)
                    | (u32::from(c) << 6)
                    | u32::from(d);
                out.extend_from_slice(&value.to_be_bytes()[1..]);
                bytes.nth(3);
                continue;
            }
        }
        let Some(&byte) = bytes.next() else { break };
        match TABLE[byte as usize] {
            WHITESPACE => {}
            PAD => return finish_padded(group, in_group, bytes.as_slice(), out),
            INVALID => return None,
            value => {
                group = (group << 6) | u32::from(value);
                in_group += 1;
                if in_group == 4 {
                    out.extend_from_slice(&group.to_be_bytes()[1..]);
                    group = 0;
                    in_group = 0;
                }
            }
        }
    }
    (in_group == 0).then_some(out)
}

/// After the first `=`: `in_group` values are pending and `rest` follows
/// the `=`. Two values take `==`, three take `=`; only white space after.
fn finish_padded(group: u32, in_group: u32, rest: &[u8], mut out: Vec<u8>) -> Option<Vec<u8>> {
    let mut more_pads = 0u32;
    for &byte in rest {
        match TABLE[byte as usize] {
            WHITESPACE => {}
            PAD => more_pads += 1,
            _ => return None,
        }
    }
    match (in_group, more_pads) {
        // 12 bits: one byte, the low 4 bits must be zero.
        (2, 1) if group & 0xf == 0 => out.push((group >> 4) as u8),
        // 18 bits: two bytes, the low 2 bits must be zero.
        (3, 0) if group & 0x3 == 0 => {
            out.extend_from_slice(&((group >> 2) as u16).to_be_bytes());
        }
        _ => return None,
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use base64ct::Encoding as _;

    /// The old path: white space removed, then base64ct.
    fn reference(text: &[u8]) -> Option<Vec<u8>> {
        let stripped: Vec<u8> = text
            .iter()
            .copied()
            .filter(|byte| !byte.is_ascii_whitespace())
            .collect();
        base64ct::Base64::decode_vec(core::str::from_utf8(&stripped).ok()?).ok()
    }

    fn same(text: &[u8]) {
        assert_eq!(
            decode_skipping_whitespace(text),
            reference(text),
            "{:?}",
            String::from_utf8_lossy(text)
        );
    }

    /// xorshift64*: deterministic, no dependency.
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, bound: u64) -> usize {
            usize::try_from(self.next() % bound).unwrap_or(0)
        }
    }

    #[test]
    fn small_cases_match_base64ct() {
        for text in [
            "",
            "=",
            "==",
            "===",
            "====",
            "A",
            "AA",
            "AAA",
            "AAAA",
            "QQ==",
            "QR==",
            "QQ=",
            "QQ",
            "QUI=",
            "QUJ=",
            "QUJD",
            "QQ==QQ==",
            "QQ=A",
            "Q===",
            "A=AA",
            "AB=C",
            "QQ== ",
            " QQ==",
            "Q Q = =",
            "QUJD\r\nQUJD\r\n",
            "QUJD\n\n",
            "QU\tJD",
            "QUJD\x0b",
            "QUJD\x0c",
            "QUJD\0",
            "QUJDé",
            "QUJD-",
            "QUJD_",
            "QUJD+/+/",
            "////",
            "+/+/+/==",
            "QUJDQUJDQUJD=",
            "QUJDQUJDQUJDQQ==",
            "QUJDQUJDQUJDQUI=",
            "QUJDQUJDQUJDQUJ=",
        ] {
            same(text.as_bytes());
        }
        same(b"QUJD\xff");
        same(b"\xc3\xa9QUJ");
    }

    #[test]
    fn random_encodings_and_mutations_match_base64ct() {
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let noise = b" \t\n\r\x0c\x0b=A+/-_\0\xff\xc3";
        for round in 0..20_000 {
            let length = random.below(100);
            let data: Vec<u8> = (0..length).map(|_| random.next() as u8).collect();
            let mut text = base64ct::Base64::encode_string(&data).into_bytes();
            // Lines of random widths, LF or CRLF, as PEM writers do.
            let width = 1 + random.below(70);
            let mut wrapped = Vec::new();
            for (position, byte) in text.iter().enumerate() {
                if position > 0 && position % width == 0 {
                    wrapped.extend_from_slice(if round % 2 == 0 { b"\n" } else { b"\r\n" });
                }
                wrapped.push(*byte);
            }
            assert_eq!(
                decode_skipping_whitespace(&wrapped).as_deref(),
                Some(data.as_slice())
            );
            same(&wrapped);
            // Then break it: replace, insert or delete a byte or two.
            for _ in 0..1 + random.below(2) {
                match random.below(3) {
                    0 if !text.is_empty() => {
                        let at = random.below(text.len() as u64);
                        text[at] = noise[random.below(noise.len() as u64)];
                    }
                    1 => {
                        let at = random.below(text.len() as u64 + 1);
                        text.insert(at, noise[random.below(noise.len() as u64)]);
                    }
                    _ if !text.is_empty() => {
                        let at = random.below(text.len() as u64);
                        text.remove(at);
                    }
                    _ => {}
                }
            }
            same(&text);
            // And random bytes from the alphabet, padding and white space.
            let soup: Vec<u8> = (0..random.below(24))
                .map(|_| b"AQgw+/= \n\r"[random.below(10)])
                .collect();
            same(&soup);
        }
    }

    #[test]
    fn every_last_group_matches_base64ct() {
        // Every 2- and 3-character final group with its padding, after a
        // whole group, covers the trailing-bit checks exhaustively.
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for &a in alphabet {
            for &b in alphabet {
                same(&[b'Q', b'U', b'J', b'D', a, b, b'=', b'=']);
                for &c in [b'A', b'B', b'E', b'Q', b'/'].iter() {
                    same(&[a, b, c, b'=']);
                }
            }
        }
    }
}
