#!/usr/bin/env bash
# Opens the HTML report of the sample tenant in headless Chromium (Debian's package; installed
# when missing), checks the rendered DOM, and keeps a screenshot under .build/report-check/.
# Run from the repository root after `swift build`: bash scripts/check-report-in-browser.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/report-check
mkdir -p "$out"

if ! command -v chromium >/dev/null 2>&1; then
  echo "--- installing chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

bin=$(swift build --show-bin-path)/scimdiag
rm -f "$out/samples.db"
"$bin" ingest --quiet --db "$out/samples.db" samples/ >/dev/null
SOURCE_DATE_EPOCH=1772496000 "$bin" report --db "$out/samples.db" --html --output "$out/report.html"
SOURCE_DATE_EPOCH=1772496000 "$bin" report --db "$out/samples.db" --html --user heidi@contoso.com --output "$out/heidi.html"
rows=$("$bin" users --db "$out/samples.db" --all --format json | grep -c '"user" :')

chrome=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --virtual-time-budget=3000)
"${chrome[@]}" --dump-dom "file://$PWD/$out/report.html" 2>/dev/null >"$out/report.dom.html"
"${chrome[@]}" --window-size=1280,2400 --screenshot="$out/report.png" "file://$PWD/$out/report.html" 2>/dev/null
"${chrome[@]}" --dump-dom "file://$PWD/$out/heidi.html" 2>/dev/null >"$out/heidi.dom.html"
"${chrome[@]}" --window-size=1280,2400 --screenshot="$out/heidi.png" "file://$PWD/$out/heidi.html" 2>/dev/null

fail=0
check() { # description, expected count, pattern
  local n
  n=$(grep -o -- "$3" "$out/report.dom.html" | wc -l || true)
  if [ "$n" -ne "$2" ]; then
    echo "FAIL: $1: expected $2, found $n ($3)"
    fail=1
  else
    echo "ok: $1 ($n)"
  fi
}
check "the answer comes first" 1 '<section id="answer"><h2>The answer</h2>'
check "users table rows, one per user and app" "$rows" '<tr><td>[^<]*\(<a href="#user-[0-9]*">[^<]*</a>\)\?</td><td>[^<]*</td><td>\(delete\|hard-delete\|soft-delete\|disable\|unassign\|group-removal\|-\)</td>'
check "per-user sections" 20 '<details class="user"'
check "cause catalog entries" "$("$bin" rules | grep -c '^[a-z]')" '<article class="cause" id="cause-'
check "the filter script ran (CSP admitted it)" 1 "<span id=\"f-count\" class=\"small\">$rows shown</span>"
check "trigger count in the answer" 1 '27 deprovisioning triggers for 20 users'
check "heidi's row" 1 'heidi@contoso.com</a></td><td>Contoso SCIM</td><td>soft-delete'
check "cycle chart" 1 '<svg id="cycle-chart"'
check "legends (cycle chart, lanes)" 2 '<ul class="legend">'
check "time axis label" 1 '>time (UTC)</text>'
findings=$(grep -o '<div class="finding' "$out/report.dom.html" | wc -l || true)
check "a clickable documentation link beside each finding" "$findings" '<dt>read more</dt><dd><a href="https://learn.microsoft.com/'
check_in() { # file, description, expected count, pattern
  local n
  n=$(grep -o -- "$4" "$1" | wc -l || true)
  if [ "$n" -ne "$3" ]; then echo "FAIL: $2: expected $3, found $n ($4)"; fail=1; else echo "ok: $2 ($n)"; fi
}
check_in "$out/heidi.dom.html" "single-user report: titled for the user" 1 '<title>scimdiag: heidi@contoso.com</title>'
check_in "$out/heidi.dom.html" "single-user report: no users table" 0 '<table id="users-table"'
check_in "$out/heidi.dom.html" "single-user report: the user in full, open" 1 '<details class="user" id="user-[0-9]*" open=""'
check_in "$out/heidi.dom.html" "single-user report: the lanes' legend" 1 '<ul class="legend">'
[ -s "$out/report.png" ] || { echo "FAIL: no screenshot"; fail=1; }
[ -s "$out/heidi.png" ] || { echo "FAIL: no screenshot of the single-user report"; fail=1; }
echo "screenshots: $out/report.png $out/heidi.png"
exit $fail
