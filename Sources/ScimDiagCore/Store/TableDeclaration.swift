import ScimDiagParsing

/// A table declared once: its columns (name, SQL definition and, for the tables the ingest
/// writes, how each value is bound from the row being written), table constraints and indexes.
/// The schema's CREATE TABLE, the INSERT statements and the order values are bound in all come
/// from this one list (`Tables`).
struct TableDeclaration<Row>: Sendable {
  /// A column, and how its value is bound from `Row`; nil for a column the insert leaves to
  /// SQLite (a rowid alias such as `seq`, an `id` SQLite numbers).
  struct Column: Sendable {
    let name: String
    let definition: String
    let bind: (@Sendable (Row, RawStatement) -> Void)?

    init(_ name: String, _ definition: String, bind: (@Sendable (Row, RawStatement) -> Void)? = nil) {
      self.name = name
      self.definition = definition
      self.bind = bind
    }
  }

  let name: String
  let columns: [Column]
  /// Table constraints (composite keys, foreign keys) after the columns.
  let constraints: [String]
  let withoutRowID: Bool
  /// The table's CREATE INDEX statements.
  let indexes: [String]
  /// The binders of the written columns, in column order.
  private let binders: [@Sendable (Row, RawStatement) -> Void]

  init(
    _ name: String, columns: [Column], constraints: [String] = [], withoutRowID: Bool = false, indexes: [String] = []
  ) {
    self.name = name
    self.columns = columns
    self.constraints = constraints
    self.withoutRowID = withoutRowID
    self.indexes = indexes
    self.binders = columns.compactMap(\.bind)
  }

  /// CREATE TABLE, then its indexes.
  var createSQL: String {
    let lines = columns.map { "  \($0.name) \($0.definition)" } + constraints.map { "  " + $0 }
    let table =
      "CREATE TABLE \(name) (\n" + lines.joined(separator: ",\n") + "\n)" + (withoutRowID ? " WITHOUT ROWID" : "")
    return ([table] + indexes).joined(separator: ";\n") + ";"
  }

  /// The ingest's INSERT of the bound columns, with positional parameters in column order.
  func insertSQL(orIgnore: Bool) -> String {
    let written = columns.filter { $0.bind != nil }.map(\.name)
    return "INSERT \(orIgnore ? "OR IGNORE " : "")INTO \(name)(\(written.joined(separator: ", "))) VALUES ("
      + Array(repeating: "?", count: written.count).joined(separator: ", ") + ")"
  }

  /// An INSERT of every column but `leaving`, with named parameters (`:column`), for tables
  /// written with GRDB's arguments by column name.
  func namedInsertSQL(leaving: Set<String> = [], orIgnore: Bool = false) -> String {
    let names = columns.map(\.name).filter { !leaving.contains($0) }
    return "INSERT \(orIgnore ? "OR IGNORE " : "")INTO \(name)(\(names.joined(separator: ", "))) VALUES ("
      + names.map { ":" + $0 }.joined(separator: ", ") + ")"
  }

  /// Binds `row`'s values in column order.
  func bind(_ row: Row, into statement: RawStatement) {
    for bind in binders { bind(row, statement) }
  }
}
