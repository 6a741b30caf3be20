import ArgumentParser
import ScimDiagCore

/// A cause of the rule catalog, by its identifier.
struct CauseArgument: ExpressibleByArgument {
  var id: String

  init?(argument: String) {
    guard RuleCatalog.rule(argument) != nil else { return nil }
    id = argument
  }

  static var allValueStrings: [String] { RuleCatalog.rules.map(\.description.id) }
}
