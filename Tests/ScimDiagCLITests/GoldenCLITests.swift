import Foundation
import Glibc
import Testing

/// Golden runs of the built `scimdiag` binary over samples/: each folder under Cases/ holds
/// `args` (one argument per line; `$DB` is the store of the ingested samples), the expected
/// `stdout`, and `exit` (the status). `SCIMDIAG_RECORD=1` rewrites stdout and exit.
@Suite(.serialized) struct GoldenCLITests {
  static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let packageRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
  static let casesDir = testsDir.appendingPathComponent("Cases")
  /// Where the binary runs: a scratch folder holding a copy of samples/ (so `samples/...`
  /// paths read as in the repository), its configuration files' modification times pinned.
  /// The tests never touch the tracked files.
  static let workRoot: URL = {
    let fm = FileManager.default
    let root = Scratch.root.appendingPathComponent("scimdiag-golden-" + UUID().uuidString)
    let copy = root.appendingPathComponent("samples")
    do {
      try fm.createDirectory(at: root, withIntermediateDirectories: true)
      try fm.copyItem(at: packageRoot.appendingPathComponent("samples"), to: copy)
      // The job-configuration samples carry no export time of their own: scimdiag takes the
      // file's modification time, so pin it for reproducible output.
      let config = copy.appendingPathComponent("job-config")
      for name in try fm.contentsOfDirectory(atPath: config.path) {
        try fm.setAttributes(
          [.modificationDate: Date(timeIntervalSince1970: 1_772_469_000)],
          ofItemAtPath: config.appendingPathComponent(name).path)
      }
      // What the error cases read: an empty folder, a gzip file, a log with one bad line,
      // and a folder reached through a symbolic link.
      try fm.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
      try fm.createDirectory(at: root.appendingPathComponent("odd"), withIntermediateDirectories: true)
      try Data([0x1F, 0x8B, 0x08, 0x00, 0x00]).write(to: root.appendingPathComponent("odd/requests.jsonl.gz"))
      let bad = """
        {"timestamp":"2026-03-02T09:00:00Z","method":"GET","url":"/scim/v2/Users?filter=userName%20eq%20%22zed%40contoso.com%22","status":200}
        {"timestamp":"2026-03-02T09:00:01Z","method":"GET", this line is cut off

        """
      try Data(bad.utf8).write(to: root.appendingPathComponent("odd/one-bad-line.jsonl"))
      try fm.createSymbolicLink(
        atPath: root.appendingPathComponent("link-to-samples").path, withDestinationPath: "samples")
    } catch {
      Issue.record("cannot copy samples/: \(error)")
    }
    return root
  }()

  /// The binary SwiftPM built next to the test bundle.
  static var binary: URL {
    var dir = Bundle.main.bundleURL
    if dir.pathExtension == "xctest" { dir.deleteLastPathComponent() }
    for _ in 0..<3 {
      let candidate = dir.appendingPathComponent("scimdiag")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir.deleteLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/scimdiag")
  }

  struct Run {
    var stdout: String
    var stderr: String
    var status: Int32
  }

  /// Runs the binary with `args`, or `wrapper` (a command whose last word is a binary) with them.
  static func run(_ args: [String], stdin: URL? = nil, through wrapper: [String] = []) throws -> Run {
    let p = Process()
    if let tool = wrapper.first {
      // The wrapper's last word is the binary to run.
      p.executableURL = URL(fileURLWithPath: tool)
      p.arguments = Array(wrapper.dropFirst()) + args
    } else {
      p.executableURL = binary
      p.arguments = args
    }
    p.currentDirectoryURL = workRoot
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env.removeValue(forKey: "SCIMDIAG_DB")
    p.environment = env
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    if let stdin { p.standardInput = try FileHandle(forReadingFrom: stdin) }
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Run(
      stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self),
      status: p.terminationStatus)
  }

  static func sampleStore() throws -> String {
    let db = Scratch.root.appendingPathComponent("scimdiag-golden-\(UUID().uuidString).db")
      .path
    let r = try run(["ingest", "--quiet", "--db", db, "samples"])
    #expect(r.status == 0, "ingest samples failed: \(r.stderr)")
    return db
  }

  static var caseNames: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: casesDir.path)) ?? []).sorted()
  }

  @Test("golden CLI case", arguments: caseNames)
  func golden(name: String) throws {
    let dir = Self.casesDir.appendingPathComponent(name)
    let db = try Self.sampleStore()
    defer { try? FileManager.default.removeItem(atPath: db) }
    let args = try String(contentsOf: dir.appendingPathComponent("args"), encoding: .utf8)
      .split(separator: "\n").map { $0 == "$DB" ? db : String($0) }
    let r = try Self.run(args)
    let expectedOut = dir.appendingPathComponent("stdout")
    let expectedExit = dir.appendingPathComponent("exit")
    // Cases with a `stderr` file check the message too (the store's random path reads $DB).
    let expectedErr = dir.appendingPathComponent("stderr")
    let checksStderr = FileManager.default.fileExists(atPath: expectedErr.path)
    let stderr = r.stderr.replacingOccurrences(of: db, with: "$DB")
    if ProcessInfo.processInfo.environment["SCIMDIAG_RECORD"] == "1" {
      try r.stdout.write(to: expectedOut, atomically: true, encoding: .utf8)
      try "\(r.status)\n".write(to: expectedExit, atomically: true, encoding: .utf8)
      if checksStderr { try stderr.write(to: expectedErr, atomically: true, encoding: .utf8) }
      return
    }
    #expect(
      r.stdout == (try String(contentsOf: expectedOut, encoding: .utf8)),
      "\(name): stdout differs (stderr: \(r.stderr))")
    #expect("\(r.status)\n" == (try String(contentsOf: expectedExit, encoding: .utf8)), "\(name): exit status")
    if checksStderr {
      #expect(stderr == (try String(contentsOf: expectedErr, encoding: .utf8)), "\(name): stderr differs")
    }
  }

  /// The README's first set-up command, as a newcomer pastes it, run on a copy of samples/
  /// with the built binary standing in for `swift run scimdiag`; the default store lands in
  /// the copy's folder.
  @Test func theReadmeFirstCommandWorksOnACopy() throws {
    let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let setUp = try #require(readme.components(separatedBy: "## Set up").dropFirst().first)
    let blocks = setUp.components(separatedBy: "```sh\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
    #expect(blocks.count >= 2, "two set-up commands")
    let first = try #require(blocks.first)
    let commands = first.components(separatedBy: " && ")
    #expect(commands.count >= 2)
    let store = Self.workRoot.appendingPathComponent("scimdiag.db").path
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) } }
    var outputs: [String] = []
    for command in commands {
      let words = command.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
      #expect(Array(words.prefix(3)) == ["swift", "run", "scimdiag"], "\(command)")
      let r = try Self.run(Array(words.dropFirst(3)))
      #expect(r.status == 0, "\(command): \(r.stderr)")
      outputs.append(r.stdout)
    }
    #expect(FileManager.default.fileExists(atPath: store), "the default store is in the working folder")
    #expect(outputs.last?.contains("patch-not-applied") == true, "the README's explanation of heidi")
    #expect(blocks[1].hasPrefix("swift test"), "the second command runs the tests")
  }

  @Test func aStoreWithNoRecordsSaysToIngest() throws {
    let db = Scratch.root.appendingPathComponent("scimdiag-empty-\(UUID().uuidString).db")
      .path
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) } }
    #expect(try Self.run(["config", "--db", db, "--set", "SyncAll=False"]).status == 0)
    for command in [["users"], ["explain", "heidi@contoso.com"], ["report"]] {
      let r = try Self.run(command + ["--db", db])
      #expect(r.status == 1, "\(command)")
      #expect(
        r.stderr.contains("error: the store \(db) holds no records; run `scimdiag ingest <files or folders>` first"))
    }
  }

  @Test func anIngestThatStoresNothingLeavesNoStoreBehind() throws {
    let db = Scratch.root.appendingPathComponent("scimdiag-none-\(UUID().uuidString).db").path
    let r = try Self.run(["ingest", "--quiet", "--db", db, "odd/requests.jsonl.gz"])
    #expect(r.status == 1)
    #expect(!FileManager.default.fileExists(atPath: db))
  }

  /// A store the reader may not write is opened read-only and answers what it holds. As root
  /// (CI) the file's mode does not stop writes, so the commands run as nobody.
  @Test func aReadOnlyStoreIsRead() throws {
    let dir = Scratch.root.appendingPathComponent("scimdiag-ro-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("s.db").path
    #expect(try Self.run(["ingest", "--quiet", "--db", db, "samples"]).status == 0)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path) }
    var asNobody = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
    if !asNobody.isEmpty {
      if !FileManager.default.isExecutableFile(atPath: asNobody[0]) { return }
      // nobody may not reach the clone's build folder: run a copy of the binary from here.
      let copy = dir.appendingPathComponent("scimdiag").path
      try FileManager.default.copyItem(atPath: Self.binary.path, toPath: copy)
      asNobody += [copy]
    }
    for command in [["users"], ["explain", "heidi@contoso.com"], ["report", "--user", "heidi@contoso.com"]] {
      let r = try Self.run(command + ["--db", db], through: asNobody)
      #expect(r.status == 0, "\(command): \(r.stderr)")
      #expect(r.stdout.contains("heidi@contoso.com"), "\(command)")
    }
  }

  /// The shell completion scripts ask the binary for user names; it reads them from the
  /// store the command line names.
  @Test func userNamesCompleteFromTheStore() throws {
    let db = try Self.sampleStore()
    defer { try? FileManager.default.removeItem(atPath: db) }
    let r = try Self.run(
      ["---completion", "explain", "--", "positional@0", "4", "2", "scimdiag", "explain", "--db", db, "he"])
    #expect(r.stdout == "heidi@contoso.com\n", "\(r.stderr)")
    let script = try Self.run(["--generate-completion-script", "bash"])
    #expect(script.status == 0)
    #expect(script.stdout.contains("---completion explain -- positional@0"))
  }

  @Test func unknownUserSuggestsClosestAndFails() throws {
    let db = try Self.sampleStore()
    defer { try? FileManager.default.removeItem(atPath: db) }
    let r = try Self.run(["explain", "--db", db, "heidy@contoso.com"])
    #expect(r.status == 1)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("no user matches 'heidy@contoso.com'; closest known users:\n  heidi@contoso.com"))
  }

  /// ingest ends by linking and diagnosing, so the first users recomputes nothing; with
  /// --no-analyze the first users does it.
  @Test func usersAfterIngestDoesNotRecompute() throws {
    for analyze in [true, false] {
      let db = Scratch.root.appendingPathComponent("scimdiag-analyze-\(UUID().uuidString).db")
        .path
      defer { try? FileManager.default.removeItem(atPath: db) }
      let ingest = try Self.run(["ingest", "--db", db, "samples/"] + (analyze ? [] : ["--no-analyze"]))
      #expect(ingest.status == 0)
      #expect(ingest.stderr.contains("diagnosing every user") == analyze, "\(ingest.stderr)")
      let users = try Self.run(["users", "--db", db])
      #expect(users.status == 0)
      #expect(users.stderr.contains("linking records") == !analyze, "\(users.stderr)")
    }
  }

  @Test func standardInputIsIngested() throws {
    let db = Scratch.root.appendingPathComponent("scimdiag-stdin-\(UUID().uuidString).db")
      .path
    defer { try? FileManager.default.removeItem(atPath: db) }
    let r = try Self.run(
      ["ingest", "--db", db, "-"], stdin: Self.workRoot.appendingPathComponent("samples/entra/audit-graph-page.json")
    )
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("-: audit-graph (graph-page, utf-8): 14 read, 14 new, 0 already present, 0 rejected\n"))
  }

  @Test func explainJSONIsDeterministicWhateverTheIngestOrder() throws {
    let a = Scratch.root.appendingPathComponent("scimdiag-a-\(UUID().uuidString).db").path
    let b = Scratch.root.appendingPathComponent("scimdiag-b-\(UUID().uuidString).db").path
    defer {
      try? FileManager.default.removeItem(atPath: a)
      try? FileManager.default.removeItem(atPath: b)
    }
    _ = try Self.run(["ingest", "-q", "--db", a, "samples/entra", "samples/app"])
    _ = try Self.run([
      "ingest", "-q", "--db", b, "samples/app", "samples/entra/provisioning-eventhub.jsonl", "samples/entra",
    ])
    for user in ["bob@contoso.com", "oscar@contoso.com"] {
      let first = try Self.run(["explain", "--db", a, user, "--format", "json"])
      let again = try Self.run(["explain", "--db", a, user, "--format", "json"])
      let other = try Self.run(["explain", "--db", b, user, "--format", "json"])
      #expect(first.stdout == again.stdout)
      #expect(first.stdout == other.stdout, "\(user): output depends on ingest order")
    }
  }

  @Test func helpTeachesTheFormats() throws {
    let r = try Self.run(["ingest", "--help"])
    for phrase in ["diagnostic-settings", "Log Analytics", "NCSA", "HAR", "UTF-16", "scimdiag rejects", "Exit status"] {
      #expect(r.stdout.contains(phrase), "ingest --help lacks \(phrase)")
    }
  }
}
