#!/usr/bin/env bash
# Builds the certgate-webhook image with Debian's buildah: a static musl
# binary (rustup target x86_64-unknown-linux-musl, musl-gcc from Debian's
# musl-tools for ring's C and assembly) in an image FROM scratch, running as
# UID/GID 65532. Storage vfs and chroot isolation, so it runs unprivileged
# of daemons and inside containers.
#   webhook/image/build.sh [NAME]            # default localhost/certgate-webhook:dev
#   buildah --storage-driver vfs push localhost/certgate-webhook:dev \
#       docker://ghcr.io/OWNER/certgate-webhook:0.1.0
# Needs: apt-get install buildah musl-tools; rustup target add x86_64-unknown-linux-musl
set -euo pipefail
cd "$(dirname "$0")/../.."
NAME=${1:-localhost/certgate-webhook:dev}
TARGET=x86_64-unknown-linux-musl
B=(buildah --storage-driver vfs)

command -v buildah >/dev/null || { echo "needs buildah (apt-get install buildah)" >&2; exit 2; }
command -v musl-gcc >/dev/null || { echo "needs musl-gcc (apt-get install musl-tools)" >&2; exit 2; }
rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"

CC_x86_64_unknown_linux_musl=musl-gcc \
  cargo build --release --locked -p certgate-webhook --bin certgate-webhook --target "$TARGET"
BIN=${CARGO_TARGET_DIR:-target}/$TARGET/release/certgate-webhook
# FROM scratch has no loader: the binary must be static.
if readelf -l "$BIN" | grep -q INTERP; then
  echo "$BIN is dynamically linked" >&2; exit 1
fi

container=$("${B[@]}" from scratch)
trap '"${B[@]}" rm "$container" >/dev/null 2>&1 || true' EXIT
"${B[@]}" copy --chown 0:0 --chmod 0555 "$container" "$BIN" /certgate-webhook
"${B[@]}" config \
  --user 65532:65532 \
  --entrypoint '["/certgate-webhook"]' \
  --port 8443 --port 8080 \
  --env CERTGATE_LISTEN=0.0.0.0:8443 \
  --env CERTGATE_HEALTH_LISTEN=0.0.0.0:8080 \
  --label org.opencontainers.image.title=certgate-webhook \
  --label org.opencontainers.image.licenses=Apache-2.0 \
  "$container"
"${B[@]}" commit --quiet --rm "$container" "$NAME" >/dev/null
trap - EXIT
echo "built $NAME: binary $(stat -c %s "$BIN") bytes, image $("${B[@]}" inspect --format '{{.ImageSize}}' "$NAME" 2>/dev/null || echo '?') bytes"
"${B[@]}" images --format '{{.Name}}:{{.Tag}} {{.Size}}' "$NAME"
