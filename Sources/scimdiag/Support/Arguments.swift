import ArgumentParser
import ScimDiagCore
import ScimDiagParsing

// Core values given on the command line: ArgumentParser checks them and lists the valid ones.

extension RecordKind: ExpressibleByArgument {}

extension Outcome: ExpressibleByArgument {}

/// A cause of the rule catalog, by its identifier.
struct CauseArgument: ExpressibleByArgument {
  var id: String

  init?(argument: String) {
    guard RuleCatalog.rule(argument) != nil else { return nil }
    id = argument
  }

  static var allValueStrings: [String] { RuleCatalog.rules.map(\.description.id) }
}
