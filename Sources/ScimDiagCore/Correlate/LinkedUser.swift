import ScimDiagParsing

/// A user found by the identity graph: its identity (numbered in label order) and the records
/// tied to it. The identity's fields read through (`user.label`).
@dynamicMemberLookup
package struct LinkedUser: Sendable, Equatable {
  package var identity: UserIdentity
  package var records: [LinkedRecord]

  package subscript<T>(dynamicMember keyPath: KeyPath<UserIdentity, T>) -> T { identity[keyPath: keyPath] }
}
