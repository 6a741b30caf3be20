import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

struct Apps: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the provisioning apps in the store and what it holds of each.",
    discussion: """
      A tenant's provisioning log holds every app's job at once. Each app is named by its \
      service principal; findings are per (trigger, app) when the store holds several. The SCIM \
      request log is attributed to the app whose provisioning events name the SCIM ids it uses; \
      when that is ambiguous, findings say so.
      """)

  @OptionGroup var store: StoreOptions

  @OptionGroup var output: TextOrJSON

  func run() throws {
    try StoreSession.run {
      let apps = try Explainer(store: StoreSession(store).store).appSummaries()
      if output.json {
        print(try JSONOutput.encode(apps))
        return
      }
      print(ExplainRenderer.appsText(apps))
    }
  }
}
