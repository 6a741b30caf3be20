#!/usr/bin/env bash
# The SQLite floor (see sqlite-floor.c): the time SQLite alone takes to write the rows of a
# store that scimdiag ingested, with the store's layout, leaving out everything else.
#
#   bash benchmarks/sqlite-floor.sh STORE scim|provisioning
#   bash benchmarks/sqlite-floor.sh STORE scim requests-only   # leaner layouts, for comparison:
#   bash benchmarks/sqlite-floor.sh STORE scim python          # see below
#
# The layouts: `store` (the default) is the store's own. For a SCIM store, `requests-only` keeps
# the requests table and nothing else (no key index, no other index, no child table), and
# `python` writes the one table benchmarks/baseline_python.py fills (time, method, path,
# status and the two bodies): what storing these requests costs with no index at all.
#
# Needs a C compiler and libsqlite3-dev (the project's own dependency). Holds all the rows in
# memory: about 3 GB for 1,000,000 SCIM requests.
set -euo pipefail
cd "$(dirname "$0")/.."
store=$1 kind=$2 layout=${3:-store}
work=${BENCH_DIR:-.build/bench}
mkdir -p "$work"
cc -O2 -o "$work/sqlite-floor" benchmarks/sqlite-floor.c -lsqlite3

case $kind in
scim)
  parent=scim_requests children=(scim_patch_operations scim_returned_resources)
  child_index=(op_index resource_index) ;;
provisioning)
  parent=provisioning_events children=(provisioning_steps provisioning_modified_properties)
  child_index=(step_index property_index) ;;
*) echo "kind must be scim or provisioning" >&2; exit 2 ;;
esac
case $kind:$layout in
*:store | scim:requests-only | scim:python) ;;
*) echo "layout must be store, or for scim requests-only or python" >&2; exit 2 ;;
esac

# Rows are read back in the order the ingest wrote them in, their arrival number `seq`, which
# their children name.
if [ -z "$(sqlite3 "$store" "SELECT name FROM pragma_table_info('$parent') WHERE name = 'seq'")" ]; then
  echo "$store: $parent has no arrival number (a store of an earlier format); ingest the exports again with this scimdiag" >&2
  exit 1
fi
placeholders() { sqlite3 "$store" "SELECT group_concat('?', ', ') FROM pragma_table_info('$1')"; }
case $layout in
requests-only)
  sqlite3 "$store" "SELECT replace(sql, 'NOT NULL UNIQUE', 'NOT NULL') || ';' FROM sqlite_master WHERE name = '$parent'" >"$work/floor-schema.sql"
  args=("SELECT * FROM $parent ORDER BY seq" "INSERT INTO $parent VALUES ($(placeholders "$parent"))") ;;
python)
  echo "CREATE TABLE requests(time TEXT, method TEXT, url TEXT, status INTEGER, req_body TEXT, res_body TEXT);" >"$work/floor-schema.sql"
  args=("SELECT time, method, path, status, request_body, response_body FROM $parent ORDER BY seq"
    "INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?)") ;;
esac
if [ "$layout" != store ]; then
  : >"$work/floor-indexes.sql" # no index to build
  "$work/sqlite-floor" "$store" "$work/floor.db" "$work/floor-schema.sql" "$work/floor-indexes.sql" "${args[@]}"
  rm -f "$work/floor.db"
  exit
fi
# The tables as the store has them. The parent's indexes are built at the end, as the ingest of
# a large file does (StoreWriter.deferIndexes); the children's key indexes, which take their
# keys in ascending order, are kept while inserting, as the ingest keeps them.
children_in=$(printf ", '%s'" "${children[@]}")
sqlite3 "$store" "SELECT sql || ';' FROM sqlite_master WHERE type = 'table' AND name IN ('$parent'$children_in)
  UNION ALL SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${children_in#, })" >"$work/floor-schema.sql"
sqlite3 "$store" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = '$parent'" >"$work/floor-indexes.sql"

# sqlite-floor matches a child row to the parent row whose first selected column equals the
# child's first column (its parent's `seq`), so `seq` is selected (and inserted) first.
columns=$(sqlite3 "$store" "SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_table_info('$parent') ORDER BY name <> 'seq', cid)")
args=("SELECT $columns FROM $parent ORDER BY seq"
  "INSERT OR IGNORE INTO $parent($columns) VALUES ($(placeholders "$parent"))")
for i in "${!children[@]}"; do
  c=${children[$i]}
  key=$(sqlite3 "$store" "SELECT name FROM pragma_table_info('$c') WHERE cid = 0")
  args+=("SELECT * FROM $c ORDER BY $key, ${child_index[$i]}" "INSERT INTO $c VALUES ($(placeholders "$c"))")
done
"$work/sqlite-floor" "$store" "$work/floor.db" "$work/floor-schema.sql" "$work/floor-indexes.sql" "${args[@]}"
rm -f "$work/floor.db"
