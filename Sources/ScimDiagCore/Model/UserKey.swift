import ScimDiagParsing

/// A value that ties records to a user (reference §6.1). Names are compared folded to lower
/// case, object ids too; SCIM ids are kept as the server wrote them.
package enum UserKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// Entra object id: `sourceIdentity.id`, import-step `objectId`, audit User targets.
  case objectId(String)
  /// The app's SCIM resource id: `targetIdentity.id`, matching-step `id`, `/Users/{id}`.
  case scimId(String)
  /// A UPN, `userName`, `externalId`, mail or mail nickname.
  case name(String)
  /// A display name (only for finding a user, never for linking records).
  case displayName(String)

  /// Normalised constructors: nil for empty values.
  package static func from(objectId v: String?) -> UserKey? {
    guard let v, !v.isEmpty else { return nil }
    return .objectId(v.lowercased())
  }

  package static func from(scimId v: String?) -> UserKey? {
    guard let v, !v.isEmpty else { return nil }
    return .scimId(v)
  }

  package static func from(name v: String?) -> UserKey? {
    guard let v = v?.trimmingSpaces, !v.isEmpty else { return nil }
    return .name(v.lowercased())
  }

  /// The column value of `user_keys.kind` (a public interface: docs/schema.md).
  package var kind: String {
    switch self {
    case .objectId: return "oid"
    case .scimId: return "scim"
    case .name: return "name"
    case .displayName: return "display"
    }
  }

  package var value: String {
    switch self {
    case .objectId(let v), .scimId(let v), .name(let v), .displayName(let v): return v
    }
  }

  /// The reverse of `kind`/`value`, for rows read from the store.
  package init?(kind: String, value: String) {
    switch kind {
    case "oid": self = .objectId(value)
    case "scim": self = .scimId(value)
    case "name": self = .name(value)
    case "display": self = .displayName(value)
    default: return nil
    }
  }

  /// The words used when telling a reader how a record was linked.
  package var label: String {
    switch self {
    case .objectId: return "object id"
    case .scimId: return "SCIM id"
    case .name: return "name"
    case .displayName: return "display name"
    }
  }

  /// `kind: value`, as `explain` prints the keys that link a user.
  package var description: String { "\(kind): \(value)" }

  package static func < (a: UserKey, b: UserKey) -> Bool { (a.kind, a.value) < (b.kind, b.value) }

  package init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    let parts = text.split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces }
    guard parts.count == 2, let key = UserKey(kind: parts[0], value: parts[1]) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a user key"))
    }
    self = key
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}
