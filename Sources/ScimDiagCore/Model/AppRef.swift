/// A provisioning app of the tenant: its service principal (the id every export names it by)
/// and its display name.
package struct AppRef: Sendable, Codable, Equatable, Hashable {
  package var id: String
  package var name: String?

  package init(id: String, name: String?) {
    self.id = id
    self.name = name
  }

  /// True when `query` starts the app's name or its id, in any case.
  package func matches(_ query: String) -> Bool {
    let q = query.lowercased()
    return id.lowercased().hasPrefix(q) || (name?.lowercased().hasPrefix(q) ?? false)
  }

  /// `Contoso SCIM (3c1b7e2a-…)`, or the id alone.
  package var label: String { name.map { "\($0) (\(id))" } ?? id }
}
