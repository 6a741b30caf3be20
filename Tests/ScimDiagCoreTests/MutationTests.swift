import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// Mutation testing of every parser: deterministic mutants of every sample, fixture and
/// reference file (truncation at structural boundaries, byte flips, deleted and duplicated
/// lines, wrong encodings, stray BOMs, line-end mixes) either land or fail with a located
/// error; a failed file leaves the store exactly as it was.
@Suite struct MutationTests {
  /// SplitMix64: a small deterministic generator.
  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
  }

  static var inputs: [String] {
    var roots = [TestPaths.samples.path, TestPaths.fixtures.path]
    if FileManager.default.fileExists(atPath: TestPaths.referenceSamples.path) {
      roots.append(TestPaths.referenceSamples.path)
    }
    return Ingestor.expand(roots).files.filter { !$0.hasSuffix(".dat") }
  }

  static func mutants(of data: [UInt8], seed: UInt64) -> [(String, [UInt8])] {
    var rng = Random(state: seed)
    var out: [(String, [UInt8])] = []
    let structural = data.indices.filter { "{}[],:\n\"".utf8.contains(data[$0]) }
    let step = max(1, structural.count / 60)
    for i in stride(from: 0, to: structural.count, by: step) {
      out.append(("truncated at byte \(structural[i])", Array(data[..<structural[i]])))
    }
    for _ in 0..<60 where !data.isEmpty {
      var m = data
      let at = rng.below(m.count)
      m[at] ^= UInt8(1 + rng.below(255))
      out.append(("byte \(at) flipped", m))
    }
    let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    if lines.count > 2 {
      for _ in 0..<min(30, lines.count) {
        let at = rng.below(lines.count)
        var removed = lines
        removed.remove(at: at)
        out.append(("line \(at + 1) deleted", Array(removed.joined(separator: [0x0A]))))
        var doubled = lines
        doubled.insert(lines[at], at: at)
        out.append(("line \(at + 1) duplicated", Array(doubled.joined(separator: [0x0A]))))
      }
    }
    let text = String(decoding: data, as: UTF8.self)
    out.append(("UTF-16LE without BOM", text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
    out.append(("UTF-16BE with BOM", [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
    out.append(("Latin-1", text.unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?") }))
    out.append(("two BOMs", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + data))
    if let nl = data.firstIndex(of: 0x0A) {
      out.append(("BOM after line 1", Array(data[...nl]) + [0xEF, 0xBB, 0xBF] + Array(data[(nl + 1)...])))
    }
    var mixed: [UInt8] = []
    for (i, b) in data.enumerated() {
      if b == 0x0A && i % 2 == 0 && (i == 0 || data[i - 1] != 0x0D) { mixed.append(0x0D) }
      mixed.append(b)
    }
    out.append(("CRLF mixed with LF", mixed))
    out.append(("CR line ends", data.map { $0 == 0x0A ? 0x0D : $0 }))
    return out
  }

  /// Errors that name where the problem is (or that there is nothing to read).
  static func isLocated(_ e: ScimDiagError) -> Bool {
    switch e {
    case .syntax, .unknownShape, .notText, .tooDeep, .tooLarge, .strictReject, .emptyInput:
      return true
    default: return false
    }
  }

  @Test func everyMutantLandsOrFailsWithALocatedError() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let ingestor = Ingestor(store: store, options: IngestOptions())
    var tried = 0
    var landed = 0
    var failed = 0
    for (n, input) in Self.inputs.enumerated() {
      let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: input)))
      let name = URL(fileURLWithPath: input).lastPathComponent
      for (k, (what, bytes)) in Self.mutants(of: data, seed: UInt64(n + 1) &* 7919).enumerated() {
        // Keep the file name (portal CSV children are recognised by content, names do not matter).
        let path = dir.write("m\(n)-\(k)-\(name)", bytes)
        let before = try store.counts()
        let outcome = ingestor.ingest(path: path)
        tried += 1
        switch outcome {
        case .landed(let s):
          landed += 1
          #expect(s.read == s.new + s.present, "\(name), \(what): counts do not add up")
        case .failed(_, let e):
          failed += 1
          #expect(Self.isLocated(e), "\(name), \(what): \(e.errorDescription ?? "")")
          var after = try store.counts()
          after["sources"] = before["sources"]
          #expect(after == before, "\(name), \(what): a failed file changed the store")
        }
        try? FileManager.default.removeItem(atPath: path)
      }
    }
    let rejects = try store.rejects()
    for r in rejects where r.line < 1 || r.column < 1 {
      Issue.record("unlocated reject \(r.path):\(r.line):\(r.column): \(r.reason)")
    }
    #expect(tried > 2000)
    print(
      "mutation testing: \(tried) mutants of \(Self.inputs.count) files: \(landed) landed, \(failed) failed with a located error, \(rejects.count) rejected records, 0 crashes"
    )
  }
}
