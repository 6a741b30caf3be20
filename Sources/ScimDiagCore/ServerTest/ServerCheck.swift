import ScimDiagParsing

/// One check of `scimdiag test-server`: what Entra needs from the app's SCIM endpoint when it
/// deprovisions, the cause from the catalog a failure produces in production, and the fix.
package struct ServerCheck: Sendable, Codable, Equatable {
  package var id: String
  package var title: String
  /// nil when the check could not run (an earlier step it needs failed).
  package var passed: Bool?
  /// What was found, in words.
  package var detail: String
  /// The exchanges it rests on (numbers in the report's exchange list, from 1).
  package var evidence: [Int]
  /// The cause in docs/rules.md a failure produces in production.
  package var cause: String
  package var fix: String

  /// The checks, in the order they run.
  package static let catalog: [ServerCheck] = [
    .init(
      "probe-empty", "A filter that matches nobody gives 200 and an empty ListResponse (Entra's probe)",
      cause: "job-not-running",
      fix:
        "Answer GET /Users?filter=userName eq \"<unknown>\" with 200 and {\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":0,\"Resources\":[]}; a 404 or an error here fails Test Connection and can quarantine the job."
    ),
    .init(
      "create", "POST /Users with Entra's body creates the user (201, an id, active true)",
      cause: "never-provisioned",
      fix:
        "Accept Entra's create body: the core and enterprise User schemas, externalId, userName, active, emails, name, roles and meta; answer 201 with the resource and its id."
    ),
    .init(
      "filter-exact", "userName eq \"…\" returns exactly the user with that userName", cause: "filter-not-honored",
      fix:
        "Implement the eq filter on userName: return only the matching users (totalResults 1 here), never every user."
    ),
    .init(
      "filter-case", "userName eq matches in any letter case", cause: "target-not-found",
      fix:
        "Compare userName case-insensitively (RFC 7643 makes it caseExact false); Entra may send another casing than the one stored."
    ),
    .init(
      "filter-special", "A userName with an apostrophe and a plus sign is created and found by its filter",
      cause: "target-not-found",
      fix:
        "URL-decode the query once (Entra sends spaces as +, and ' and + percent-encoded), and accept ' and + inside the quoted filter value."
    ),
    .init(
      "patch-string-false", "PATCH {\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"} disables the user",
      cause: "patch-not-applied",
      fix:
        "Accept op in any case and the strings \"True\"/\"False\" for boolean attributes (what Entra sends by default), or append ?aadOptscim062020 to the tenant URL in Entra so it sends lowercase ops and real booleans."
    ),
    .init(
      "patch-boolean-false", "PATCH {\"op\":\"replace\",\"path\":\"active\",\"value\":false} disables the user",
      cause: "patch-not-applied",
      fix:
        "Accept a JSON boolean for active (what Entra sends with ?aadOptscim062020 and in its current documentation)."
    ),
    .init(
      "inactive-found", "An inactive user is still returned by the userName filter", cause: "target-not-found",
      fix:
        "Return inactive users from GET and filters; only a deleted user may be missing. Entra matches users by filter before it updates them."
    ),
    .init(
      "unknown-id-404", "GET and PATCH of an unknown id answer 404", cause: "none",
      fix:
        "Answer 404 with a SCIM Error body for an id the server does not have. Answering 200 or 204 makes Entra log its disable of a user the app no longer has as delivered (`none`), so nobody learns the user is gone from the app."
    ),
    .init(
      "delete", "DELETE /Users/{id} answers 204 and a later GET answers 404", cause: "request-failed",
      fix:
        "Delete the user on DELETE and answer 204; a later GET must answer 404. Entra sends DELETE after a hard delete of a managed user."
    ),
    .init(
      "scim-valid", "Answers are valid SCIM: schemas on resources, list responses and errors", cause: "request-failed",
      fix:
        "Put schemas on every answer: the User schema on resources, ListResponse on lists, and Error (with status as a string) on errors."
    ),
  ]

  init(_ id: String, _ title: String, cause: String, fix: String) {
    self.id = id
    self.title = title
    passed = nil
    detail = "not run"
    evidence = []
    self.cause = cause
    self.fix = fix
  }

  /// The link to the cause's entry in the rule catalog.
  package var causeLink: String { "docs/rules.md#cause-\(cause)" }
}
