import ArgumentParser
import ScimDiagParsing

/// Every output format a command can write; each command accepts the ones it lists.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
  case markdown
  case html

  /// Each command's help names the formats it writes (`help(_:)`), not all four.
  static var allValueStrings: [String] { [] }

  /// `--format`'s help for a command that writes `formats`.
  static func help(_ formats: [OutputFormat]) -> ArgumentHelp {
    let names = formats.map(\.rawValue)
    let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names[0]
    return ArgumentHelp("Output format: \(list).", valueName: "format")
  }

  /// Refuses a format the command does not write, naming the ones it does.
  func check(_ formats: [OutputFormat]) throws {
    guard formats.contains(self) else {
      throw ValidationError(
        "this command does not write \(rawValue); use --format \(formats.map(\.rawValue).joined(separator: "|"))")
    }
  }
}
