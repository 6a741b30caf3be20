import Foundation
import ScimDiagParsing

/// The reader's side of a JSON file's ingest: the values it read, in file order, handed to the
/// classifier threads with the file's container as known at that point.
final class ReadStream {
  let path: String
  let pipeline: RecordPipeline
  var container = ""

  init(path: String, pipeline: RecordPipeline) {
    self.path = path
    self.pipeline = pipeline
  }

  func setContainer(_ container: String) {
    if self.container.isEmpty { self.container = container }
  }

  func emit(_ value: JSONValue, location: FilePosition) throws {
    try pipeline.send(.value(value, location, container: container))
  }

  func reject(location: FilePosition, reason: String, excerpt: String) throws {
    try pipeline.send(.reject(location, reason: reason, excerpt: excerpt))
  }
}
