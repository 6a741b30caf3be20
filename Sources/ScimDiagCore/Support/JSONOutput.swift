import Foundation
import ScimDiagParsing

/// Deterministic JSON for command output: sorted keys, pretty-printed, slashes unescaped.
package enum JSONOutput {
  package static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}
