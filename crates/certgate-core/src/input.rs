//! Bytes to blocks: PEM (with CRLF, byte-order mark, headers and text around
//! the blocks) or DER, every block kept with its index and what it was.
//!
//! Nothing is skipped silently: a block that does not decode is kept as
//! [`BlockContent::Invalid`] so a check can report it (`bundle.parse_error`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64ct::Encoding as _;

use crate::Error;

/// Largest input accepted, in bytes. Debian's whole CA bundle is about 220 KB;
/// cert-manager caps a bundle at 150 × 2,200 bytes.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// Most PEM blocks or DER objects accepted in one input.
pub const MAX_BLOCKS: usize = 1000;

/// How the input was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Encoding {
    /// Text with `-----BEGIN …-----` blocks.
    Pem,
    /// Binary DER, one or more concatenated objects.
    Der,
}

/// What was tolerated while reading PEM, so it can be reported (`bundle.text_normalized`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Normalization {
    /// The text started with a UTF-8 byte-order mark.
    pub byte_order_mark: bool,
    /// Lines ended in CRLF.
    pub crlf: bool,
    /// A block carried RFC 1421 headers (`Proc-Type:` …).
    pub headers: bool,
    /// There was non-whitespace text outside the blocks.
    pub surrounding_text: bool,
}

impl Normalization {
    /// True when anything was tolerated.
    pub fn any(&self) -> bool {
        self.byte_order_mark || self.crlf || self.headers || self.surrounding_text
    }
}

/// What a block holds.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockContent {
    /// DER of something labelled (or shaped) as a certificate. It may still
    /// fail to parse as one.
    Certificate(Vec<u8>),
    /// A private key. The bytes stay private: they are only used to check a
    /// key against a certificate and never appear in any output.
    PrivateKey {
        /// DER of the key; empty when encrypted.
        der: Vec<u8>,
        /// True for `ENCRYPTED PRIVATE KEY` and legacy `Proc-Type: 4,ENCRYPTED`.
        encrypted: bool,
    },
    /// DER of a PEM block labelled `X509 CRL`.
    Crl(Vec<u8>),
    /// Any other well-formed PEM block (a CSR, parameters…).
    Other,
    /// A block that could not be decoded, with the reason.
    Invalid(String),
}

impl core::fmt::Debug for BlockContent {
    // Hand-written so key bytes can never reach a log through `{:?}`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Certificate(der) => write!(f, "Certificate({} bytes)", der.len()),
            Self::PrivateKey { encrypted, .. } => {
                write!(f, "PrivateKey {{ encrypted: {encrypted} }}")
            }
            Self::Crl(der) => write!(f, "Crl({} bytes)", der.len()),
            Self::Other => f.write_str("Other"),
            Self::Invalid(reason) => write!(f, "Invalid({reason:?})"),
        }
    }
}

/// One PEM block or DER object.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Block {
    /// 0-based position in the input.
    pub index: usize,
    /// The PEM label (`CERTIFICATE`, `PRIVATE KEY`…); for DER, what it looked like.
    pub label: String,
    /// What the block holds.
    pub content: BlockContent,
}

/// A decoded input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Decoded {
    /// How the input was encoded.
    pub encoding: Encoding,
    /// Every block, in input order.
    pub blocks: Vec<Block>,
    /// What was tolerated (PEM only).
    pub normalization: Normalization,
}

impl Decoded {
    /// DER of every block labelled as a certificate, with its block index.
    pub fn certificates(&self) -> impl Iterator<Item = (usize, &[u8])> {
        self.blocks.iter().filter_map(|block| match &block.content {
            BlockContent::Certificate(der) => Some((block.index, der.as_slice())),
            _ => None,
        })
    }
}

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Decodes PEM or DER.
///
/// Text that holds no `-----BEGIN` line but is pure base64 (a Secret value
/// decoded once too few times, a DER file pasted as base64) is decoded as
/// DER, so the common double-encoding mistake is reported rather than refused.
///
/// # Errors
/// [`Error::InputTooLarge`], [`Error::TooManyBlocks`], [`Error::Empty`] or
/// [`Error::NotPemOrDer`]. Malformed blocks are not errors: they come back as
/// [`BlockContent::Invalid`].
pub fn decode(input: &[u8]) -> Result<Decoded, Error> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::InputTooLarge {
            size: input.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let byte_order_mark = input.starts_with(BYTE_ORDER_MARK);
    let body = if byte_order_mark {
        &input[BYTE_ORDER_MARK.len()..]
    } else {
        input
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Empty);
    }
    if contains(body, b"-----BEGIN ") {
        let mut decoded = decode_pem(body)?;
        decoded.normalization.byte_order_mark = byte_order_mark;
        return Ok(decoded);
    }
    if body.first() == Some(&0x30) {
        return decode_der(body);
    }
    // A pasted base64 blob: accept it if every character is base64.
    let text: Vec<u8> = body
        .iter()
        .copied()
        .filter(|byte| !byte.is_ascii_whitespace())
        .collect();
    if text
        .iter()
        .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'='))
        && let Ok(der) = base64ct::Base64::decode_vec(core::str::from_utf8(&text).unwrap_or(""))
        && der.first() == Some(&0x30)
    {
        let mut decoded = decode_der(&der)?;
        decoded.normalization.surrounding_text = true;
        return Ok(decoded);
    }
    Err(Error::NotPemOrDer)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    // Scan for the first byte, then compare: a bundle is hundreds of KB and
    // is searched a few times per read (comparing every window was ~5% of a
    // Debian-bundle review).
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let mut at = 0;
    while let Some(offset) = find_byte(&haystack[at..], first) {
        let start = at + offset;
        if haystack[start + 1..].starts_with(rest) {
            return true;
        }
        at = start + 1;
    }
    false
}

/// The first position of `needle`, eight bytes at a time: scanning a
/// Debian bundle's lines one byte at a time was ~10% of a review.
fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let repeated = ONES * u64::from(needle);
    let mut words = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut words {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        // A byte equal to `needle` is a zero byte here; the test below
        // has no false negatives, and a positive holds a true zero.
        let word = u64::from_le_bytes(bytes) ^ repeated;
        if word.wrapping_sub(ONES) & !word & HIGHS != 0 {
            return chunk
                .iter()
                .position(|&byte| byte == needle)
                .map(|position| offset + position);
        }
        offset += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&byte| byte == needle)
        .map(|position| offset + position)
}

/// Reads PEM line by line (RFC 7468 §2, lax: RFC 1421 headers, CRLF and
/// text outside blocks are tolerated and recorded).
fn decode_pem(text: &[u8]) -> Result<Decoded, Error> {
    let mut normalization = Normalization {
        crlf: contains(text, b"\r\n"),
        ..Normalization::default()
    };
    let mut blocks = Vec::new();
    let mut lines = Lines { text, at: 0 };
    while let Some((_, line)) = lines.next() {
        let trimmed = line.trim_ascii();
        let Some(label) = pem_boundary(trimmed, b"-----BEGIN ") else {
            if !trimmed.is_empty() {
                normalization.surrounding_text = true;
            }
            continue;
        };
        if blocks.len() >= MAX_BLOCKS {
            return Err(Error::TooManyBlocks { limit: MAX_BLOCKS });
        }
        let index = blocks.len();
        // The body: from the first line after the headers to the END line.
        // Every byte of it but white space is base64, so it is decoded in
        // place rather than gathered first.
        let mut body_start = None;
        let mut body_end = text.len();
        let mut ended = false;
        let mut end_label_matches = true;
        let mut headers = false;
        let mut encrypted_header = false;
        for (start, line) in lines.by_ref() {
            let trimmed = line.trim_ascii();
            if let Some(end_label) = pem_boundary(trimmed, b"-----END ") {
                ended = true;
                end_label_matches = end_label == label;
                body_end = start;
                break;
            }
            if body_start.is_none() {
                // RFC 1421 §4.4: "Name: value" lines, then one empty line.
                if trimmed.contains(&b':') {
                    headers = true;
                    if trimmed.starts_with(b"Proc-Type:") && contains(trimmed, b"ENCRYPTED") {
                        encrypted_header = true;
                    }
                    continue;
                }
                if trimmed.is_empty() {
                    continue;
                }
                body_start = Some(start);
            }
        }
        let body = body_start.map_or(&[][..], |start| &text[start..body_end]);
        normalization.headers |= headers;
        let label = String::from_utf8_lossy(label).into_owned();
        let content = if !ended {
            BlockContent::Invalid("no -----END line".into())
        } else if !end_label_matches {
            BlockContent::Invalid("the -----END label differs from the -----BEGIN label".into())
        } else {
            block_content(&label, body, encrypted_header)
        };
        blocks.push(Block {
            index,
            label,
            content,
        });
    }
    Ok(Decoded {
        encoding: Encoding::Pem,
        blocks,
        normalization,
    })
}

/// Lines split at LF, each without its CR, with the offset where it starts.
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        // Like `split(|b| *b == b'\n')`: text ending in LF ends with an empty line.
        if self.at > self.text.len() {
            return None;
        }
        let start = self.at;
        let rest = &self.text[start..];
        let line = match find_byte(rest, b'\n') {
            Some(end) => {
                self.at = start + end + 1;
                &rest[..end]
            }
            None => {
                self.at = self.text.len() + 1;
                rest
            }
        };
        Some((start, line.strip_suffix(b"\r").unwrap_or(line)))
    }
}

/// `-----BEGIN LABEL-----` → `LABEL`.
fn pem_boundary<'a>(line: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    line.strip_prefix(prefix)?.strip_suffix(b"-----")
}

/// What a block's `body` (its base64 lines, white space included) holds.
fn block_content(label: &str, body: &[u8], encrypted_header: bool) -> BlockContent {
    // Public data (certificates, CRLs, anything not a key) goes through the
    // fast decoder; when it refuses, base64ct runs too, for the reason.
    // Keys only ever through constant-time base64ct.
    let fast = if label.ends_with("PRIVATE KEY") {
        None
    } else {
        crate::base64::decode_skipping_whitespace(body)
    };
    let der = match fast {
        Some(der) => der,
        None => {
            let base64: Vec<u8> = body
                .iter()
                .copied()
                .filter(|byte| !byte.is_ascii_whitespace())
                .collect();
            let Ok(text) = core::str::from_utf8(&base64) else {
                return BlockContent::Invalid("body is not base64".into());
            };
            let Ok(der) = base64ct::Base64::decode_vec(text) else {
                return BlockContent::Invalid("body is not valid base64".into());
            };
            der
        }
    };
    if der.is_empty() {
        return BlockContent::Invalid("block is empty".into());
    }
    match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
            BlockContent::Certificate(der)
        }
        "X509 CRL" => BlockContent::Crl(der),
        "ENCRYPTED PRIVATE KEY" => BlockContent::PrivateKey {
            der: Vec::new(),
            encrypted: true,
        },
        _ if label.ends_with("PRIVATE KEY") => {
            if encrypted_header {
                BlockContent::PrivateKey {
                    der: Vec::new(),
                    encrypted: true,
                }
            } else {
                BlockContent::PrivateKey {
                    der,
                    encrypted: false,
                }
            }
        }
        _ => BlockContent::Other,
    }
}

/// Splits concatenated DER objects (each a top-level SEQUENCE).
fn decode_der(mut der: &[u8]) -> Result<Decoded, Error> {
    let mut blocks = Vec::new();
    while !der.is_empty() {
        if blocks.len() >= MAX_BLOCKS {
            return Err(Error::TooManyBlocks { limit: MAX_BLOCKS });
        }
        let index = blocks.len();
        match der_object_length(der) {
            Some(length) => {
                let (object, rest) = der.split_at(length);
                der = rest;
                let (label, content) = classify_der(object);
                blocks.push(Block {
                    index,
                    label: label.to_string(),
                    content,
                });
            }
            None => {
                blocks.push(Block {
                    index,
                    label: "DER".into(),
                    content: BlockContent::Invalid(
                        "truncated or malformed DER (the length does not fit the data)".into(),
                    ),
                });
                break;
            }
        }
    }
    Ok(Decoded {
        encoding: Encoding::Der,
        blocks,
        normalization: Normalization::default(),
    })
}

/// Total length (header + contents) of the DER SEQUENCE at the start of `der`.
fn der_object_length(der: &[u8]) -> Option<usize> {
    if der.first() != Some(&0x30) {
        return None;
    }
    let first = *der.get(1)?;
    let (header, length) = if first < 0x80 {
        (2, usize::from(first))
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let mut length = 0usize;
        for byte in der.get(2..2 + count)? {
            length = (length << 8) | usize::from(*byte);
        }
        (2 + count, length)
    };
    let total = header.checked_add(length)?;
    (total <= der.len()).then_some(total)
}

/// Guesses what a DER SEQUENCE is: PKCS#8 and PKCS#1/SEC1 private keys start
/// with `INTEGER 0` or `INTEGER 1`; certificates with a nested SEQUENCE.
fn classify_der(object: &[u8]) -> (&'static str, BlockContent) {
    let header = if object.get(1).is_some_and(|b| *b >= 0x80) {
        2 + usize::from(object[1] & 0x7f)
    } else {
        2
    };
    match object.get(header..header + 3) {
        Some([0x02, 0x01, 0x00 | 0x01]) => (
            "PRIVATE KEY",
            BlockContent::PrivateKey {
                der: object.to_vec(),
                encrypted: false,
            },
        ),
        _ => ("CERTIFICATE", BlockContent::Certificate(object.to_vec())),
    }
}

/// The reader as it was before the in-place body decoding, kept as the
/// reference the tests hold [`decode_pem`] to.
#[cfg(test)]
mod reference {
    use super::{
        Block, BlockContent, Decoded, Encoding, Error, MAX_BLOCKS, Normalization, contains,
        pem_boundary,
    };
    use alloc::string::String;
    use alloc::vec::Vec;
    use base64ct::Encoding as _;

    pub(super) fn decode_pem(text: &[u8]) -> Result<Decoded, Error> {
        let mut normalization = Normalization {
            crlf: contains(text, b"\r\n"),
            ..Normalization::default()
        };
        let mut blocks = Vec::new();
        let mut lines = text
            .split(|byte| *byte == b'\n')
            .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
        while let Some(line) = lines.next() {
            let trimmed = line.trim_ascii();
            let Some(label) = pem_boundary(trimmed, b"-----BEGIN ") else {
                if !trimmed.is_empty() {
                    normalization.surrounding_text = true;
                }
                continue;
            };
            if blocks.len() >= MAX_BLOCKS {
                return Err(Error::TooManyBlocks { limit: MAX_BLOCKS });
            }
            let index = blocks.len();
            let mut base64 = Vec::new();
            let mut ended = false;
            let mut end_label_matches = true;
            let mut headers = false;
            let mut encrypted_header = false;
            let mut in_headers = true;
            for line in lines.by_ref() {
                let trimmed = line.trim_ascii();
                if let Some(end_label) = pem_boundary(trimmed, b"-----END ") {
                    ended = true;
                    end_label_matches = end_label == label;
                    break;
                }
                if in_headers {
                    // RFC 1421 §4.4: "Name: value" lines, then one empty line.
                    if trimmed.contains(&b':') {
                        headers = true;
                        if trimmed.starts_with(b"Proc-Type:") && contains(trimmed, b"ENCRYPTED") {
                            encrypted_header = true;
                        }
                        continue;
                    }
                    if trimmed.is_empty() || trimmed.starts_with(b" ") {
                        continue;
                    }
                    in_headers = false;
                }
                base64.extend(trimmed.iter().copied().filter(|b| !b.is_ascii_whitespace()));
            }
            normalization.headers |= headers;
            let label = String::from_utf8_lossy(label).into_owned();
            let content = if !ended {
                BlockContent::Invalid("no -----END line".into())
            } else if !end_label_matches {
                BlockContent::Invalid("the -----END label differs from the -----BEGIN label".into())
            } else {
                block_content(&label, &base64, encrypted_header)
            };
            blocks.push(Block {
                index,
                label,
                content,
            });
        }
        Ok(Decoded {
            encoding: Encoding::Pem,
            blocks,
            normalization,
        })
    }

    fn block_content(label: &str, base64: &[u8], encrypted_header: bool) -> BlockContent {
        let Ok(text) = core::str::from_utf8(base64) else {
            return BlockContent::Invalid("body is not base64".into());
        };
        let Ok(der) = base64ct::Base64::decode_vec(text) else {
            return BlockContent::Invalid("body is not valid base64".into());
        };
        if der.is_empty() {
            return BlockContent::Invalid("block is empty".into());
        }
        match label {
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                BlockContent::Certificate(der)
            }
            "X509 CRL" => BlockContent::Crl(der),
            "ENCRYPTED PRIVATE KEY" => BlockContent::PrivateKey {
                der: Vec::new(),
                encrypted: true,
            },
            _ if label.ends_with("PRIVATE KEY") => {
                if encrypted_header {
                    BlockContent::PrivateKey {
                        der: Vec::new(),
                        encrypted: true,
                    }
                } else {
                    BlockContent::PrivateKey {
                        der,
                        encrypted: false,
                    }
                }
            }
            _ => BlockContent::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CERT_BODY: &str = "MAMCAQA=";

    #[test]
    fn pem_with_bom_crlf_headers_and_text() {
        let input = alloc::format!(
            "\u{feff}subject=CN=x\r\n-----BEGIN CERTIFICATE-----\r\nProc-Type: 4,X\r\n\r\n{CERT_BODY}\r\n-----END CERTIFICATE-----\r\n"
        );
        let decoded = decode(input.as_bytes()).expect("decodes");
        assert_eq!(decoded.encoding, Encoding::Pem);
        assert_eq!(decoded.blocks.len(), 1);
        assert_eq!(
            decoded.blocks[0].content,
            BlockContent::Certificate(alloc::vec![0x30, 0x03, 0x02, 0x01, 0x00])
        );
        let normalization = decoded.normalization;
        assert!(normalization.byte_order_mark && normalization.crlf);
        assert!(normalization.headers && normalization.surrounding_text);
    }

    #[test]
    fn every_block_is_kept() {
        let input = "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n\
                     -----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n\
                     -----BEGIN CERTIFICATE-----\nMAMCAQA=\n";
        let decoded = decode(input.as_bytes()).expect("decodes");
        assert_eq!(decoded.blocks.len(), 3);
        assert!(matches!(
            decoded.blocks[0].content,
            BlockContent::Invalid(_)
        ));
        assert!(matches!(
            decoded.blocks[1].content,
            BlockContent::PrivateKey {
                encrypted: false,
                ..
            }
        ));
        assert!(matches!(
            decoded.blocks[2].content,
            BlockContent::Invalid(_)
        ));
        assert!(!alloc::format!("{:?}", decoded.blocks[1]).contains("48"));
    }

    #[test]
    fn der_and_limits() {
        let decoded = decode(&[0x30, 0x03, 0x30, 0x01, 0x00]).expect("decodes");
        assert_eq!(decoded.encoding, Encoding::Der);
        assert_eq!(decoded.blocks.len(), 1);
        let truncated = decode(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00]).expect("decodes");
        assert!(matches!(
            truncated.blocks[0].content,
            BlockContent::Invalid(_)
        ));
        assert_eq!(decode(b"hello world!"), Err(Error::NotPemOrDer));
        assert_eq!(decode(b"  \n"), Err(Error::Empty));
        let many = "-----BEGIN X-----\nMAA=\n-----END X-----\n".repeat(MAX_BLOCKS + 1);
        assert_eq!(
            decode(many.as_bytes()),
            Err(Error::TooManyBlocks { limit: MAX_BLOCKS })
        );
        let huge = alloc::vec![b'A'; MAX_INPUT_BYTES + 1];
        assert!(matches!(decode(&huge), Err(Error::InputTooLarge { .. })));
    }

    /// xorshift64*: deterministic, no dependency.
    struct Random(u64);

    impl Random {
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let value = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d);
            usize::try_from(value % bound as u64).unwrap_or(0)
        }

        fn pick<'a>(&mut self, items: &[&'a [u8]]) -> &'a [u8] {
            items[self.below(items.len())]
        }
    }

    #[test]
    fn pem_reading_matches_the_reference_reader() {
        let root = include_bytes!("../../../examples/pki/root-ca.pem");
        let root_lines: Vec<&[u8]> = root.split(|byte| *byte == b'\n').collect();
        let lines: &[&[u8]] = &[
            b"-----BEGIN CERTIFICATE-----",
            b"-----END CERTIFICATE-----",
            b"-----BEGIN X509 CRL-----",
            b"-----END X509 CRL-----",
            b"-----BEGIN PRIVATE KEY-----",
            b"-----END PRIVATE KEY-----",
            b"-----BEGIN RSA PRIVATE KEY-----",
            b"-----END RSA PRIVATE KEY-----",
            b"-----BEGIN ENCRYPTED PRIVATE KEY-----",
            b"-----BEGIN PUBLIC KEY-----",
            b"-----END PUBLIC KEY-----",
            b"  -----BEGIN CERTIFICATE-----\t",
            b"-----END CERTIFICATE----- ",
            b"Proc-Type: 4,ENCRYPTED",
            b"DEK-Info: AES-128-CBC,00",
            b"Proc-Type: 4,MIC-ONLY",
            b"",
            b" ",
            b"\t\x0c",
            b"\x0b",
            b"MAMCAQA=",
            b"MAMC AQA=",
            b"MAMC\tAQA=",
            b"MAMC",
            b"AQA=",
            b"AQ==",
            b"QUJD",
            b"QUJ=",
            b"=",
            b"MAMCAQA=MAMCAQA=",
            b"MA:MCAQA=",
            b"\xff\xfe",
            b"\xc3\xa9",
            b"subject=CN=x",
            b"# comment",
        ];
        let endings: &[&[u8]] = &[b"\n", b"\r\n", b"\r", b"\n\n", b" \n", b"\r\r\n"];
        let mut random = Random(0x2545_f491_4f6c_dd1d);
        for round in 0..30_000 {
            let mut text = Vec::new();
            for _ in 0..random.below(14) {
                let line = if round % 3 == 0 && random.below(2) == 0 {
                    root_lines[random.below(root_lines.len())]
                } else {
                    random.pick(lines)
                };
                text.extend_from_slice(line);
                text.extend_from_slice(random.pick(endings));
            }
            if random.below(4) == 0 && !text.is_empty() {
                let at = random.below(text.len());
                text.insert(at, random.pick(&[b" ", b"\n", b"=", b"A", b"-", b"\r"])[0]);
            }
            assert_eq!(
                decode_pem(&text),
                reference::decode_pem(&text),
                "{:?}",
                String::from_utf8_lossy(&text)
            );
        }
        // Real certificates, with CRLF and with each line cut or doubled.
        let crlf: Vec<u8> = root
            .iter()
            .flat_map(|&byte| {
                if byte == b'\n' {
                    alloc::vec![b'\r', b'\n']
                } else {
                    alloc::vec![byte]
                }
            })
            .collect();
        assert_eq!(decode_pem(&crlf), reference::decode_pem(&crlf));
        for cut in 0..root.len() {
            assert_eq!(
                decode_pem(&root[..cut]),
                reference::decode_pem(&root[..cut]),
                "cut {cut}"
            );
            let mut changed = root.to_vec();
            changed[cut] = b'*';
            assert_eq!(
                decode_pem(&changed),
                reference::decode_pem(&changed),
                "at {cut}"
            );
        }
    }

    #[test]
    fn find_byte_finds_the_first() {
        let text: Vec<u8> = (0..200u32).map(|i| (i * 7 % 251) as u8).collect();
        for needle in 0..=255u8 {
            for start in [0, 1, 7, 8, 9, 100, 199, 200] {
                let expected = text[start..].iter().position(|&byte| byte == needle);
                assert_eq!(
                    find_byte(&text[start..], needle),
                    expected,
                    "{needle} from {start}"
                );
            }
        }
        assert_eq!(find_byte(b"", b'\n'), None);
        assert_eq!(
            find_byte(b"\x80\x80\x80\x80\x80\x80\x80\x81\x00", 0),
            Some(8)
        );
    }

    #[test]
    fn base64_der_is_accepted() {
        let decoded = decode(b"MAMwAQA=\n").expect("decodes");
        assert_eq!(decoded.encoding, Encoding::Der);
        assert!(decoded.normalization.surrounding_text);
    }
}
