//! The image built by `webhook/image/build.sh` (buildah, FROM scratch, static
//! musl binary): its root filesystem mounted, the entrypoint started inside
//! it with chroot as UID 65532, and `/healthz` answered from there.
//!
//! Runs with CERTGATE_IMAGE_TEST=1, which `scripts/test.sh` sets after
//! installing buildah, musl-tools and the musl target (the musl release build
//! is the cost: 17 minutes here on a loaded machine). Set, it fails when a
//! tool is missing or the test is not root (chroot needs it); unset, it says
//! it skipped.
#![allow(clippy::unwrap_used)]

mod common;

use core::time::Duration;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::*;

const IMAGE: &str = "localhost/certgate-webhook:test";

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn buildah(args: &[&str]) -> String {
    let output = Command::new("buildah")
        .arg("--storage-driver")
        .arg("vfs")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "buildah {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn image_entrypoint_serves_healthz_inside_its_root_filesystem() {
    let musl = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("x86_64-unknown-linux-musl"));
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    if std::env::var_os("CERTGATE_IMAGE_TEST").is_none() {
        eprintln!(
            "skipped: set CERTGATE_IMAGE_TEST=1; needs buildah, musl-gcc, the musl target and root"
        );
        return;
    }
    assert!(
        have("buildah") && have("musl-gcc") && musl && root,
        "CERTGATE_IMAGE_TEST is set but buildah ({}), musl-gcc ({}), the musl target ({musl}) or root ({root}) is missing",
        have("buildah"),
        have("musl-gcc"),
    );
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/image/build.sh");
    let status = Command::new("bash")
        .arg(script)
        .arg(IMAGE)
        .status()
        .unwrap();
    assert!(status.success(), "build.sh failed");

    let config = buildah(&[
        "inspect",
        "--type",
        "image",
        "--format",
        "{{.OCIv1.Config.User}} {{.OCIv1.Config.Entrypoint}}",
        IMAGE,
    ]);
    assert_eq!(config, "65532:65532 [/certgate-webhook]");
    let container = buildah(&["from", IMAGE]);
    let mount = buildah(&["mount", &container]);
    let rootfs = std::path::PathBuf::from(&mount);
    // Only the binary: no shell, no libc, no loader.
    let entries: Vec<String> = std::fs::read_dir(&rootfs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "tls")
        .collect();
    assert_eq!(entries, ["certgate-webhook"], "{entries:?}");

    let pki = ServingPki::generate("image");
    let tls = rootfs.join("tls");
    std::fs::create_dir_all(&tls).unwrap();
    std::fs::write(tls.join("tls.crt"), &pki.cert_pem).unwrap();
    std::fs::write(tls.join("tls.key"), &pki.key_pem).unwrap();
    Command::new("chown")
        .arg("-R")
        .arg("65532:65532")
        .arg(&tls)
        .status()
        .unwrap();
    let listen = free_port();
    let health = free_port();
    // Absolute: env_clear() also clears the PATH the program is looked up in.
    let mut child = Command::new("/usr/sbin/chroot")
        .arg("--userspec=65532:65532")
        .arg(&rootfs)
        .arg("/certgate-webhook")
        .args([
            "--offline",
            "--tls-cert",
            "/tls/tls.crt",
            "--tls-key",
            "/tls/tls.key",
        ])
        .arg("--listen")
        .arg(listen.to_string())
        .arg("--health-listen")
        .arg(health.to_string())
        .env_clear()
        .env("CERTGATE_LOG", "warn")
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let answer = loop {
        if let Ok(text) = http_get(health, "/healthz") {
            break text;
        }
        assert!(child.try_wait().unwrap().is_none(), "the entrypoint exited");
        assert!(Instant::now() < deadline, "/healthz never answered");
        std::thread::sleep(Duration::from_millis(100));
    };
    let ready = http_get(health, "/readyz").unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&tls);
    buildah(&["umount", &container]);
    buildah(&["rm", &container]);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
}
