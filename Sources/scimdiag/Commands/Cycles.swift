import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

struct Cycles: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the provisioning cycles the logs show, and the gaps between them.",
    discussion: """
      Cycles come from the provisioning log's cycleId; SCIM requests outside them are grouped \
      into bursts of activity. Entra runs a cycle every 20–40 minutes, once a day in quarantine: \
      a gap of more than an hour is marked.
      """)

  @OptionGroup var store: StoreOptions

  @OptionGroup var output: TextOrJSON

  func run() throws {
    try StoreSession.run {
      let cycles = try StoreSession(store).store.cycles()
      print(output.json ? try JSONOutput.encode(cycles) : ExplainRenderer.cyclesText(cycles))
    }
  }
}
