//! Bytes to text the way kubectl users produce files: UTF-8 with or without
//! a byte-order mark, UTF-16 LE/BE with one (Windows PowerShell 5.1's `>`),
//! and UTF-8 with stray Latin-1 bytes (a comment typed in an old editor).

use crate::Note;

/// How the bytes were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8 (a leading byte-order mark is dropped).
    Utf8,
    /// UTF-16 little-endian, from its byte-order mark.
    Utf16Le,
    /// UTF-16 big-endian, from its byte-order mark.
    Utf16Be,
    /// UTF-8 except for bytes that are not, each read as Latin-1.
    Utf8WithLatin1,
}

/// Text and how it was obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Decoded {
    /// The text, without a leading byte-order mark.
    pub text: String,
    /// How the bytes were read.
    pub encoding: Encoding,
    /// What a reader should know: UTF-16, bytes read as Latin-1 (with the
    /// line of the first), unpaired UTF-16 surrogates replaced.
    pub notes: Vec<Note>,
}

/// Decodes `bytes` as text; never fails (a byte that is not UTF-8 is read as
/// Latin-1, and said so). UTF-8 input is not copied.
pub fn decode(mut bytes: Vec<u8>) -> Decoded {
    if let Some(units) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(units, u16::from_le_bytes, Encoding::Utf16Le);
    }
    if let Some(units) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(units, u16::from_be_bytes, Encoding::Utf16Be);
    }
    if bytes.starts_with("\u{FEFF}".as_bytes()) {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            encoding: Encoding::Utf8,
            notes: Vec::new(),
        },
        Err(error) => latin1(&error.into_bytes()),
    }
}

fn utf16(units: &[u8], unit: fn([u8; 2]) -> u16, encoding: Encoding) -> Decoded {
    let name = if encoding == Encoding::Utf16Le {
        "UTF-16LE"
    } else {
        "UTF-16BE"
    };
    let mut text = String::with_capacity(units.len() / 2);
    let mut first_bad = None;
    let mut line = 1;
    let pairs = units.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    for decoded in char::decode_utf16(pairs.map(|pair| unit([pair[0], pair[1]]))) {
        let c = decoded.unwrap_or_else(|_| {
            first_bad.get_or_insert(line);
            char::REPLACEMENT_CHARACTER
        });
        if c == '\n' {
            line += 1;
        }
        text.push(c);
    }
    if odd {
        first_bad.get_or_insert(line);
    }
    let mut notes = vec![Note {
        line: 1,
        message: format!("read as {name} (it starts with that byte-order mark)"),
    }];
    if let Some(line) = first_bad {
        notes.push(Note {
            line,
            message: format!("{name} that does not decode (an unpaired surrogate or a lone last byte) was replaced by U+FFFD"),
        });
    }
    Decoded {
        text,
        encoding,
        notes,
    }
}

fn latin1(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut count = 0usize;
    let mut first_line = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() && first_line.is_none() {
            first_line = Some(text.bytes().filter(|&b| b == b'\n').count() + 1);
        }
        for &byte in chunk.invalid() {
            count += 1;
            // Latin-1 is the first 256 code points.
            text.push(char::from(byte));
        }
    }
    let line = first_line.unwrap_or(1);
    let plural = if count == 1 { "" } else { "s" };
    Decoded {
        text,
        encoding: Encoding::Utf8WithLatin1,
        notes: vec![Note {
            line,
            message: format!(
                "{count} byte{plural} not UTF-8, read as Latin-1 (the first on this line)"
            ),
        }],
    }
}
