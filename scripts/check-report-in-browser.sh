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

chrome=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --virtual-time-budget=3000)
"${chrome[@]}" --dump-dom "file://$PWD/$out/report.html" 2>/dev/null >"$out/report.dom.html"
"${chrome[@]}" --window-size=1280,2400 --screenshot="$out/report.png" "file://$PWD/$out/report.html" 2>/dev/null

fail=0
check() { # description, expected count, pattern
  local n
  n=$(grep -o -- "$3" "$out/report.dom.html" | wc -l)
  if [ "$n" -ne "$2" ]; then
    echo "FAIL: $1: expected $2, found $n ($3)"
    fail=1
  else
    echo "ok: $1 ($n)"
  fi
}
check "users table rows" 20 '<tr data-outcome='
check "per-user sections" 20 '<details class="user"'
check "cause catalog entries" "$("$bin" rules | grep -c '^[a-z]')" '<article class="cause" id="cause-'
check "the filter script ran (CSP admitted it)" 1 '<span id="f-count" class="small">20 shown</span>'
check "trigger count in the summary" 1 '27 deprovisioning triggers for 20 users'
check "heidi's finding" 1 'heidi@contoso.com</a></td><td>soft-delete'
check "cycle chart" 1 '<svg id="cycle-chart"'
[ -s "$out/report.png" ] || { echo "FAIL: no screenshot"; fail=1; }
echo "screenshot: $out/report.png"
exit $fail
