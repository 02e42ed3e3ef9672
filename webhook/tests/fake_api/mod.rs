//! A fake API server behind kube-rs's `tower-test` mock, for the caches: it
//! answers the reflector's cluster-wide LIST of Issuers and ClusterIssuers
//! and the trust bundle's LIST by name as the API server does (with a
//! resourceVersion), and
//! WATCH requests with a body of JSON lines that stays open and receives
//! the events a test pushes. Shared by `tests/reflect.rs` and
//! `benches/cache_memory.rs`.
#![allow(dead_code, clippy::unwrap_used)]

use core::convert::Infallible;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt as _, Full, StreamBody};
use hyper::body::Frame;
use kube::client::Body;
use serde_json::{Value, json};
use tokio::sync::mpsc;

type ResponseBody = UnsyncBoxBody<Bytes, Infallible>;
type Responder = tower_test::mock::SendResponse<Response<ResponseBody>>;

/// How the fake answers the reflector's LIST of a kind.
#[derive(Clone)]
pub enum ListAnswer {
    /// A list at this resourceVersion.
    Items(&'static str, Vec<Value>),
    /// A list at this resourceVersion of these items, already JSON.
    Raw(&'static str, Vec<String>),
    /// 404: the kind is not served (its CRD is not installed).
    NotServed,
    /// No answer (a list still in progress).
    Hold,
}

/// A list answer as the fake keeps it: each item serialised once, pages
/// cut as the API server does (`limit`, `continue`).
#[derive(Clone)]
enum Prepared {
    Items(&'static str, Arc<Vec<String>>),
    NotServed,
    Hold,
}

#[derive(Default)]
struct ApiState {
    /// Every request, `METHOD path?query`.
    seen: Vec<String>,
    /// By plural (`issuers`, `clusterissuers`).
    lists: BTreeMap<&'static str, Prepared>,
    /// Open watch streams by plural, the newest last.
    watches: BTreeMap<String, Vec<mpsc::UnboundedSender<Bytes>>>,
    /// Plurals whose watches are answered 403 (a role without watch).
    forbidden_watches: Vec<String>,
    /// Requests left unanswered (kept so they stay pending).
    held: Vec<Responder>,
}

/// A fake API server for cert-manager's cluster-wide issuer lists and
/// watches; any other request goes to `other(path)` (404 when `None`).
#[derive(Clone)]
pub struct FakeApi {
    state: Arc<Mutex<ApiState>>,
}

fn json_body(status: StatusCode, value: &Value) -> Response<ResponseBody> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(serde_json::to_vec(value).unwrap())).boxed_unsync())
        .unwrap()
}

pub fn status(code: u16, reason: &str, message: &str) -> Value {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
           "message": message, "reason": reason, "details": {}, "code": code})
}

fn kind_of(plural: &str) -> (&'static str, &'static str) {
    match plural {
        "clusterissuers" => ("cert-manager.io/v1", "ClusterIssuerList"),
        "configmaps" => ("v1", "ConfigMapList"),
        _ => ("cert-manager.io/v1", "IssuerList"),
    }
}

/// The plural of a path the fake lists and watches: cluster-wide Issuers
/// and ClusterIssuers, and namespaced ConfigMaps (the trust bundle's
/// watch by name).
fn watched(path: &str) -> Option<&str> {
    if let Some(rest) = path.strip_prefix("/apis/cert-manager.io/v1/") {
        return matches!(rest, "issuers" | "clusterissuers").then_some(rest);
    }
    let rest = path.strip_prefix("/api/v1/namespaces/")?;
    let (_, plural) = rest.split_once('/')?;
    (plural == "configmaps").then_some(plural)
}

/// The name a `fieldSelector=metadata.name=NAME` selects.
fn selected_name(query: &str) -> Option<String> {
    let selector = parameter(query, "fieldSelector")?
        .replace("%3D", "=")
        .replace("%3d", "=");
    selector.strip_prefix("metadata.name=").map(str::to_owned)
}

/// The value of `key` in a query string.
fn parameter<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

/// One page of a list: from the `continue` offset, at most `limit` items,
/// with a `continue` token while items remain.
fn page(plural: &str, version: &str, items: &[String], query: &str) -> Bytes {
    let from: usize = parameter(query, "continue").map_or(0, |c| c.parse().unwrap());
    let limit: usize = parameter(query, "limit").map_or(usize::MAX, |l| l.parse().unwrap());
    let to = from.saturating_add(limit).min(items.len());
    let mut metadata = json!({"resourceVersion": version});
    if to < items.len() {
        metadata["continue"] = json!(to.to_string());
    }
    let (api_version, kind) = kind_of(plural);
    let head = json!({"apiVersion": api_version, "kind": kind, "metadata": metadata}).to_string();
    let mut body = String::with_capacity(head.len() + 16);
    body.push_str(&head[..head.len() - 1]);
    body.push_str(",\"items\":[");
    body.push_str(&items[from..to].join(","));
    body.push_str("]}");
    Bytes::from(body)
}

impl FakeApi {
    pub fn start(other: impl Fn(&str) -> Option<Value> + Send + 'static) -> (Self, kube::Client) {
        let (service, mut handle) =
            tower_test::mock::pair::<Request<Body>, Response<ResponseBody>>();
        let api = Self {
            state: Arc::default(),
        };
        let state = Arc::clone(&api.state);
        tokio::spawn(async move {
            while let Some((request, send)) = handle.next_request().await {
                let path = request.uri().path().to_owned();
                let query = request.uri().query().unwrap_or("").to_owned();
                let mut state = state.lock().unwrap();
                state
                    .seen
                    .push(format!("{} {path}?{query}", request.method()));
                let plural = watched(&path);
                match plural {
                    Some(plural)
                        if query.contains("watch=true")
                            && state.forbidden_watches.iter().any(|p| p == plural) =>
                    {
                        send.send_response(json_body(
                            StatusCode::FORBIDDEN,
                            &status(
                                403,
                                "Forbidden",
                                &format!("{plural}.cert-manager.io is forbidden: User \"system:serviceaccount:certgate:certgate-webhook\" cannot watch resource \"{plural}\""),
                            ),
                        ));
                    }
                    Some(plural) if query.contains("watch=true") => {
                        let (sender, receiver) = mpsc::unbounded_channel::<Bytes>();
                        state
                            .watches
                            .entry(plural.to_owned())
                            .or_default()
                            .push(sender);
                        let lines = futures_util::stream::unfold(receiver, |mut receiver| async {
                            let line = receiver.recv().await?;
                            Some((Ok::<_, Infallible>(Frame::data(line)), receiver))
                        });
                        send.send_response(
                            Response::builder()
                                .status(StatusCode::OK)
                                .header("content-type", "application/json")
                                .body(StreamBody::new(lines).boxed_unsync())
                                .unwrap(),
                        );
                    }
                    Some(plural) => {
                        // ConfigMaps unless told otherwise: the one the
                        // field selector names, as `other` answers its GET.
                        let selected = || {
                            let item = selected_name(&query)
                                .and_then(|name| other(&format!("{path}/{name}")));
                            Prepared::Items(
                                "1",
                                Arc::new(item.iter().map(Value::to_string).collect()),
                            )
                        };
                        let answer = state.lists.get(plural).cloned().unwrap_or_else(|| {
                            if plural == "configmaps" {
                                selected()
                            } else {
                                Prepared::Items("1", Arc::default())
                            }
                        });
                        match answer {
                            Prepared::Items(version, items) => send.send_response(
                                Response::builder()
                                    .status(StatusCode::OK)
                                    .header("content-type", "application/json")
                                    .body(
                                        Full::new(page(plural, version, &items, &query))
                                            .boxed_unsync(),
                                    )
                                    .unwrap(),
                            ),
                            Prepared::NotServed => send.send_response(json_body(
                                StatusCode::NOT_FOUND,
                                &status(
                                    404,
                                    "NotFound",
                                    "the server could not find the requested resource",
                                ),
                            )),
                            Prepared::Hold => state.held.push(send),
                        }
                    }
                    None => match other(&path) {
                        Some(value) => send.send_response(json_body(StatusCode::OK, &value)),
                        None => send.send_response(json_body(
                            StatusCode::NOT_FOUND,
                            &status(404, "NotFound", "not found"),
                        )),
                    },
                }
            }
        });
        (api, kube::Client::new(service, "default"))
    }

    /// How the LISTs of `plural` are answered from now on.
    pub fn answer_lists(&self, plural: &'static str, answer: ListAnswer) {
        let prepared = match answer {
            ListAnswer::Items(version, items) => Prepared::Items(
                version,
                Arc::new(items.iter().map(Value::to_string).collect()),
            ),
            ListAnswer::Raw(version, items) => Prepared::Items(version, Arc::new(items)),
            ListAnswer::NotServed => Prepared::NotServed,
            ListAnswer::Hold => Prepared::Hold,
        };
        self.state.lock().unwrap().lists.insert(plural, prepared);
    }

    /// Whether WATCHes of `plural` are answered 403 from now on.
    pub fn forbid_watches(&self, plural: &str, forbidden: bool) {
        let mut state = self.state.lock().unwrap();
        state.forbidden_watches.retain(|p| p != plural);
        if forbidden {
            state.forbidden_watches.push(plural.to_owned());
        }
    }

    pub fn seen(&self) -> Vec<String> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn watch_count(&self, plural: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .watches
            .get(plural)
            .map_or(0, Vec::len)
    }

    /// Sends one watch event (`ADDED`, `MODIFIED`, `DELETED`, `ERROR`) on
    /// the newest watch of `plural`, as one JSON line.
    pub fn event(&self, plural: &str, kind: &str, object: &Value) {
        let mut line = serde_json::to_vec(&json!({"type": kind, "object": object})).unwrap();
        line.push(b'\n');
        let state = self.state.lock().unwrap();
        let sender = state.watches[plural].last().unwrap();
        sender.send(Bytes::from(line)).unwrap();
    }

    /// Ends every watch stream of `plural` (the API server's timeout).
    pub fn close_watches(&self, plural: &str) {
        self.state.lock().unwrap().watches.remove(plural);
    }
}
