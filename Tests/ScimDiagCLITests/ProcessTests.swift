import Foundation
import Glibc
import Testing

/// Real processes: an ingest killed with SIGKILL, and two ingests at once on one store.
@Suite(.serialized) struct ProcessTests {
  let dir = Scratch.root.appendingPathComponent("scimdiag-proc-\(UUID().uuidString)")

  init() throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  }

  /// A portal-style JSON array of `count` provisioning records with ids `prefix-N`.
  func portalFile(_ name: String, prefix: String, count: Int) throws -> String {
    let path = dir.appendingPathComponent(name).path
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    h.write(Data("[".utf8))
    let padding = String(repeating: "x", count: 2000)
    var chunk = ""
    for i in 0..<count {
      if i > 0 { chunk += "," }
      chunk +=
        #"{"id":"\#(prefix)-\#(i)","activityDateTime":"2026-03-02T10:00:00Z","cycleId":"c","changeId":"\#(prefix)-c\#(i)","provisioningAction":"update","provisioningStatusInfo":{"status":"success"},"sourceIdentity":{"id":"u\#(i)","identityType":"User"},"provisioningSteps":[],"modifiedProperties":[{"displayName":"note","oldValue":null,"newValue":"\#(padding)"}]}"#
      if chunk.utf8.count > 1 << 20 {
        h.write(Data(chunk.utf8))
        chunk = ""
      }
    }
    h.write(Data((chunk + "]").utf8))
    try h.close()
    return path
  }

  func sqlite(_ db: String, _ sql: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [
      "python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])", db,
      sql,
    ]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func start(_ args: [String]) throws -> Process {
    let p = Process()
    p.executableURL = GoldenCLITests.binary
    p.arguments = args
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
  }

  /// Ctrl-C while a file is read: the message names it as rolled back and counts what is
  /// kept; the store holds exactly the files before it.
  @Test func ctrlCSaysWhichFileWasRolledBackAndWhatIsKept() throws {
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("s.db").path
    let log = GoldenCLITests.packageRoot.appendingPathComponent("samples/app/scim-requests.jsonl").path
    let p = Process()
    p.executableURL = GoldenCLITests.binary
    p.arguments = ["ingest", "--quiet", "--no-analyze", "--db", db, log, "-"]
    let stdin = Pipe()
    let out = Pipe()
    let err = Pipe()
    p.standardInput = stdin
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // The first file has landed when the store lists it; then the ingest waits on stdin.
    stdin.fileHandleForWriting.write(Data("{\"timestamp\":\"2026-03-02T09:00:00Z\",\"method\":\"GET\",".utf8))
    var waited = 0
    while (try? sqlite(db, "SELECT count(*) FROM sources")) != "1" && waited < 100 {
      usleep(100_000)
      waited += 1
    }
    #expect(waited < 100, "the first file never landed")
    usleep(300_000)
    kill(p.processIdentifier, SIGINT)
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    #expect(p.terminationStatus == 130)
    #expect(
      message.contains(
        "interrupted while reading -: that file was rolled back and is not in the store; the 1 file before it is kept"),
      "\(message)")
    #expect(try sqlite(db, "SELECT count(*) FROM sources") == "1")
    #expect(try sqlite(db, "SELECT count(*) FROM scim_requests") == "55")
  }

  @Test func aKilledIngestLeavesOnlyWholeFilesAndARerunCompletes() throws {
    defer { try? FileManager.default.removeItem(at: dir) }
    let small = try portalFile("a-small.json", prefix: "small", count: 100)
    let big = try portalFile("b-big.json", prefix: "big", count: 40_000)
    let db = dir.appendingPathComponent("s.db").path
    let p = try start(["ingest", "--quiet", "--db", db, small, big])
    // Wait until the big file's transaction is under way, then kill. A file this large is
    // written with a rollback journal (its pages spill into the store file while the journal
    // exists); were the store open elsewhere, its pages would reach the WAL instead.
    func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline && p.isRunning {
      let spilled = FileManager.default.fileExists(atPath: db + "-journal") && size(db) > 8 << 20
      if spilled || size(db + "-wal") > 8 << 20 { break }
      usleep(20_000)
    }
    try #require(p.isRunning, "the ingest finished before it could be killed; make the file bigger")
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    #expect(p.terminationReason == .uncaughtSignal)
    #expect(try sqlite(db, "PRAGMA integrity_check") == "ok")
    let events = try sqlite(db, "SELECT count(*) FROM provisioning_events")
    let sources = try sqlite(db, "SELECT group_concat(path) FROM sources")
    #expect(events == "100", "events: \(events)")
    #expect(sources == small, "sources: \(sources)")
    let rerun = try start(["ingest", "--quiet", "--db", db, small, big])
    rerun.waitUntilExit()
    #expect(rerun.terminationStatus == 0)
    #expect(try sqlite(db, "SELECT count(*) FROM provisioning_events") == "40100")
    #expect(try sqlite(db, "PRAGMA integrity_check") == "ok")
  }

  @Test func twoIngestsAtOnceBothComplete() throws {
    defer { try? FileManager.default.removeItem(at: dir) }
    let one = try portalFile("one.json", prefix: "one", count: 8000)
    let two = try portalFile("two.json", prefix: "two", count: 8000)
    let db = dir.appendingPathComponent("s.db").path
    let a = try start(["ingest", "--quiet", "--db", db, one])
    let b = try start(["ingest", "--quiet", "--db", db, two])
    a.waitUntilExit()
    b.waitUntilExit()
    #expect(a.terminationStatus == 0)
    #expect(b.terminationStatus == 0)
    #expect(try sqlite(db, "SELECT count(*) FROM provisioning_events") == "16000")
    #expect(try sqlite(db, "SELECT count(*) FROM sources") == "2")
  }
}
