//! The one error type of the core: the input could not be used at all.

use alloc::string::String;

/// Why an input could not be used. Problems *in* a usable input are
/// [`crate::Finding`]s, not errors.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input is larger than [`crate::input::MAX_INPUT_BYTES`].
    InputTooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The input holds more than [`crate::input::MAX_BLOCKS`] PEM blocks or DER objects.
    TooManyBlocks {
        /// The limit.
        limit: usize,
    },
    /// The input is empty.
    Empty,
    /// A named input is unusable (the name is a file, an upload, a ConfigMap key).
    Source {
        /// The input's name.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// The input is neither PEM nor DER.
    NotPemOrDer,
    /// A Kubernetes manifest could not be read.
    Manifest {
        /// 0-based index of the YAML document or list item (messages count
        /// from 1, as editors and kubectl do).
        document: usize,
        /// The field concerned, e.g. `metadata.name`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// An option passed by the caller is invalid (e.g. a DNS name that is not one).
    InvalidOption {
        /// The option.
        option: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::InputTooLarge { size, limit } => {
                write!(f, "input is {size} bytes, over the limit of {limit} bytes")
            }
            Self::TooManyBlocks { limit } => {
                write!(f, "input holds more than {limit} PEM blocks or DER objects")
            }
            Self::Empty => f.write_str("input is empty"),
            Self::Source { name, message } => write!(f, "{name}: {message}"),
            Self::NotPemOrDer => f.write_str(
                "input is neither PEM (no -----BEGIN line) nor DER (does not start with a SEQUENCE)",
            ),
            Self::Manifest {
                document,
                field,
                message,
            } => {
                let document = document.saturating_add(1);
                if field.is_empty() {
                    write!(f, "document {document}: {message}")
                } else {
                    write!(f, "document {document}, field {field}: {message}")
                }
            }
            Self::InvalidOption { option, message } => write!(f, "option {option}: {message}"),
        }
    }
}

impl core::error::Error for Error {}
