import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

@Suite struct MappingExpressionTests {
  static let deleted = ["IsSoftDeleted": "True"]
  static let active = ["IsSoftDeleted": "False"]

  @Test(
    "real active mappings",
    arguments: [
      // Entra's default for SCIM apps.
      (#"Switch([IsSoftDeleted], , "False", "True", "True", "False")"#, "False", "True"),
      // Graph's schema examples.
      ("Not([IsSoftDeleted])", "False", "True"),
      // A constant: never deprovisions.
      (#""True""#, "True", "True"),
      // Switch with the keys the wrong way round: disables active users, enables deleted ones.
      (#"Switch([IsSoftDeleted], , "True", "True", "False", "False")"#, "True", "False"),
      (#"IIF([IsSoftDeleted], "False", "True")"#, "False", "True"),
      (#"CStr(Not(CBool([IsSoftDeleted])))"#, "False", "True"),
      (#"IIF(IsNullOrEmpty([IsSoftDeleted]), "True", Not([IsSoftDeleted]))"#, "False", "True"),
    ])
  func activeMappings(expression: String, forDeleted: String, forActive: String) throws {
    let e = try MappingExpression.parse(expression)
    #expect(try e.evaluate(Self.deleted) == forDeleted)
    #expect(try e.evaluate(Self.active) == forActive)
  }

  @Test func stringFunctions() throws {
    let attrs = ["userPrincipalName": "Alice@Contoso.com", "mailNickname": "alice", "mail": ""]
    func eval(_ s: String) throws -> String? { try MappingExpression.parse(s).evaluate(attrs) }
    #expect(try eval("ToLower([userPrincipalName])") == "alice@contoso.com")
    #expect(try eval("ToUpper([mailNickname], \"en-US\")") == "ALICE")
    #expect(try eval("Coalesce([mail], [mailNickname])") == "alice")
    #expect(try eval(#"Join("@", [mailNickname], "fabrikam.com")"#) == "alice@fabrikam.com")
    #expect(try eval(#"Append([mailNickname], "@fabrikam.com")"#) == "alice@fabrikam.com")
    #expect(try eval(#"Replace([userPrincipalName], "@Contoso.com", , , "@fabrikam.com", , )"#) == "Alice@fabrikam.com")
    #expect(try eval("IsPresent([mail])") == "False")
    #expect(try eval("IsNull([missing])") == "True")
  }

  @Test func malformedExpressionsGiveTheColumn() {
    let cases: [(String, Int, String)] = [
      (#"Switch([IsSoftDeleted], , "False", "True""#, 42, "expected ',' or ')' in the arguments of Switch"),
      (#"Not([IsSoftDeleted)"#, 5, "expected ']' to close the attribute name"),
      (#"Switch([IsSoftDeleted], , "False)"#, 27, "expected '\"' to close the string"),
      ("Not([IsSoftDeleted]) extra", 22, "expected the end of the expression, found 'e'"),
      ("IsSoftDeleted", 1, "expected '(' after the function name IsSoftDeleted, or quotes around a constant"),
    ]
    for (text, column, message) in cases {
      #expect(throws: MappingExpression.ParseError(column: column, message: message), "\(text)") {
        try MappingExpression.parse(text)
      }
    }
  }

  @Test func theMatchingMappingIsEvaluatedForAnExampleUser() {
    #expect(
      JobConfig.matchingExample("userName", "ToLower([userPrincipalName])")
        == " (a user with userPrincipalName Alice.Smith@contoso.com is looked up as userName eq \"alice.smith@contoso.com\")"
    )
    #expect(
      JobConfig.matchingExample("externalId", "[employeeId]")
        == " (gives no value for a typical user: matching cannot find anyone)")
    #expect(
      JobConfig.matchingExample("userName", "Frobnicate([mail])").hasPrefix(
        " (cannot be evaluated: unknown function Frobnicate"))
  }

  @Test func unknownFunctionsAreNamedNotGuessed() throws {
    let e = try MappingExpression.parse("FormatDateTime([IsSoftDeleted], , \"yyyy\")")
    #expect(throws: MappingExpression.EvaluationError.unknownFunction("FormatDateTime")) {
      try e.evaluate(Self.deleted)
    }
    #expect(throws: MappingExpression.EvaluationError.self) { try MappingExpression.parse("Not()").evaluate([:]) }
  }

  @Test func schemaAnalysisStatesTheConsequences() throws {
    let schema = try JSONValue.parse(
      #"{"synchronizationRules":[{"objectMappings":[{"name":"Users","enabled":true,"flowTypes":"Add, Update","sourceObjectName":"User","targetObjectName":"User","attributeMappings":[{"targetAttributeName":"userName","matchingPriority":1,"source":{"type":"Attribute","name":"userPrincipalName"}},{"targetAttributeName":"active","source":{"type":"Constant","name":"True"}}]}]}]}"#
    )
    let config = JobConfig(
      exportedAt: "2026-03-02T00:00:00.0000000Z", source: "x", mappings: JobConfig.mappings(fromSchema: schema),
      settings: ["SyncAll": "True"])
    #expect(
      config.consequences == [
        #"! active ← "True" gives True for a soft-deleted user and True for an active one: disables compute no change (RedundantExport)"#,
        "! hard deletes are never sent: Delete is not among the target object actions",
        "users are matched on userName ← [userPrincipalName] (a user with userPrincipalName Alice.Smith@contoso.com is looked up as userName eq \"Alice.Smith@contoso.com\")",
        "! scope is 'Sync all users and groups': unassigning a user does not take them out of scope",
      ])
  }

  @Test func jobSecretsAreNeverStoredButKept() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    #expect(
      ingest([TestPaths.samples.appendingPathComponent("job-config").path], store: store).map(\.counts) == [
        "1/1/0/0", "4/4/0/0",
      ])
    let settings = try store.query("SELECT name, value FROM job_configs WHERE kind = 'setting' ORDER BY name")
    #expect(
      settings == [
        ["BaseAddress", "REDACTED"], ["SecretToken", "REDACTED"], ["SkipOutOfScopeDeletions", "True"],
        ["SyncAll", "False"],
      ])
    let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.path("s.db")))
    #expect(bytes.range(of: Data("sample-secret-token-7f3a9c1e0b2d4e6f".utf8)) == nil)
  }
}

@Suite struct ConfigSnapshotTests {
  @Test func snapshotsOverTimeShowWhatChanged() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    try store.load(
      try ExampleTenant.records([
        "07:00 config active=Not([IsSoftDeleted])", "09:00 config active=\"True\"",
        "10:00 config SkipOutOfScopeDeletions=True",
      ]), files: ["a"])
    let configs = try store.jobConfigs()
    #expect(configs.map { $0.userMapping?.active?.deprovisions } == [true, false, false])
    #expect(configs.map(\.skipOutOfScopeDeletions) == [nil, nil, true])
    let text = ConfigRenderer.text(configs)
    #expect(text.contains("  - a soft-deleted user is sent active=False (active ← Not([IsSoftDeleted]))\n"))
    #expect(
      text.contains(
        "  ! active ← \"True\" gives True for a soft-deleted user and True for an active one: "
          + "disables compute no change (RedundantExport)   (changed)\n"
      ))
    #expect(text.contains("  changed: no longer a soft-deleted user is sent active=False"))
    #expect(
      text.contains(
        "  ! SkipOutOfScopeDeletions is True: users leaving scope (unassigned, removed from the group) "
          + "are not disabled   (changed)"))
  }
}
