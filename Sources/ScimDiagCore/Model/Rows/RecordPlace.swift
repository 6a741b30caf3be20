import ScimDiagParsing

/// Which user a record was linked to, how, and where it was read.
package struct RecordPlace: Sendable, Equatable {
  package var userId: Int
  /// The keys that tied it to the user, in words.
  package var via: String
  package var file: String
  package var line: Int

  package init(userId: Int, via: String, file: String, line: Int) {
    self.userId = userId
    self.via = via
    self.file = file
    self.line = line
  }
}
