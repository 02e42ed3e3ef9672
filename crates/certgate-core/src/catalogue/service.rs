//! The webhook's own findings (`certgate.*`): the review itself could not be
//! done, so the object is denied rather than admitted unchecked.

#[allow(unused_imports)]
use super::{ANCHOR, EVERYWHERE, INTERMEDIATE, ISSUERS, LEAF, NOT_ANCHOR, Rejections, Rule};
use crate::finding::Severity;

/// `certgate.internal_error`: the webhook failed on the request; the object was not admitted.
pub const CERTGATE_INTERNAL_ERROR: Rule = Rule {
    id: "certgate.internal_error",
    severity: Severity::Error,
    reference: "certgate webhook",
    description: "the webhook failed on the request; the object was not admitted",
    fix: "Retry; if it persists, report it with the webhook's log line for this request.",
    label: None,
    rejected_by: None,
};

/// `certgate.lookup_failed`: the objects a cross-object check needs could not be read from the API server.
pub const CERTGATE_LOOKUP_FAILED: Rule = Rule {
    id: "certgate.lookup_failed",
    severity: Severity::Error,
    reference: "certgate webhook",
    description: "the objects a cross-object check needs could not be read from the API server",
    fix: "Check the webhook's RBAC and its connection to the API server; the objects it needed to read could not be fetched.",
    label: None,
    rejected_by: None,
};

/// `certgate.unusable_object`: the admitted object is not valid JSON of its kind.
pub const CERTGATE_UNUSABLE_OBJECT: Rule = Rule {
    id: "certgate.unusable_object",
    severity: Severity::Error,
    reference: "certgate webhook",
    description: "the admitted object is not valid JSON of its kind",
    fix: "Fix the object so that it is valid Kubernetes JSON of its kind (kubectl apply --dry-run=server shows the schema errors).",
    label: None,
    rejected_by: None,
};

/// Every rule of this family, in catalogue order.
pub(super) const RULES: &[Rule] = &[
    CERTGATE_INTERNAL_ERROR,
    CERTGATE_LOOKUP_FAILED,
    CERTGATE_UNUSABLE_OBJECT,
];
