import Foundation

/// Every error scimdiag reports, with all messages in one place.
package enum ScimDiagError: Error, LocalizedError, Equatable {
  case cannotRead(path: String, reason: String)
  case syntax(path: String, location: FilePosition, expected: String, found: String, excerpt: String)
  case unknownShape(path: String, location: FilePosition, found: String)
  case notText(path: String, location: FilePosition)
  case emptyInput(path: String)
  /// A compressed file (gzip, zip): say how to unpack it.
  case compressed(path: String, kind: String, command: String)
  /// A folder with no file to ingest in it.
  case emptyFolder(path: String)
  case tooLarge(path: String, location: FilePosition, what: String, limit: Int)
  case tooDeep(path: String, location: FilePosition, limit: Int)
  case strictReject(path: String, location: FilePosition, reason: String)
  case database(path: String, reason: String)
  case notAStore(path: String, reason: String)
  case noStore(path: String)
  case cannotWrite(path: String, reason: String)

  package var errorDescription: String? {
    switch self {
    case .cannotRead(let path, let reason):
      return "cannot read \(path): \(reason); check the path and its permissions"
    case .syntax(let path, let loc, let expected, let found, let excerpt):
      return "\(path):\(loc.line):\(loc.column): invalid JSON: expected \(expected), found \(found)\(excerpt)"
    case .unknownShape(let path, let loc, let found):
      return
        "\(path):\(loc.line):\(loc.column): not a known export shape: found \(found); expected one of these (docs/formats.md), or force one with --format:\n"
        + InputShape.summary(indent: "  ")
    case .notText(let path, let loc):
      return "\(path):\(loc.line):\(loc.column): not a text file (found a NUL byte); expected UTF-8 or UTF-16 text"
    case .emptyInput(let path):
      return "\(path): the file is empty; expected an Entra or SCIM log export"
    case .compressed(let path, let kind, let command):
      return "\(path): the file is \(kind)-compressed; unpack it first (\(command)) and ingest what it holds"
    case .emptyFolder(let path):
      return "\(path): the folder holds no file to ingest (hidden files are skipped); check the path"
    case .tooLarge(let path, let loc, let what, let limit):
      return
        "\(path):\(loc.line):\(loc.column): \(what) is larger than \(limit) bytes; the file is probably truncated or not an export"
    case .tooDeep(let path, let loc, let limit):
      return "\(path):\(loc.line):\(loc.column): JSON nested deeper than \(limit) levels; no export nests this deep"
    case .strictReject(let path, let loc, let reason):
      return "\(path):\(loc.line):\(loc.column): \(reason) (--strict: the file was not ingested)"
    case .database(let path, let reason):
      return "database \(path): \(reason)"
    case .notAStore(let path, let reason):
      return "\(path) is not a scimdiag store: \(reason); choose another file with --db"
    case .noStore(let path):
      return
        "no store at \(path); run `scimdiag ingest <files>` first, or point --db (or SCIMDIAG_DB) at an existing store"
    case .cannotWrite(let path, let reason):
      return "cannot write \(path): \(reason); check the folder exists and is writable"
    }
  }

  /// The file the error is about, when it is about one.
  package var path: String? {
    switch self {
    case .cannotRead(let p, _), .syntax(let p, _, _, _, _), .unknownShape(let p, _, _), .notText(let p, _),
      .emptyInput(let p), .compressed(let p, _, _), .emptyFolder(let p), .tooLarge(let p, _, _, _),
      .tooDeep(let p, _, _),
      .strictReject(let p, _, _):
      return p
    default: return nil
    }
  }
}
