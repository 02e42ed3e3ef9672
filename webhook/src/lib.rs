#![doc = "certgate-webhook: the validating admission webhook. A thin surface over \
`certgate_core::kubernetes`: it reads AdmissionReviews, fetches what the core asks for, \
and renders the core's findings as an admission verdict."]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod admission;
pub mod bundle_cache;
pub mod cache;
pub mod config;
pub mod lifecycle;
pub mod limits;
pub mod lookup;
pub mod memory;
pub mod metrics;
pub mod serve;
pub mod server;
pub mod tls;

pub(crate) use certgate_core::kubernetes;
