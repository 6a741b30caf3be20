import ArgumentParser

/// `--format text|json`, for the listing commands (apps, cycles, rejects, sources).
struct TextOrJSON: ParsableArguments {
  static let formats: [OutputFormat] = [.text, .json]

  @Option(help: OutputFormat.help(formats))
  var format: OutputFormat = .text

  func validate() throws { try format.check(Self.formats) }

  var json: Bool { format == .json }
}
