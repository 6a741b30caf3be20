import ScimDiagParsing

/// A main row the ingest writes: the record, its natural key, and where it was read.
struct Written<Record> {
  let record: Record
  let key: String
  let sourceId: Int64
  let line: Int
}
