import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

struct Config: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the provisioning job's configuration that matters for deprovisioning.",
    discussion: """
      Reads the synchronization schema (GET /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema, \
      the document the portal's schema editor shows) and job settings (the secrets list \
      [{"key","value"}]) ingested with `scimdiag ingest`, and says what they mean: how active \
      is computed for a soft-deleted user, whether updates and deletes are sent, how users are \
      matched, SkipOutOfScopeDeletions and scope. Lines marked ! cannot deprovision. Snapshots \
      exported at different times are listed with what changed.

      Settings not in an export can be stated here, for example:
        scimdiag config --set SkipOutOfScopeDeletions=True --set SyncAll=False
      """)

  @OptionGroup var store: StoreOptions

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Record a job setting (SkipOutOfScopeDeletions, SyncAll, …) as known now.", valueName: "key=value"))
  var settings: [String] = []

  @Option(
    help: ArgumentHelp(
      "The app whose job's configuration to show, or whose job --set describes (a prefix of its name or service principal id).",
      valueName: "app"))
  var app: String?

  static let formats: [OutputFormat] = [.text, .json]

  @Option(help: OutputFormat.help(formats))
  var format: OutputFormat = .text

  func validate() throws {
    try format.check(Self.formats)
    for s in settings where !s.contains("=") {
      throw ValidationError("--set takes KEY=VALUE, for example SkipOutOfScopeDeletions=True; got '\(s)'")
    }
  }

  func run() throws {
    try StoreSession.run {
      let s = try StoreSession(store, create: !settings.isEmpty, needsRecords: false).store
      if !settings.isEmpty {
        let pairs = settings.map { item -> (String, String) in
          let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
          return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        let now = Timestamp.fromEpoch(String(Int(Date().timeIntervalSince1970))) ?? ""
        try s.setJobSettings(pairs, at: now, app: app)
      }
      let session = try StoreSession(store, needsRecords: false)
      let explainer = try Explainer(store: session.store)
      let configs = explainer.configs(for: try session.app(app, among: explainer.apps))
      print(format == .json ? try JSONOutput.encode(configs) : ConfigRenderer.text(configs))
    }
  }
}
