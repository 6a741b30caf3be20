/// A provisioning app of the tenant: its service principal (the id every export names it by)
/// and its display name.
package struct AppRef: Sendable, Codable, Equatable, Hashable {
  package var id: String
  package var name: String?

  package init(id: String, name: String?) {
    self.id = id
    self.name = name
  }

  /// True when `query` starts the app's id, its name or a word of its name, in any case
  /// (`3c1b`, `contoso s`, `hr`).
  package func matches(_ query: String) -> Bool {
    let q = query.lowercased()
    guard !q.isEmpty else { return false }
    if id.lowercased().hasPrefix(q) { return true }
    guard let name = name?.lowercased() else { return false }
    return name.hasPrefix(q) || name.split(separator: " ").contains { $0.hasPrefix(q) }
  }

  /// `Contoso SCIM (3c1b7e2a-…)`, or the id alone.
  package var label: String { name.map { "\($0) (\(id))" } ?? id }
}
