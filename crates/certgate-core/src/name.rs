//! Names: distinguished names (RFC 5280 §4.1.2.4) and general names (§4.2.1.6),
//! decoded into plain views with the strings already extracted.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use const_oid::ObjectIdentifier;
use der::{Encode, Tagged};
use x509_cert::ext::pkix::name::GeneralName as X509GeneralName;

/// One attribute of a relative distinguished name, e.g. `CN=example`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NameAttribute {
    /// Attribute type.
    pub oid: ObjectIdentifier,
    /// The value as text (non-string values as `#` + hex of their DER).
    pub value: String,
}

/// A distinguished name with its exact DER (for matching) and its attributes.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DistinguishedName {
    /// DER of the `Name`, as in the certificate.
    pub der: Vec<u8>,
    /// Relative distinguished names in order, each a set of attributes.
    pub rdns: Vec<Vec<NameAttribute>>,
    /// Per RDN, its attributes as sorted (type, normalized value) pairs:
    /// computed once so matching is linear, whatever a hostile name holds.
    keys: Vec<Vec<(ObjectIdentifier, String)>>,
}

impl DistinguishedName {
    pub(crate) fn from_x509(name: &x509_cert::name::Name) -> Self {
        let rdns: Vec<Vec<NameAttribute>> = name
            .iter_rdn()
            .map(|rdn| {
                rdn.iter()
                    .map(|attribute| NameAttribute {
                        oid: attribute.oid,
                        value: attribute_value(&attribute.value),
                    })
                    .collect()
            })
            .collect();
        let keys = rdns
            .iter()
            .map(|rdn: &Vec<NameAttribute>| {
                let mut pairs: Vec<(ObjectIdentifier, String)> = rdn
                    .iter()
                    .map(|attribute| (attribute.oid, normalize(&attribute.value)))
                    .collect();
                crate::order::sort(&mut pairs);
                pairs
            })
            .collect();
        Self {
            der: name.to_der().unwrap_or_default(),
            rdns,
            keys,
        }
    }

    /// True when the name has no attributes.
    pub fn is_empty(&self) -> bool {
        self.rdns.iter().all(Vec::is_empty)
    }

    /// Every attribute of type `oid`, in order.
    pub fn attributes(&self, oid: ObjectIdentifier) -> impl Iterator<Item = &str> {
        self.rdns
            .iter()
            .flatten()
            .filter(move |attribute| attribute.oid == oid)
            .map(|attribute| attribute.value.as_str())
    }

    /// The last common name, as TLS clients used to read it.
    pub fn common_name(&self) -> Option<&str> {
        self.attributes(const_oid::db::rfc4519::CN).last()
    }

    /// RFC 5280 §7.1 name matching: exact DER first, then attribute by
    /// attribute with case-insensitive, whitespace-collapsed string values.
    pub fn matches(&self, other: &Self) -> bool {
        self.der == other.der || self.keys == other.keys
    }

    /// True when `self` is `base` or lies beneath it (RFC 5280 §4.2.1.10
    /// directoryName constraints: `base` is a prefix of the RDN sequence).
    pub fn is_within(&self, base: &Self) -> bool {
        self.keys.starts_with(&base.keys)
    }

    /// The normalized RDNs that [`Self::is_within`] compares, for sorting
    /// directoryName constraints.
    pub(crate) fn rdn_keys(&self) -> &[Vec<(ObjectIdentifier, String)>] {
        &self.keys
    }
}

impl core::fmt::Display for DistinguishedName {
    /// `C=US, O=Example, CN=Example Root`, in certificate order as openssl prints it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut first = true;
        for rdn in &self.rdns {
            for (position, attribute) in rdn.iter().enumerate() {
                if !first {
                    f.write_str(if position == 0 { ", " } else { " + " })?;
                }
                first = false;
                match short_name(attribute.oid) {
                    Some(name) => write!(f, "{name}={}", attribute.value)?,
                    None => write!(f, "{}={}", attribute.oid, attribute.value)?,
                }
            }
        }
        Ok(())
    }
}

/// The text of an attribute value: strings as text, anything else (or a
/// string that does not decode) as `#` + hex of its DER.
fn attribute_value(value: &der::Any) -> String {
    // The identifier octet of the common string types, known from the tag
    // without encoding the value again (which cost a copy per attribute).
    let identifier = match value.tag() {
        der::Tag::Utf8String => Some(0x0c),
        der::Tag::PrintableString => Some(0x13),
        der::Tag::Ia5String => Some(0x16),
        der::Tag::TeletexString => Some(0x14),
        der::Tag::BmpString => Some(0x1e),
        _ => None,
    };
    if let Some(text) = identifier.and_then(|tag| attribute_text(tag, value.value())) {
        return text;
    }
    let der = value.to_der().unwrap_or_default();
    der.first()
        .and_then(|tag| attribute_text(*tag, value.value()))
        .unwrap_or_else(|| format!("#{}", hex(&der)))
}

/// RFC 4518-style preparation, simplified: lower case, runs of white space
/// collapsed to one space, none at the ends.
fn normalize(value: &str) -> String {
    if value.is_ascii() {
        // The same, byte by byte: for ASCII, `char::is_whitespace` is
        // exactly these six bytes and `to_lowercase` is `to_ascii_lowercase`.
        let mut text = String::with_capacity(value.len());
        for word in value
            .split([' ', '\t', '\n', '\x0b', '\x0c', '\r'])
            .filter(|word| !word.is_empty())
        {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
        }
        text.make_ascii_lowercase();
        return text;
    }
    let mut text = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.extend(word.chars().flat_map(char::to_lowercase));
    }
    text
}

/// Short name of a DN attribute type, as openssl prints it (others print
/// as their dotted OID).
fn short_name(oid: ObjectIdentifier) -> Option<&'static str> {
    use const_oid::db::{rfc3280, rfc4519};
    Some(match oid {
        rfc4519::CN => "CN",
        rfc4519::C => "C",
        rfc4519::O => "O",
        rfc4519::OU => "OU",
        rfc4519::L => "L",
        rfc4519::ST => "ST",
        rfc4519::STREET => "street",
        rfc4519::SERIAL_NUMBER => "serialNumber",
        rfc4519::DC => "DC",
        rfc4519::UID => "UID",
        rfc4519::TITLE => "title",
        rfc4519::SN => "SN",
        rfc4519::GIVEN_NAME => "GN",
        rfc3280::EMAIL_ADDRESS => "emailAddress",
        _ => return None,
    })
}

/// Text of a DirectoryString-like value; `None` for non-string types.
fn attribute_text(tag: u8, bytes: &[u8]) -> Option<String> {
    // Universal tag numbers of the string types (X.680 §8.4).
    match tag {
        0x0c | 0x12 | 0x13 | 0x16 | 0x1a => core::str::from_utf8(bytes).ok().map(Into::into),
        // T.61 is close enough to Latin-1 for display and matching.
        0x14 => Some(bytes.iter().map(|byte| char::from(*byte)).collect()),
        0x1e => {
            if !bytes.len().is_multiple_of(2) {
                return None;
            }
            let units = bytes
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .ok()
        }
        0x1c => {
            if !bytes.len().is_multiple_of(4) {
                return None;
            }
            bytes
                .chunks_exact(4)
                .map(|quad| {
                    char::from_u32(u32::from_be_bytes([quad[0], quad[1], quad[2], quad[3]]))
                })
                .collect()
        }
        _ => None,
    }
}

/// A general name (RFC 5280 §4.2.1.6).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GeneralName {
    /// dNSName.
    Dns(String),
    /// rfc822Name (an e-mail address, or a constraint on one).
    Email(String),
    /// uniformResourceIdentifier.
    Uri(String),
    /// iPAddress: 4 or 16 bytes in a SAN, 8 or 32 (address + mask) in a constraint.
    Ip(Vec<u8>),
    /// directoryName.
    Directory(DistinguishedName),
    /// registeredID.
    RegisteredId(ObjectIdentifier),
    /// otherName, by its type id.
    Other(ObjectIdentifier),
    /// ediPartyName.
    EdiParty,
}

impl GeneralName {
    pub(crate) fn from_x509(name: &X509GeneralName) -> Self {
        match name {
            X509GeneralName::DnsName(value) => Self::Dns(value.as_str().into()),
            X509GeneralName::Rfc822Name(value) => Self::Email(value.as_str().into()),
            X509GeneralName::UniformResourceIdentifier(value) => Self::Uri(value.as_str().into()),
            X509GeneralName::IpAddress(value) => Self::Ip(value.as_bytes().to_vec()),
            X509GeneralName::DirectoryName(value) => {
                Self::Directory(DistinguishedName::from_x509(value))
            }
            X509GeneralName::RegisteredId(oid) => Self::RegisteredId(*oid),
            X509GeneralName::OtherName(other) => Self::Other(other.type_id),
            X509GeneralName::EdiPartyName(_) => Self::EdiParty,
        }
    }

    /// The form used in JSON and text: `DNS:example.com`, `IP:10.0.0.1`…
    pub fn to_text(&self) -> String {
        match self {
            Self::Dns(name) => format!("DNS:{name}"),
            Self::Email(name) => format!("email:{name}"),
            Self::Uri(name) => format!("URI:{name}"),
            Self::Ip(bytes) => format!("IP:{}", ip_text(bytes)),
            Self::Directory(name) => format!("DirName:{name}"),
            Self::RegisteredId(oid) => format!("RID:{oid}"),
            Self::Other(oid) => format!("othername:{oid}"),
            Self::EdiParty => "EdiPartyName".into(),
        }
    }
}

/// Dotted IPv4, RFC 5952 IPv6, or `address/mask` for 8- and 32-byte constraints.
pub fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => format!(
            "{}",
            core::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3])
        ),
        16 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(bytes);
            format!("{}", core::net::Ipv6Addr::from(octets))
        }
        8 | 32 => {
            let (address, mask) = bytes.split_at(bytes.len() / 2);
            format!("{}/{}", ip_text(address), ip_text(mask))
        }
        _ => format!("<{} bytes: {}>", bytes.len(), hex(bytes)),
    }
}

/// Lower-case hex without separators.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    text
}

/// Upper-case hex with colons, as openssl prints serials and fingerprints.
pub fn hex_colons(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut text = String::with_capacity(bytes.len() * 3);
    for (position, byte) in bytes.iter().enumerate() {
        if position > 0 {
            text.push(':');
        }
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Unicode path of [`normalize`], which the ASCII one must equal.
    fn normalize_unicode(value: &str) -> String {
        let mut text = String::new();
        for word in value.split_whitespace() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.extend(word.chars().flat_map(char::to_lowercase));
        }
        text
    }

    #[test]
    fn ascii_normalization_equals_the_unicode_one() {
        // Every pair of ASCII bytes between letters, and the edges.
        for first in 0u8..128 {
            for second in 0u8..128 {
                let value: String = ['A', char::from(first), 'b', char::from(second)]
                    .into_iter()
                    .collect();
                assert_eq!(normalize(&value), normalize_unicode(&value), "{value:?}");
                let edges: String = [char::from(first), 'Z', char::from(second)]
                    .into_iter()
                    .collect();
                assert_eq!(normalize(&edges), normalize_unicode(&edges), "{edges:?}");
            }
        }
        assert_eq!(
            normalize("  Ü  X\u{a0}Y "),
            normalize_unicode("  Ü  X\u{a0}Y ")
        );
    }

    #[test]
    fn hex_colons_as_openssl_prints() {
        assert_eq!(hex_colons(&[]), "");
        assert_eq!(hex_colons(&[0x00, 0x0f, 0xf0, 0xff]), "00:0F:F0:FF");
    }

    #[test]
    fn normalized_matching() {
        assert_eq!(normalize("Example  Root"), normalize("example root"));
        assert_eq!(normalize(" a "), normalize("A"));
        assert_ne!(normalize("a b"), normalize("ab"));
    }

    #[test]
    fn ip_and_hex_text() {
        assert_eq!(ip_text(&[10, 0, 0, 1]), "10.0.0.1");
        assert_eq!(ip_text(&[10, 0, 0, 0, 255, 0, 0, 0]), "10.0.0.0/255.0.0.0");
        assert_eq!(hex_colons(&[0x01, 0xab]), "01:AB");
    }
}
