#!/usr/bin/env python3
"""Baseline (b): DuckDB's read_json (from PyPI) loading the same file into a table, one row per
record. fmt: array | newline_delimited | graph-page (one object whose "value" array holds the
records, unnested into rows)."""
import sys
import duckdb

path, db, fmt = sys.argv[1], sys.argv[2], sys.argv[3]
con = duckdb.connect(db)
if fmt == "graph-page":
    con.execute(
        f"CREATE TABLE t AS SELECT unnest(value, recursive := true) FROM read_json('{path}', format='auto', maximum_object_size=1073741824)")
else:
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_json('{path}', format='{fmt}', maximum_object_size=67108864)")
print(con.execute("SELECT count(*) FROM t").fetchone()[0])
