import Foundation

/// A position in an input file: 1-based line and column (column counted in bytes of UTF-8).
package struct FilePosition: Sendable, Equatable, Codable {
  package var line: Int
  package var column: Int
  package init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}
