//! Reading the files a command names: `-` for standard input, folders of
//! manifests, UTF-16 text from PowerShell, and the notes and skipped
//! documents reported next to the findings.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use certgate_core::MAX_INPUT_BYTES;
use serde::Serialize;

use crate::Fatal;

/// The name findings and messages give standard input (`-` on the command line).
pub const STDIN_NAME: &str = "<stdin>";

/// One input read whole.
pub struct Loaded {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Something said about how an input was read.
#[derive(Debug, Serialize)]
pub struct InputNote {
    pub source: String,
    pub line: Option<usize>,
    pub message: String,
}

/// A document (or List item) that was not checked.
#[derive(Debug, Serialize)]
pub struct SkippedInput {
    pub source: String,
    pub line: usize,
    pub document: usize,
    pub item: Option<usize>,
    pub reason: String,
    /// True when it could not be read (or the checks could not use it): the
    /// run then fails. False for a file that is simply no Kubernetes object.
    pub unreadable: bool,
}

impl SkippedInput {
    /// `document N[, item M]: REASON`.
    pub fn what(&self) -> String {
        match self.item {
            Some(item) => format!("document {}, item {item}: {}", self.document, self.reason),
            None => format!("document {}: {}", self.document, self.reason),
        }
    }

    /// `SOURCE:LINE: document N: REASON`, for stderr.
    pub fn describe(&self) -> String {
        format!("{}:{}: {}", self.source, self.line, self.what())
    }
}

/// The notes and skips of one run.
#[derive(Debug, Default, Serialize)]
pub struct Inputs {
    pub notes: Vec<InputNote>,
    pub skipped: Vec<SkippedInput>,
    /// Kubernetes manifests were read (`check`): the JSON always has `objects`.
    #[serde(skip)]
    pub manifests: bool,
}

impl Inputs {
    pub fn note(&mut self, source: &str, line: Option<usize>, message: String) {
        self.notes.push(InputNote {
            source: source.to_owned(),
            line,
            message,
        });
    }

    /// How many inputs could not be read.
    pub fn unreadable(&self) -> usize {
        self.skipped.iter().filter(|skip| skip.unreadable).count()
    }

    /// One stderr line per note and skip.
    pub fn print(&self) {
        for note in &self.notes {
            match note.line {
                Some(line) => eprintln!("certgate: note: {}:{line}: {}", note.source, note.message),
                None => eprintln!("certgate: note: {}: {}", note.source, note.message),
            }
        }
        for skip in &self.skipped {
            if skip.unreadable {
                eprintln!("certgate: error: not checked: {}", skip.describe());
            } else {
                eprintln!("certgate: note: skipped: {}", skip.describe());
            }
        }
    }
}

pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Standard input can be read once: refuses a second `-`.
pub fn at_most_one_stdin<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Result<(), Fatal> {
    if paths.into_iter().filter(|path| is_stdin(path)).count() > 1 {
        return Err(Fatal::new(
            "-",
            "standard input can be read only once: name `-` at most once per run (a file named - is ./-)",
        ));
    }
    Ok(())
}

/// Reads `path` (or standard input for `-`) whole, refusing more than `limit` bytes.
pub fn load(path: &Path, limit: usize) -> Result<Loaded, Fatal> {
    let (name, reader): (String, Box<dyn Read>) = if is_stdin(path) {
        (STDIN_NAME.to_owned(), Box::new(std::io::stdin().lock()))
    } else {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|error| Fatal::new(&name, io_problem(&error)))?;
        if file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
            return Err(Fatal::new(&name, "is a directory"));
        }
        (name, Box::new(file))
    };
    let cap = u64::try_from(limit).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| Fatal::new(&name, io_problem(&error)))?;
    if bytes.len() > limit {
        return Err(too_large(&name, limit));
    }
    Ok(Loaded { name, bytes })
}

fn too_large(name: &str, limit: usize) -> Fatal {
    Fatal::new(
        name,
        format!("is too large (over the limit of {limit} bytes)"),
    )
}

/// Reads a PEM or DER input; PEM saved as UTF-16 (PowerShell 5.1's `>`)
/// is turned into UTF-8 first, with a note. DER never starts with a UTF-16
/// byte-order mark (it starts with a SEQUENCE tag), so nothing else changes.
pub fn load_certificates(path: &Path, inputs: &mut Inputs) -> Result<Loaded, Fatal> {
    let mut loaded = load(path, MAX_INPUT_BYTES.saturating_mul(2).saturating_add(2))?;
    if loaded.bytes.starts_with(&[0xFF, 0xFE]) || loaded.bytes.starts_with(&[0xFE, 0xFF]) {
        let decoded = certgate_manifests::decode(core::mem::take(&mut loaded.bytes));
        for note in decoded.notes {
            inputs.note(&loaded.name, Some(note.line), note.message);
        }
        loaded.bytes = decoded.text.into_bytes();
    }
    if loaded.bytes.len() > MAX_INPUT_BYTES {
        return Err(too_large(&loaded.name, MAX_INPUT_BYTES));
    }
    Ok(loaded)
}

pub fn load_all_certificates(paths: &[PathBuf], inputs: &mut Inputs) -> Result<Vec<Loaded>, Fatal> {
    paths
        .iter()
        .map(|path| load_certificates(path, inputs))
        .collect()
}

/// Files named (and `-`), and the YAML/JSON files directly inside folders
/// named, in name order.
pub fn manifest_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Fatal> {
    let mut files = Vec::new();
    for path in paths {
        if !is_stdin(path) && path.is_dir() {
            let name = path.display().to_string();
            let entries =
                std::fs::read_dir(path).map_err(|error| Fatal::new(&name, io_problem(&error)))?;
            let mut inside: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.is_file()
                        && path
                            .extension()
                            .and_then(|extension| extension.to_str())
                            .is_some_and(|extension| matches!(extension, "yaml" | "yml" | "json"))
                })
                .collect();
            inside.sort();
            if inside.is_empty() {
                return Err(Fatal::new(&name, "holds no .yaml, .yml or .json file"));
            }
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn io_problem(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => format!("cannot read: {error}"),
    }
}
