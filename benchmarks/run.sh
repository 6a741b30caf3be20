#!/usr/bin/env bash
# scimdiag's benchmark: generates synthetic tenants, measures scimdiag (release build) and the
# baselines on the same files in the same run, and prints a Markdown table.
#
#   bash benchmarks/run.sh              # the full run: about 30 minutes, a few GB of disk, 5 GB of memory (Python on the 1 GB array)
#   bash benchmarks/run.sh --repeat 1   # each ingest measured once instead of three times
#   bash benchmarks/run.sh --smoke      # a few seconds: keeps the script working in CI
#   bash benchmarks/run.sh --tenants    # the tenant table only (the headline rows): about 10 minutes
#   bash benchmarks/run.sh --tenants --xl   # and a 300,000-user tenant (2 GB, about 5 minutes more)
#
# Baselines: (a) benchmarks/baseline_python.py (json + sqlite3), (b) DuckDB's read_json
# (pip install duckdb), (c) reading the file once (cat > /dev/null), the I/O floor. Then the
# SQLite floor (benchmarks/sqlite-floor.sh): SQLite alone writing the same rows.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=0 repeat=3 tenants_only=0 xl=0
while [ $# -gt 0 ]; do
  case $1 in
  --smoke) smoke=1 repeat=1 ;;
  --tenants) tenants_only=1 ;;
  --xl) xl=1 ;;
  --repeat)
    repeat=${2:-}
    [[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "--repeat needs a positive count" >&2; exit 2; }
    shift ;;
  *) echo "usage: run.sh [--smoke] [--tenants] [--xl] [--repeat N]" >&2; exit 2 ;;
  esac
  shift
done
work=${BENCH_DIR:-.build/bench}
mkdir -p "$work"
swift build -c release --product scimdiag >/dev/null
bin=$(swift build -c release --show-bin-path)/scimdiag
have_duckdb=0
python3 -c "import duckdb" 2>/dev/null && have_duckdb=1
[ $smoke = 1 ] && have_duckdb=0

seconds() { # command... -> wall seconds; peak RSS (MB) in $work/rss
  local out
  out=$(python3 benchmarks/measure.py "$@")
  echo "${out#* }" >"$work/rss"
  echo "${out% *}"
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
mb() { calc "%.1f" "$(stat -c %s "$1") / 1048576"; }
ratio() { calc "%.2f" "$1 / $2"; }
median() { printf "%s\n" "$@" | sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
spread() { # times... -> "median (fastest–slowest)", or the one time
  [ $# = 1 ] && { echo "$1"; return; }
  local sorted=($(printf "%s\n" "$@" | sort -n))
  echo "$(median "$@") (${sorted[0]}–${sorted[-1]})"
}

if [ $tenants_only = 0 ]; then
  if [ "$repeat" -gt 1 ]; then
    echo "Each ingest row: $repeat runs of scimdiag and of each baseline, interleaved; times are the median (fastest–slowest), ratios are of the medians."
  else
    echo "Each ingest row: one run of scimdiag and of each baseline."
  fi
  echo
  echo "| input | size (MB) | records | I/O floor (s) | scimdiag ingest (s) | MB/s | records/s | peak RSS (MB) | Python json+sqlite3 (s) | ratio Python/scimdiag | DuckDB read_json (s) | ratio scimdiag/DuckDB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
fi
bench_file() { # label kind path records duckdb-format
  local label=$1 kind=$2 file=$3 records=$4 fmt=$5
  local floors=() ours=() pys=() ducks=() rss=0 run_rss r
  for ((r = 0; r < repeat; r++)); do
    floors+=("$(seconds cat "$file")")
    rm -f "$work/s.db"*
    # --no-analyze: the file is loaded as the baselines load it, without the linking and
    # diagnosis that end a whole ingest (the tenant table below measures those).
    ours+=("$(seconds "$bin" ingest --quiet --no-analyze --db "$work/s.db" "$file")")
    run_rss=$(cat "$work/rss")
    [ "$run_rss" -gt "$rss" ] && rss=$run_rss
    if [ $smoke = 0 ]; then rm -f "$work/py.db"*; pys+=("$(seconds python3 benchmarks/baseline_python.py "$kind" "$file" "$work/py.db")"); fi
    if [ $have_duckdb = 1 ]; then rm -f "$work/duck.db"*; ducks+=("$(seconds python3 benchmarks/baseline_duckdb.py "$file" "$work/duck.db" "$fmt")"); fi
  done
  local size our py="-" duck="-"
  size=$(mb "$file")
  our=$(median "${ours[@]}")
  [ ${#pys[@]} -gt 0 ] && py=$(median "${pys[@]}")
  [ ${#ducks[@]} -gt 0 ] && duck=$(median "${ducks[@]}")
  last_ours=$our
  echo "| $label | $size | $records | $(median "${floors[@]}") | $(spread "${ours[@]}") | $(calc "%.1f" "$size / $our") | $(calc "%d" "$records / $our") | $rss | $([ "$py" = "-" ] && echo - || spread "${pys[@]}") | $([ "$py" = "-" ] && echo - || ratio "$py" "$our") | $([ "$duck" = "-" ] && echo - || spread "${ducks[@]}") | $([ "$duck" = "-" ] && echo - || ratio "$our" "$duck") |"
}

if [ $tenants_only = 1 ]; then
  python3 benchmarks/generate-tenant.py --users 110000 --scim-lines 660000 --provisioning-shape portal \
    --out "$work/t-large" >"$work/gen-large.json"
  python3 benchmarks/generate-tenant.py --users 50000 --out "$work/t-50k" >"$work/gen-50k.json"
  python3 benchmarks/generate-tenant.py --users 10000 --out "$work/t-10k" >"$work/gen-10k.json"
  # Few users with many requests each: 20,000 users and a SCIM log of 1,000,000 lines.
  python3 benchmarks/generate-tenant.py --users 20000 --scim-lines 1000000 --provisioning-shape diagnostic \
    --out "$work/t-scim" >"$work/gen-scim.json"
  tenants=("$work/t-large:110000" "$work/t-scim:20000" "$work/t-50k:50000" "$work/t-10k:10000")
elif [ $smoke = 1 ]; then
  python3 benchmarks/generate-tenant.py --users 300 --provisioning-shape portal --out "$work/t-smoke" >"$work/gen.json"
  recs=$(python3 -c "import json;print(json.load(open('$work/gen.json'))['provisioning_records'])")
  bench_file "portal JSON, 300 users" provisioning "$work/t-smoke/provisioning-portal.json" "$recs" array
  tenants=("$work/t-smoke:300")
  # Keeps the SQLite floor working too, where a C compiler is installed.
  if command -v cc >/dev/null; then bash benchmarks/sqlite-floor.sh "$work/s.db" provisioning >/dev/null; fi
else
  # 110,000 users; the SCIM log padded so that the tenant's store holds over 1,000,000 events.
  python3 benchmarks/generate-tenant.py --users 110000 --scim-lines 660000 --provisioning-shape portal \
    --out "$work/t-large" >"$work/gen-large.json"
  recs=$(python3 -c "import json;print(json.load(open('$work/gen-large.json'))['provisioning_records'])")
  bench_file "portal JSON array, 110,000 users" provisioning "$work/t-large/provisioning-portal.json" "$recs" array
  mv "$work/s.db" "$work/portal-store.db"
  portal_ours=$last_ours
  # The size the targets name: a portal array of about 1 GB (the synthetic records average
  # 2.56 kB, so 240,000 users give about 435,000 of them).
  python3 benchmarks/generate-tenant.py --users 240000 --provisioning-shape portal --out "$work/t-1gb" >"$work/gen-1gb.json"
  recs=$(python3 -c "import json;print(json.load(open('$work/gen-1gb.json'))['provisioning_records'])")
  bench_file "portal JSON array, 240,000 users (about 1 GB)" provisioning "$work/t-1gb/provisioning-portal.json" "$recs" array
  rm -rf "$work/t-1gb" "$work/s.db"*
  # A Graph page as large as a user would save one: about 50,000 records in its "value" array,
  # on one line as Graph returns it, then pretty-printed as PowerShell's ConvertTo-Json writes it.
  python3 benchmarks/generate-tenant.py --users 27000 --provisioning-shape graph --page-size 50000 \
    --out "$work/t-graph" >"$work/gen-graph.json"
  recs=$(python3 -c "import json;print(json.load(open('$work/gen-graph.json'))['provisioning_records'])")
  bench_file "Graph page, one line" provisioning "$work/t-graph/provisioning-page-00001.json" "$recs" graph-page
  python3 -c "import json, sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], 'w'), indent=2)" \
    "$work/t-graph/provisioning-page-00001.json" "$work/t-graph/page-pretty.json"
  bench_file "Graph page, pretty-printed" provisioning "$work/t-graph/page-pretty.json" "$recs" graph-page
  rm -rf "$work/t-graph" "$work/s.db"*
  python3 benchmarks/generate-tenant.py --users 20000 --scim-lines 1000000 --provisioning-shape diagnostic --out "$work/t-scim" >"$work/gen-scim.json"
  lines=$(python3 -c "import json;print(json.load(open('$work/gen-scim.json'))['scim_lines'])")
  bench_file "SCIM request log (JSON lines)" scim "$work/t-scim/scim-requests.jsonl" "$lines" newline_delimited
  mv "$work/s.db" "$work/scim-store.db"
  scim_ours=$last_ours
  # The worst case for the requests' key index: the same lines in random order (a server
  # writes its log in time order; logs merged out of order come between the two).
  python3 -c "import random, sys; l = open(sys.argv[1]).readlines(); random.Random(1).shuffle(l); open(sys.argv[2], 'w').writelines(l)" \
    "$work/t-scim/scim-requests.jsonl" "$work/t-scim/scim-requests-shuffled.jsonl"
  bench_file "SCIM request log, lines shuffled (worst case)" scim "$work/t-scim/scim-requests-shuffled.jsonl" "$lines" newline_delimited
  mv "$work/s.db" "$work/scim-shuffled-store.db"
  shuffled_ours=$last_ours
  rm -f "$work/t-scim/scim-requests-shuffled.jsonl"
  python3 benchmarks/generate-tenant.py --users 50000 --out "$work/t-50k" >"$work/gen-50k.json"
  python3 benchmarks/generate-tenant.py --users 10000 --out "$work/t-10k" >"$work/gen-10k.json"
  tenants=("$work/t-large:110000" "$work/t-scim:20000" "$work/t-50k:50000" "$work/t-10k:10000")
fi

if [ $xl = 1 ] && [ $smoke = 0 ]; then
  # Where the analysis' memory, which grows with distinct identities, is closest to its bound.
  python3 benchmarks/generate-tenant.py --users 300000 --provisioning-shape portal --out "$work/t-300k" >"$work/gen-300k.json"
  tenants=("$work/t-300k:300000" "${tenants[@]}")
fi

# Each tenant in one store, then the questions people ask of it. The headline is the time to
# the first answer: ingest (which links identities and diagnoses every user) plus the first
# `users`. `users` runs twice: the second shows what reading the kept triage costs. Every
# command's peak RSS is kept. Where Chromium is installed, the time it takes to load the
# report and run its script (headless, --dump-dom) is measured too. Last, the report again
# with --redact, as one sent to an app's vendor is made.
have_chromium=0
command -v chromium >/dev/null && have_chromium=1
echo
echo "| tenant store | events | **first answer: ingest + first users (s)** | ingest (s) | first users (s) | users again (s) | explain, median of 13 users (ms) | report --html (s) | report size (MB) | users in full | Chromium load (s) | report --html --redact (s) | peak RSS (MB): ingest / users / explain (max) / report / redacted report |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for entry in "${tenants[@]}"; do
  tenant=${entry%%:*}
  count=${entry##*:}
  rm -f "$work/q.db"*
  ingest_all=$(seconds "$bin" ingest --quiet --db "$work/q.db" "$tenant")
  ingest_rss=$(cat "$work/rss")
  events=$(python3 -c "import sqlite3;c=sqlite3.connect('$work/q.db');print(sum(c.execute(f'select count(*) from {t}').fetchone()[0] for t in ['provisioning_events','audit_events','scim_requests']))")
  users_first=$(seconds "$bin" users --db "$work/q.db")
  users_rss=$(cat "$work/rss")
  users_again=$(seconds "$bin" users --db "$work/q.db")
  [ "$(cat "$work/rss")" -gt "$users_rss" ] && users_rss=$(cat "$work/rss")
  explains=()
  explain_rss=0
  for i in 17 1234 4321 8888 12345 23456 34567 45678 56789 67890 78901 89012 99999; do
    u=$(printf "user%06d@contoso.com" $((i % count)))
    explains+=("$(seconds "$bin" explain --db "$work/q.db" "$u")")
    [ "$(cat "$work/rss")" -gt "$explain_rss" ] && explain_rss=$(cat "$work/rss")
  done
  explain_median=$(median "${explains[@]}")
  report=$(seconds "$bin" report --html --db "$work/q.db" --output "$work/report.html")
  report_rss=$(cat "$work/rss")
  in_full=$(grep -o '<details class="user"' "$work/report.html" | wc -l || true)
  load="-"
  if [ $have_chromium = 1 ] && [ $smoke = 0 ]; then
    load=$(seconds chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --dump-dom "file://$(realpath "$work/report.html")")
  fi
  redacted=$(seconds "$bin" report --html --redact --db "$work/q.db" --output "$work/report-redacted.html")
  redacted_rss=$(cat "$work/rss")
  echo "| $(basename "$tenant") | $events | **$(calc "%.1f" "$ingest_all + $users_first")** | $ingest_all | $users_first | $users_again | $(calc "%d" "$explain_median * 1000") | $report | $(mb "$work/report.html") | $in_full | $load | $redacted | $ingest_rss / $users_rss / $explain_rss / $report_rss / $redacted_rss |"
done

# The SQLite floor: SQLite alone writing the rows of the two stores above, with their layout
# (benchmarks/sqlite-floor.sh). What no change outside the store's layout can go below.
if [ $smoke = 0 ] && [ $tenants_only = 0 ]; then
  echo
  echo "| store | scimdiag ingest (s) | SQLite floor: inserts (s) | indexes and commit (s) | floor total (s) | floor / scimdiag |"
  echo "|---|---:|---:|---:|---:|---:|"
  # The last two rows write the SCIM log's requests with less than the store keeps: the
  # requests table alone (no index, no child table), then only the columns the Python baseline
  # stores: what keeping these requests costs SQLite with no index at all.
  for entry in "portal-store.db:provisioning:$portal_ours:store" "scim-store.db:scim:$scim_ours:store" \
    "scim-shuffled-store.db:scim:$shuffled_ours:store" "scim-store.db:scim:$scim_ours:requests-only" \
    "scim-store.db:scim:$scim_ours:python"; do
    IFS=: read -r store kind ours layout <<<"$entry"
    out=$(bash benchmarks/sqlite-floor.sh "$work/$store" "$kind" "$layout")
    inserts=$(echo "$out" | sed -E 's/.*inserts ([0-9.]+) s.*/\1/')
    indexes=$(echo "$out" | sed -E 's/.*indexes and commit ([0-9.]+) s.*/\1/')
    total=$(echo "$out" | sed -E 's/.*total ([0-9.]+) s.*/\1/')
    case $store:$layout in
    scim-shuffled-store.db:*) label="scim, lines shuffled" ;;
    *:requests-only) label="scim, requests table only (no index, no child table)" ;;
    *:python) label="scim, the Python baseline's table only" ;;
    *) label=$kind ;;
    esac
    echo "| $label | $ours | $inserts | $indexes | $total | $(ratio "$total" "$ours") |"
  done
  rm -f "$work/portal-store.db" "$work/scim-store.db" "$work/scim-shuffled-store.db"
fi
