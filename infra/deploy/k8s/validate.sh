#!/usr/bin/env bash
# Validates infra/deploy/k8s offline against the Kubernetes (kubernetes-models) and KEDA
# (@kubernetes-models/keda) JSON schemas: no cluster, no kubectl. The first run installs the three npm
# packages into a cache directory (ASKFLOW_K8S_VALIDATE_CACHE, default ~/.cache/askflow-k8s-validate).
# The build's DeploymentManifestsTest (infra/dev) checks the invariants between the files.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${ASKFLOW_K8S_VALIDATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/askflow-k8s-validate}"
PACKAGES=(kubernetes-models@5.1.0 @kubernetes-models/keda@2.0.0 yaml@2)
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed" >&2; exit 2; }
if [[ ! -f "$CACHE/.installed-v1" ]]; then
    mkdir -p "$CACHE"
    [[ -f "$CACHE/package.json" ]] || echo '{"name": "askflow-k8s-validate", "private": true, "type": "module"}' \
        >"$CACHE/package.json"
    npm install --prefix "$CACHE" --no-audit --no-fund --silent "${PACKAGES[@]}"
    touch "$CACHE/.installed-v1"
fi
cp "$HERE/validate.mjs" "$CACHE/validate.mjs"
node "$CACHE/validate.mjs" "$HERE"
