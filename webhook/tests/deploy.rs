//! Renders `webhook/deploy/` (with `kubectl kustomize` when kubectl is
//! installed, else by reading the kustomization's resources) and checks the
//! properties the webhook's safety depends on.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use serde::Deserialize;
use serde_json::Value;

const DEPLOY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy");

fn documents(text: &str) -> Vec<Value> {
    serde_yaml::Deserializer::from_str(text)
        .map(|document| Value::deserialize(document).unwrap())
        .filter(|value| !value.is_null())
        .collect()
}

fn rendered() -> Vec<Value> {
    if let Ok(output) = Command::new("kubectl").args(["kustomize", DEPLOY]).output() {
        assert!(
            output.status.success(),
            "kubectl kustomize: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return documents(&String::from_utf8(output.stdout).unwrap());
    }
    eprintln!("kubectl not installed: reading the kustomization's resources as they are");
    let kustomization =
        documents(&std::fs::read_to_string(Path::new(DEPLOY).join("kustomization.yaml")).unwrap());
    kustomization[0]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|file| {
            documents(
                &std::fs::read_to_string(Path::new(DEPLOY).join(file.as_str().unwrap())).unwrap(),
            )
        })
        .collect()
}

fn one<'a>(objects: &'a [Value], kind: &str) -> &'a Value {
    let found: Vec<&Value> = objects.iter().filter(|o| o["kind"] == kind).collect();
    assert_eq!(found.len(), 1, "exactly one {kind}");
    found[0]
}

#[test]
fn deployment_is_highly_available_and_locked_down() {
    let objects = rendered();
    let deployment = one(&objects, "Deployment");
    assert_eq!(deployment["spec"]["replicas"], 2);
    let pod = &deployment["spec"]["template"]["spec"];
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    assert!(pod["affinity"]["podAntiAffinity"].is_object());
    let container = &pod["containers"][0];
    let security = &container["securityContext"];
    assert_eq!(security["readOnlyRootFilesystem"], true);
    assert_eq!(security["allowPrivilegeEscalation"], false);
    assert_eq!(security["capabilities"]["drop"][0], "ALL");
    assert!(container["resources"]["requests"]["memory"].is_string());
    assert!(container["resources"]["limits"]["memory"].is_string());
    assert_eq!(container["readinessProbe"]["httpGet"]["path"], "/readyz");
    assert_eq!(container["livenessProbe"]["httpGet"]["path"], "/healthz");
    let pdb = one(&objects, "PodDisruptionBudget");
    assert_eq!(pdb["spec"]["minAvailable"], 1);
    assert_eq!(pdb["spec"]["selector"], deployment["spec"]["selector"]);
    let service = one(&objects, "Service");
    assert_eq!(
        service["spec"]["selector"],
        deployment["spec"]["selector"]["matchLabels"]
    );
}

/// The value of `name` in the container's env.
fn env<'a>(container: &'a Value, name: &str) -> &'a str {
    container["env"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .and_then(|e| e["value"].as_str())
        .unwrap_or_else(|| panic!("no env {name}"))
}

#[test]
fn only_the_webhook_port_is_exposed_and_admitted() {
    let objects = rendered();
    let service = one(&objects, "Service");
    let ports = service["spec"]["ports"].as_array().unwrap();
    assert_eq!(ports.len(), 1, "{ports:?}");
    assert_eq!(ports[0]["targetPort"], "https");
    let policy = one(&objects, "NetworkPolicy");
    let deployment = one(&objects, "Deployment");
    assert_eq!(
        policy["spec"]["podSelector"]["matchLabels"],
        deployment["spec"]["selector"]["matchLabels"]
    );
    assert_eq!(policy["spec"]["policyTypes"][0], "Ingress");
    let rules = policy["spec"]["ingress"].as_array().unwrap();
    assert_eq!(rules.len(), 1);
    let allowed = rules[0]["ports"].as_array().unwrap();
    assert_eq!(allowed.len(), 1);
    let container = &deployment["spec"]["template"]["spec"]["containers"][0];
    let https = container["ports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "https")
        .unwrap();
    assert_eq!(allowed[0]["port"], https["containerPort"]);
    assert!(env(container, "CERTGATE_LISTEN").ends_with(&format!(":{}", https["containerPort"])));
}

#[test]
fn grace_period_fits_the_drain_and_shutdown() {
    let objects = rendered();
    let pod = &one(&objects, "Deployment")["spec"]["template"]["spec"];
    let container = &pod["containers"][0];
    let drain: u64 = env(container, "CERTGATE_DRAIN_MS").parse().unwrap();
    let shutdown: u64 = env(container, "CERTGATE_SHUTDOWN_TIMEOUT_MS")
        .parse()
        .unwrap();
    let grace = pod["terminationGracePeriodSeconds"].as_u64().unwrap();
    // The kubelet's SIGKILL must not cut the drain or the in-flight requests.
    assert!(drain >= 2000, "drain {drain} ms");
    assert!((drain + shutdown) / 1000 + 5 <= grace, "grace {grace} s");
}

#[test]
fn rbac_only_reads() {
    let objects = rendered();
    let role = one(&objects, "ClusterRole");
    for rule in role["rules"].as_array().unwrap() {
        for verb in rule["verbs"].as_array().unwrap() {
            assert!(
                ["get", "list", "watch"].contains(&verb.as_str().unwrap()),
                "verb {verb}"
            );
        }
        for resource in rule["resources"].as_array().unwrap() {
            assert!(
                [
                    "configmaps",
                    "secrets",
                    "issuers",
                    "clusterissuers",
                    "secretproviderclasses",
                    "certificates"
                ]
                .contains(&resource.as_str().unwrap()),
                "resource {resource}"
            );
        }
        if rule["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "secrets")
        {
            assert!(
                !rule["verbs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|v| v == "list" || v == "watch"),
                "no list or watch on Secrets: never hold every key of the cluster"
            );
        }
        let lists = rule["verbs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "list" || v == "watch");
        if lists
            && rule["resources"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "configmaps")
        {
            // Only the trust bundle, by name: never every ConfigMap.
            assert_eq!(
                rule["resourceNames"],
                serde_json::json!(["azure-iot-operations-aio-ca-trust-bundle"]),
                "{rule}"
            );
        }
    }
    let binding = one(&objects, "ClusterRoleBinding");
    assert_eq!(binding["subjects"][0]["name"], "certgate-webhook");
    assert!(
        !objects
            .iter()
            .any(|o| o["kind"] == "Role" || o["kind"] == "RoleBinding")
    );
}

#[test]
fn webhook_configuration_is_safe() {
    let objects = rendered();
    let certificate = one(&objects, "Certificate");
    let issuer = one(&objects, "Issuer");
    assert!(issuer["spec"]["selfSigned"].is_object());
    assert_eq!(
        certificate["spec"]["issuerRef"]["name"],
        issuer["metadata"]["name"]
    );
    assert_eq!(
        certificate["spec"]["privateKey"]["rotationPolicy"],
        "Always"
    );
    let namespace = certificate["metadata"]["namespace"].as_str().unwrap();
    let configuration = one(&objects, "ValidatingWebhookConfiguration");
    assert_eq!(
        configuration["metadata"]["annotations"]["cert-manager.io/inject-ca-from"],
        format!(
            "{namespace}/{}",
            certificate["metadata"]["name"].as_str().unwrap()
        )
    );
    let deployment = one(&objects, "Deployment");
    let secret = &deployment["spec"]["template"]["spec"]["volumes"][0]["secret"]["secretName"];
    assert_eq!(*secret, certificate["spec"]["secretName"]);
    let service = one(&objects, "Service");
    let dns = format!(
        "{}.{namespace}.svc",
        service["metadata"]["name"].as_str().unwrap()
    );
    assert!(
        certificate["spec"]["dnsNames"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| *n == dns.as_str())
    );

    let webhooks = configuration["webhooks"].as_array().unwrap();
    assert_eq!(webhooks.len(), 5);
    let mut resources = Vec::new();
    for webhook in webhooks {
        let name = webhook["name"].as_str().unwrap();
        assert_eq!(
            webhook["admissionReviewVersions"],
            serde_json::json!(["v1"]),
            "{name}"
        );
        assert_eq!(webhook["sideEffects"], "None", "{name}");
        assert_eq!(webhook["failurePolicy"], "Fail", "{name}");
        assert_eq!(webhook["timeoutSeconds"], 5, "{name}");
        assert_eq!(webhook["matchPolicy"], "Equivalent", "{name}");
        assert_eq!(
            webhook["clientConfig"]["service"]["name"], service["metadata"]["name"],
            "{name}"
        );
        assert_eq!(
            webhook["clientConfig"]["service"]["namespace"], namespace,
            "{name}"
        );
        assert_eq!(
            webhook["clientConfig"]["service"]["path"], "/validate",
            "{name}"
        );
        let excluded = &webhook["namespaceSelector"]["matchExpressions"][0];
        assert_eq!(excluded["key"], "kubernetes.io/metadata.name");
        assert_eq!(excluded["operator"], "NotIn");
        let values = excluded["values"].as_array().unwrap();
        assert!(
            values.iter().any(|v| v == "kube-system") && values.iter().any(|v| *v == namespace),
            "{name}"
        );
        for rule in webhook["rules"].as_array().unwrap() {
            assert_eq!(
                rule["operations"],
                serde_json::json!(["CREATE", "UPDATE"]),
                "{name}"
            );
            resources.extend(
                rule["resources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_owned()),
            );
            if rule["resources"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "configmaps" || r == "secrets")
            {
                assert!(
                    !webhook["matchConditions"].as_array().unwrap().is_empty(),
                    "{name} narrows with matchConditions"
                );
            }
        }
    }
    resources.sort();
    assert_eq!(
        resources,
        [
            "brokerauthentications",
            "brokerlisteners",
            "bundles",
            "certificates",
            "clusterissuers",
            "configmaps",
            "dataflowendpoints",
            "issuers",
            "secrets",
            "secretsyncs"
        ]
    );
}
