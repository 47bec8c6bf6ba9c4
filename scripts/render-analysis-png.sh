#!/usr/bin/env bash
# Renders a study report (`securebase analyze --html`) to a PNG with headless
# Chromium, so a person can look at it (docs/analysis.png in the README is
# made this way).
#
#   scripts/render-analysis-png.sh [OUT.png] [HEIGHT]
#
# The study: 2,000 synthetic sb-core respondents (examples/gen_study.rs, seed
# 7). Defaults: docs/analysis.png, 2600 pixels high. Needs Debian's
# `chromium` (installed with apt-get when missing and run as root). Not part
# of `cargo test`. Chromium runs offline: the report fetches nothing.
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-docs/analysis.png}
height=${2:-2600}

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get install -y chromium
    else
        echo "render-analysis-png: chromium is not installed (sudo apt-get install chromium)" >&2
        exit 1
    fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --bin securebase --example gen_study
./target/debug/examples/gen_study sb-core 2000 7 csv > "$work/study.csv"
(cd "$work" && SECUREBASE_DATA_DIR="$work/data" "$OLDPWD/target/debug/securebase" \
    analyze --bank sb-core study.csv --html report.html)

mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile" \
    --screenshot="$(realpath -m "$out")" --window-size=1000,"$height" \
    "file://$work/report.html" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 1
}
echo "wrote $out"
