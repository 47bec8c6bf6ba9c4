#!/usr/bin/env bash
# Reproducible benchmark of `securebase score` on synthetic studies.
#
#   scripts/bench.sh [SIZES...]     default: 10000 100000 1000000
#
# Generates sb-core studies (44 items: 18 anxiety, 18 avoidance, 8
# disorganization; ~1 % missing cells) with a fixed seed, then times
# `score --format csv` on each as CSV (ids in order, and shuffled) and as
# JSON Lines, on one core (taskset), reporting wall time and peak RSS from
# GNU time. Then `analyze` (reliability, item statistics, distributions) on
# the CSV studies beside `score` to /dev/null: wall and CPU seconds, their
# ratio (the target is at most 1.5) and analyze's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10000 100000 1000000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
cargo build --release --quiet --bin securebase --example gen_study
bin=target/release/securebase
gen=target/release/examples/gen_study
elapsed() {
  awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$1" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }'
}
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
printf '%-10s %-13s %10s %12s %12s %12s\n' respondents input size to_file_s to_null_s peak_rss_mb
for n in "${sizes[@]}"; do
  for fmt in csv csv-shuffled jsonl; do
    f="$work/study-$n.$fmt"
    if [ "$fmt" = csv-shuffled ]; then
      # The same rows with the respondent ids out of order (the worst case
      # for the duplicate-id check; the generator writes them in order).
      f="$work/study-$n-shuffled.csv"
      [ -s "$f" ] || { head -1 "$work/study-$n.csv"; tail -n +2 "$work/study-$n.csv" | shuf --random-source=<(yes); } > "$f"
    fi
    [ -s "$f" ] || "$gen" sb-core "$n" 42 "$fmt" > "$f"
    size=$(du -m "$f" | cut -f1)
    # Flush earlier output first, so its write-back does not land in this run.
    sync
    /usr/bin/time -v -o "$work/time.txt" $pin "$bin" score --bank sb-core "$f" --format csv > "$work/out.csv"
    wall=$(elapsed "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$work/time.txt")
    # The same run writing to /dev/null: the cost of scoring without the disk.
    sync
    /usr/bin/time -v -o "$work/time-null.txt" $pin "$bin" score --bank sb-core "$f" --format csv > /dev/null
    null=$(elapsed "$work/time-null.txt")
    rows=$(($(wc -l < "$work/out.csv") - 1))
    [ "$rows" -eq "$n" ] || { echo "expected $n scored rows, got $rows" >&2; exit 1; }
    printf '%-10s %-13s %8sMB %12s %12s %12s\n' "$n" "$fmt" "$size" "$wall" "$null" "$rss"
  done
done

cpu() {
  awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$1"
}
printf '\n%-10s %-6s %10s %10s %10s %10s %8s %12s\n' respondents input score_s analyze_s score_cpu analyze_cpu ratio peak_rss_mb
for n in "${sizes[@]}"; do
  f="$work/study-$n.csv"
  sync
  /usr/bin/time -v -o "$work/time-score.txt" $pin "$bin" score --bank sb-core "$f" --format csv > /dev/null
  sync
  /usr/bin/time -v -o "$work/time-analyze.txt" $pin "$bin" analyze --bank sb-core "$f" --format json > "$work/analysis.json"
  grep -q '"respondents": '"$n"',' "$work/analysis.json" || { echo "analyze did not read $n respondents" >&2; exit 1; }
  s_cpu=$(cpu "$work/time-score.txt")
  a_cpu=$(cpu "$work/time-analyze.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$work/time-analyze.txt")
  printf '%-10s %-6s %10s %10s %10s %10s %8s %12s\n' "$n" csv "$(elapsed "$work/time-score.txt")" \
    "$(elapsed "$work/time-analyze.txt")" "$s_cpu" "$a_cpu" "$(awk -v a="$a_cpu" -v s="$s_cpu" 'BEGIN { if (s > 0) printf "%.2f", a/s; else printf "-" }')" "$rss"
done
