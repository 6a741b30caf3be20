import ScimDiagParsing

/// Normalises Entra enum values to lowercase names whatever the input casing or numeric code.
package enum EnumNormalizer {
  /// `provisioningStepType` numeric codes seen in diagnostic-settings exports.
  package static let stepTypes = [
    "0": "import", "1": "scoping", "2": "matching", "3": "processing", "4": "referenceresolution", "5": "export",
  ]
  /// `provisioningResult` numeric codes.
  package static let results = ["0": "success", "1": "failure", "2": "skipped", "3": "warning"]

  /// Lowercased name, or the mapped name for a numeric code; nil for missing or empty input.
  package static func normalize(_ value: JSONValue?, codes: [String: String] = [:]) -> String? {
    guard let text = value?.nonEmptyText else { return nil }
    if let mapped = codes[text] { return mapped }
    return text.lowercased()
  }
}
