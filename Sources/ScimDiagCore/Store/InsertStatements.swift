import GRDB
import ScimDiagParsing

final class InsertStatements {
  let db: Database
  private var prepared: [RawStatement?] = Array(repeating: nil, count: Insert.allCases.count)

  init(db: Database) {
    self.db = db
  }

  subscript(_ kind: Insert) -> RawStatement {
    get throws {
      if let st = prepared[kind.rawValue] { return st }
      let st = try RawStatement(db, sql: kind.sql)
      prepared[kind.rawValue] = st
      return st
    }
  }
}
