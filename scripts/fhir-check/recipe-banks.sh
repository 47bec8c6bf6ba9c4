#!/usr/bin/env bash
# Builds one bank from every recipe with placeholder item text (the real
# wording is the user's, never ours) and prints their paths, ':'-separated,
# for SECUREBASE_FHIR_BANKS: so the FHIR check covers recipe banks too.
#
#   scripts/fhir-check/recipe-banks.sh SECUREBASE_BINARY OUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
paths=()
while IFS=$'\t' read -r id items; do
  texts="$out/$id.txt"
  : > "$texts"
  for i in $(seq 1 "$items"); do
    echo "Placeholder statement $i of the $id recipe." >> "$texts"
  done
  # Installed too (in $SECUREBASE_DATA_DIR): a response export finds its bank by id.
  "$bin" bank new --recipe "$id" --texts "$texts" -o "$out/$id.json" --force --install >/dev/null
  paths+=("$out/$id.json")
done < <("$bin" bank recipes --format json | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d));
  process.stdin.on("end", () => {
    for (const r of JSON.parse(s)) console.log(`${r.id}\t${r.items}`);
  });')
(IFS=:; echo "${paths[*]}")
