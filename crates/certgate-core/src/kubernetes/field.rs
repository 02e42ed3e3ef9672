//! Field paths as findings name them (`spec.ports[0].tls.manual.secretRef`),
//! built one step at a time instead of formatted by hand, so every rule
//! spells them the same way.

use alloc::string::String;

/// A path into a Kubernetes object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldPath(String);

impl FieldPath {
    /// The top-level field `name` (`spec`, `data`, `metadata`).
    pub fn root(name: &str) -> Self {
        Self(name.into())
    }

    /// The map key `key` under this field.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        let mut path = self.0.clone();
        path.push('.');
        path.push_str(key);
        Self(path)
    }

    /// The list item `index` of this field.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        use core::fmt::Write as _;
        let mut path = self.0.clone();
        // Writing to a String cannot fail.
        let _ = write!(path, "[{index}]");
        Self(path)
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<FieldPath> for String {
    fn from(path: FieldPath) -> Self {
        path.0
    }
}

impl core::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_kubectl_explain_writes_them() {
        let path = FieldPath::root("spec")
            .key("ports")
            .index(0)
            .key("tls")
            .key("manual");
        assert_eq!(path.as_str(), "spec.ports[0].tls.manual");
        assert_eq!(
            String::from(path.key("secretRef")),
            "spec.ports[0].tls.manual.secretRef"
        );
    }
}
