#!/usr/bin/env bash
# Renders a result's HTML report to a PNG with headless Chromium, so a person
# can look at it (docs/report.png in the README is made this way).
#
#   scripts/render-report-png.sh [RESULT.json] [OUT.png]
#
# Defaults: tests/fixtures/results/demo.json → docs/report.png. Needs
# Debian's `chromium` (installed with apt-get when missing and run as root).
# Not part of `cargo test`. Chromium runs offline: the report fetches nothing.
set -euo pipefail

cd "$(dirname "$0")/.."
result=${1:-tests/fixtures/results/demo.json}
out=${2:-docs/report.png}

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get install -y chromium
    else
        echo "render-report-png: chromium is not installed (sudo apt-get install chromium)" >&2
        exit 1
    fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet
SECUREBASE_DATA_DIR="$work/data" ./target/debug/securebase report "$result" --html "$work/report.html"

mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile" \
    --screenshot="$(realpath -m "$out")" --window-size=1000,1400 \
    "file://$work/report.html" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 1
}
echo "wrote $out"
