#!/usr/bin/env python3
"""Baseline (b): DuckDB's read_json (from PyPI) loading the same file into a table."""
import sys
import duckdb

path, db, fmt = sys.argv[1], sys.argv[2], sys.argv[3]  # fmt: array | newline_delimited
con = duckdb.connect(db)
con.execute(f"CREATE TABLE t AS SELECT * FROM read_json('{path}', format='{fmt}', maximum_object_size=67108864)")
print(con.execute("SELECT count(*) FROM t").fetchone()[0])
