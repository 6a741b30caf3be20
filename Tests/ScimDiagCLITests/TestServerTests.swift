import Foundation
import Testing

/// `scimdiag test-server` against a small SCIM server on loopback (Helpers/scim_test_server.py,
/// started and stopped here) with one defect switched on at a time: each defect must fail its
/// check and only it; the compliant server must pass every check.
@Suite(.serialized) struct TestServerTests {
  static let helper = GoldenCLITests.testsDir.appendingPathComponent("Helpers/scim_test_server.py")
  static let token = "s3cr3t-" + UUID().uuidString

  /// The helper server, listening on 127.0.0.1; it stops when its stdin closes.
  final class Server {
    let process = Process()
    let stdin = Pipe()
    let port: Int

    init(defect: String?, token: String = TestServerTests.token) throws {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments =
        ["python3", TestServerTests.helper.path, "--token", token] + (defect.map { ["--defect", $0] } ?? [])
      let out = Pipe()
      process.standardOutput = out
      process.standardInput = stdin
      try process.run()
      var line = Data()
      while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
        line += byte
      }
      port = Int(String(decoding: line, as: UTF8.self)) ?? 0
    }

    var url: String { "http://127.0.0.1:\(port)/scim/v2" }

    deinit {
      try? stdin.fileHandleForWriting.close()
      process.waitUntilExit()
    }
  }

  struct Outcome {
    var run: GoldenCLITests.Run
    var failed: [String]
    var checks: [String: Any]
  }

  static func test(_ url: String, extra: [String] = []) throws -> Outcome {
    setenv("SCIMDIAG_TEST_TOKEN", token, 1)
    let run = try GoldenCLITests.run(
      ["test-server", url, "--token-env", "SCIMDIAG_TEST_TOKEN", "--format", "json", "--timeout", "5"] + extra)
    let json = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any] ?? [:]
    let checks = json["checks"] as? [[String: Any]] ?? []
    let failed = checks.filter { $0["passed"] as? Bool == false }.compactMap { $0["id"] as? String }
    return Outcome(
      run: run, failed: failed,
      checks: Dictionary(uniqueKeysWithValues: checks.compactMap { c in (c["id"] as? String).map { ($0, c) } }))
  }

  @Test func aCompliantServerPassesEveryCheck() throws {
    let server = try Server(defect: nil)
    let r = try Self.test(server.url)
    #expect(r.run.status == 0, "\(r.run.stdout) \(r.run.stderr)")
    #expect(r.failed.isEmpty)
    #expect(r.checks.count == 11)
    #expect(r.checks.values.allSatisfy { ($0 as? [String: Any])?["passed"] as? Bool == true })
  }

  static let defects: [(String, String)] = [
    ("probe-404", "probe-empty"), ("ignore-filter", "filter-exact"), ("case-sensitive", "filter-case"),
    ("apostrophe-400", "filter-special"), ("plus-as-space", "filter-special"),
    ("string-false-ignored", "patch-string-false"), ("boolean-false-ignored", "patch-boolean-false"),
    ("inactive-hidden", "inactive-found"), ("unknown-id-200", "unknown-id-404"), ("delete-noop", "delete"),
    ("no-schemas", "scim-valid"),
  ]

  @Test("each defect fails its check, and only it", arguments: defects)
  func eachDefectFailsItsCheck(defect: String, check: String) throws {
    let server = try Server(defect: defect)
    let r = try Self.test(server.url)
    #expect(r.failed == [check], "\(defect): \(r.run.stdout)")
    #expect(r.run.status == 1)
  }

  @Test func theFailureNamesTheCauseAndTheFix() throws {
    let server = try Server(defect: "string-false-ignored")
    setenv("SCIMDIAG_TEST_TOKEN", Self.token, 1)
    let r = try GoldenCLITests.run(["test-server", server.url, "--token-env", "SCIMDIAG_TEST_TOKEN"])
    #expect(r.status == 1)
    #expect(r.stdout.contains("FAIL  patch-string-false"))
    #expect(r.stdout.contains("in production  patch-not-applied"))
    #expect(r.stdout.contains("docs/rules.md#cause-patch-not-applied"))
    #expect(r.stdout.contains("?aadOptscim062020"))
    #expect(r.stdout.contains("\"value\":\"False\""), "the evidence shows the request")
  }

  @Test func theTokenIsNeverPrintedLoggedOrStored() throws {
    let server = try Server(defect: "string-false-ignored")
    let dir = Scratch.root.appendingPathComponent("scimdiag-ts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let tokenFile = dir.appendingPathComponent("token").path
    try (Self.token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
    let log = dir.appendingPathComponent("exchange.jsonl").path
    var outputs: [String] = []
    for format in ["text", "json", "markdown"] {
      let r = try GoldenCLITests.run(
        ["test-server", server.url, "--token-file", tokenFile, "--format", format]
          + (format == "text" ? ["--log", log] : []))
      #expect(r.status == 1)
      outputs += [r.stdout, r.stderr]
    }
    let logText = try String(contentsOfFile: log, encoding: .utf8)
    #expect(logText.split(separator: "\n").count >= 17)
    let db = dir.appendingPathComponent("s.db").path
    let ingest = try GoldenCLITests.run(["ingest", "--quiet", "--db", db, log])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    #expect(ingest.stdout.contains("scim-json"))
    let store = try Data(contentsOf: URL(fileURLWithPath: db))
    for text in outputs + [logText, String(decoding: store, as: UTF8.self)] {
      #expect(!text.contains(Self.token))
      #expect(!text.contains("s3cr3t"))
    }
  }

  @Test func anUnreachableEndpointOrARefusedTokenSaysSoAndExits2() throws {
    // A port nothing listens on: one the helper had, after it stopped.
    var closed = 0
    do {
      let s = try Server(defect: nil)
      closed = s.port
    }
    let unreachable = try Self.test("http://127.0.0.1:\(closed)/scim/v2")
    #expect(unreachable.run.status == 2)
    #expect(unreachable.run.stdout.contains("cannot reach http://127.0.0.1:\(closed)/scim/v2"))
    let server = try Server(defect: nil, token: "another-token")
    let refused = try Self.test(server.url)
    #expect(refused.run.status == 2)
    #expect(refused.run.stdout.contains("the endpoint refused the token (HTTP 401"))
  }

  @Test func aDryRunSendsNothingAndListsTheRequests() throws {
    let server = try Server(defect: nil)
    let r = try GoldenCLITests.run(["test-server", server.url, "--dry-run"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("dry run: nothing was sent"))
    #expect(r.stdout.contains("PATCH /Users/{id-1}"))
    #expect(r.stdout.contains("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
    // The helper saw nothing: a real request without the token would have been refused, but
    // none was sent, so a run with the right token still starts from an empty server.
    let after = try Self.test(server.url)
    #expect(after.failed.isEmpty)
  }

  @Test func theTokenMustNotComeFromTheCommandLine() throws {
    let r = try GoldenCLITests.run(["test-server", "http://127.0.0.1:9/scim/v2"])
    #expect(r.status == 64)
    #expect(r.stderr.contains("give the bearer token with --token-file FILE or --token-env NAME"))
  }
}
