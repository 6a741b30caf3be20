#!/usr/bin/env bash
# Compares the ingest of two scimdiag binaries on the same generated files, runs interleaved
# (A, B, A, B, …) so that machine noise falls on both alike; prints the median and range of
# each and the ratio B/A. Used to measure one change (build A before it, B after it).
#
#   bash benchmarks/compare-builds.sh OLD_BINARY NEW_BINARY [--runs N] [--users N] [--scim-lines N]
#
# Inputs (generated once into $BENCH_DIR, default .build/bench-compare): a portal JSON array
# of --users users (default 40,000, about 170 MB) and a SCIM JSON-lines log of --scim-lines
# lines (default 300,000, about 100 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: compare-builds.sh OLD_BINARY NEW_BINARY [--runs N] [--users N] [--scim-lines N]" >&2; exit 2; }
a=$1 b=$2
shift 2
runs=5 users=40000 scim=300000
while [ $# -gt 0 ]; do
  case $1 in
  --runs) runs=$2; shift ;;
  --users) users=$2; shift ;;
  --scim-lines) scim=$2; shift ;;
  *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
work=${BENCH_DIR:-.build/bench-compare}
mkdir -p "$work"
portal="$work/portal-$users/provisioning-portal.json"
[ -f "$portal" ] || python3 benchmarks/generate-tenant.py --users "$users" --provisioning-shape portal --out "$work/portal-$users" >/dev/null
scimlog="$work/scim-$scim/scim-requests.jsonl"
[ -f "$scimlog" ] || python3 benchmarks/generate-tenant.py --users 5000 --scim-lines "$scim" --out "$work/scim-$scim" >/dev/null

median() { printf "%s\n" "$@" | sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
range() { printf "%s\n" "$@" | sort -n | awk 'NR==1{f=$1} {l=$1} END {print f "–" l}'; }
run() { rm -f "$work/c.db"*; python3 benchmarks/measure.py "$1" ingest --quiet --db "$work/c.db" "$2" | cut -d' ' -f1; }

echo "| input | size (MB) | A median (s) | A range | B median (s) | B range | B/A |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for file in "$portal" "$scimlog"; do
  ta=() tb=()
  for ((r = 0; r < runs; r++)); do
    ta+=("$(run "$a" "$file")")
    tb+=("$(run "$b" "$file")")
  done
  ma=$(median "${ta[@]}") mb=$(median "${tb[@]}")
  size=$(awk "BEGIN { printf \"%.1f\", $(stat -c %s "$file") / 1048576 }")
  echo "| $(basename "$file") | $size | $ma | $(range "${ta[@]}") | $mb | $(range "${tb[@]}") | $(awk "BEGIN { printf \"%.3f\", $mb / $ma }") |"
done
