// The SQLite floor: how long SQLite alone takes to store rows that scimdiag ingested, with the
// store's own layout, as the ingest writes them. Everything else (reading, JSON, classifying)
// is left out: the rows are read from an existing store into memory first, and only inserting
// them into a fresh store is timed. See docs/performance.md ("The SQLite floor").
//
//   sqlite-floor SRC DST SCHEMA_SQL POST_SQL PARENT_SELECT PARENT_INSERT [CHILD_SELECT CHILD_INSERT]...
//
// SCHEMA_SQL creates the tables (with the indexes the ingest keeps while it writes), POST_SQL
// the indexes it builds at the end. Each parent row is inserted, then the child rows whose first
// column equals the parent's first column (the selects must return both in the same order),
// as `StoreWriter` does. The new store has the source store's page size. Settings as in
// `Store.writeOnce`: rollback journal, synchronous FULL, a 16 MB page cache while inserting and
// 4 MB while building indexes, foreign keys off, one transaction. Text is bound without copying
// (SQLITE_STATIC), as `RawStatement` does.
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct {
  int columns;
  long count;
  sqlite3_value **values;
  sqlite3_stmt *insert;
  long next;
} Rows;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu(void) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static void check(int rc, sqlite3 *db, const char *what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "sqlite-floor: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
  }
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  char *text = malloc(n + 1);
  if (fread(text, 1, n, f) != (size_t)n) { perror(path); exit(1); }
  text[n] = 0;
  fclose(f);
  return text;
}

static Rows load(sqlite3 *db, const char *sql) {
  sqlite3_stmt *s;
  check(sqlite3_prepare_v2(db, sql, -1, &s, 0), db, sql);
  Rows r = {sqlite3_column_count(s), 0, 0, 0, 0};
  long capacity = 0;
  while (sqlite3_step(s) == SQLITE_ROW) {
    if (r.count == capacity) {
      capacity = capacity ? capacity * 2 : 1024;
      r.values = realloc(r.values, sizeof(sqlite3_value *) * capacity * r.columns);
    }
    for (int i = 0; i < r.columns; i++) r.values[r.count * r.columns + i] = sqlite3_value_dup(sqlite3_column_value(s, i));
    r.count++;
  }
  sqlite3_finalize(s);
  return r;
}

static void insertRow(sqlite3 *db, Rows *r, long row) {
  for (int i = 0; i < r->columns; i++) {
    sqlite3_value *v = r->values[row * r->columns + i];
    switch (sqlite3_value_type(v)) {
    case SQLITE_TEXT:
      sqlite3_bind_text(r->insert, i + 1, (const char *)sqlite3_value_text(v), sqlite3_value_bytes(v), SQLITE_STATIC);
      break;
    case SQLITE_INTEGER: sqlite3_bind_int64(r->insert, i + 1, sqlite3_value_int64(v)); break;
    case SQLITE_FLOAT: sqlite3_bind_double(r->insert, i + 1, sqlite3_value_double(v)); break;
    case SQLITE_BLOB: sqlite3_bind_blob(r->insert, i + 1, sqlite3_value_blob(v), sqlite3_value_bytes(v), SQLITE_STATIC); break;
    default: sqlite3_bind_null(r->insert, i + 1);
    }
  }
  check(sqlite3_step(r->insert), db, "insert");
  sqlite3_reset(r->insert);
}

static int sameKey(Rows *child, long row, sqlite3_value *key) {
  const unsigned char *a = sqlite3_value_text(child->values[row * child->columns]);
  const unsigned char *b = sqlite3_value_text(key);
  return a && b && strcmp((const char *)a, (const char *)b) == 0;
}

int main(int argc, char **argv) {
  if (argc < 7 || argc % 2 == 0) {
    fprintf(stderr, "usage: sqlite-floor SRC DST SCHEMA_SQL POST_SQL PARENT_SELECT PARENT_INSERT [CHILD_SELECT CHILD_INSERT]...\n");
    return 2;
  }
  sqlite3 *src, *db;
  check(sqlite3_open_v2(argv[1], &src, SQLITE_OPEN_READONLY, 0), src, argv[1]);
  int tables = (argc - 5) / 2;
  Rows *rows = calloc(tables, sizeof(Rows));
  for (int t = 0; t < tables; t++) rows[t] = load(src, argv[5 + 2 * t]);
  // The source store's page size, which SQLite fixes when the new file is first written.
  sqlite3_stmt *pageSize;
  check(sqlite3_prepare_v2(src, "PRAGMA page_size", -1, &pageSize, 0), src, "page size");
  check(sqlite3_step(pageSize), src, "page size");
  char pragma[64];
  snprintf(pragma, sizeof pragma, "PRAGMA page_size = %d", sqlite3_column_int(pageSize, 0));
  sqlite3_finalize(pageSize);
  remove(argv[2]);
  check(sqlite3_open(argv[2], &db), db, argv[2]);
  check(sqlite3_exec(db, pragma, 0, 0, 0), db, pragma);
  check(sqlite3_exec(db, slurp(argv[3]), 0, 0, 0), db, "schema");
  check(sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA cache_size = -16384;"
                         "PRAGMA foreign_keys = OFF; PRAGMA temp_store = FILE",
                     0, 0, 0),
        db, "settings");
  for (int t = 0; t < tables; t++) check(sqlite3_prepare_v2(db, argv[6 + 2 * t], -1, &rows[t].insert, 0), db, argv[6 + 2 * t]);

  double wall0 = now(), cpu0 = cpu();
  check(sqlite3_exec(db, "BEGIN", 0, 0, 0), db, "begin");
  for (long p = 0; p < rows[0].count; p++) {
    insertRow(db, &rows[0], p);
    sqlite3_value *key = rows[0].values[p * rows[0].columns];
    for (int t = 1; t < tables; t++)
      while (rows[t].next < rows[t].count && sameKey(&rows[t], rows[t].next, key)) insertRow(db, &rows[t], rows[t].next++);
  }
  double wall1 = now(), cpu1 = cpu();
  check(sqlite3_exec(db, "PRAGMA cache_size = -4096", 0, 0, 0), db, "cache");
  check(sqlite3_exec(db, slurp(argv[4]), 0, 0, 0), db, "indexes");
  check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
  double wall2 = now(), cpu2 = cpu();

  for (int t = 1; t < tables; t++)
    if (rows[t].next != rows[t].count) {
      fprintf(stderr, "sqlite-floor: %ld of %ld child rows of select %d do not follow their parent\n",
              rows[t].count - rows[t].next, rows[t].count, t + 1);
      return 1;
    }
  printf("rows");
  for (int t = 0; t < tables; t++) printf(" %ld", rows[t].count);
  printf("; inserts %.2f s (CPU %.2f s); indexes and commit %.2f s (CPU %.2f s); total %.2f s\n", wall1 - wall0,
         cpu1 - cpu0, wall2 - wall1, cpu2 - cpu1, wall2 - wall0);
  return 0;
}
