import ArgumentParser
import ScimDiagCore
import ScimDiagParsing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@main
struct ScimDiag: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scimdiag",
    abstract: "Explain why a user's deprovisioning never reached a SCIM app.",
    discussion: """
      scimdiag joins three sources that each tell part of the story: Entra ID's provisioning \
      logs, Entra's audit logs, and the SCIM server's own request log. Ingest them into one \
      SQLite store, then ask about a user or the whole tenant.

      Start with:
        scimdiag ingest exports/          # every file in the folder, formats detected
        scimdiag rejects                  # anything that could not be read
        scimdiag users                    # every user: latest trigger, outcome, cause
        scimdiag explain alice@contoso.com
      """,
    version: ScimDiagVersion.current,
    subcommands: [
      Ingest.self, Explain.self, Users.self, Report.self, Apps.self, Config.self, Cycles.self, Rules.self, Rejects.self,
      Sources.self,
    ]
  )
}
