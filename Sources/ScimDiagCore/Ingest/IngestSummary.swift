import ScimDiagParsing

/// Renders the per-file and total lines of an `ingest` run.
package enum IngestSummary {
  package static func line(for outcome: FileOutcome) -> String {
    switch outcome {
    case .landed(let s):
      if let earlier = s.duplicateOf {
        return
          "\(s.path): already ingested (same content as \(earlier)): \(s.read) read, 0 new, \(s.present) already present"
      }
      return
        "\(s.path): \(s.format.isEmpty ? "no records" : s.format) (\(s.container), \(s.encoding)): \(s.read) read, \(s.new) new, \(s.present) already present, \(s.rejected) rejected"
    case .failed(_, let error):
      return "error: " + (error.errorDescription ?? "\(error)")
    }
  }

  package static func total(_ outcomes: [FileOutcome]) -> String {
    var read = 0
    var new = 0
    var present = 0
    var rejected = 0
    var failed = 0
    for o in outcomes {
      switch o {
      case .landed(let s):
        read += s.read
        new += s.new
        present += s.present
        rejected += s.rejected
      case .failed: failed += 1
      }
    }
    let files = outcomes.count
    var text =
      "total: \(files) file\(files == 1 ? "" : "s"), \(read) read, \(new) new, \(present) already present, \(rejected) rejected"
    if failed > 0 { text += "; \(failed) file\(failed == 1 ? "" : "s") not ingested (see the errors above)" }
    if rejected > 0 { text += "; run `scimdiag rejects` to see the rejected records" }
    return text
  }

  /// 0 when every file landed (rejected records are a warning: they are kept, and `ingest x
  /// && scimdiag users` works), 1 when a file failed. With `--strict` a bad record fails its
  /// file, so the status is 1 then.
  package static func exitCode(_ outcomes: [FileOutcome]) -> Int32 {
    outcomes.allSatisfy(\.landed) ? 0 : 1
  }

  /// The warnings to print on standard error: each file's, then the rejected records'.
  package static func warnings(_ outcomes: [FileOutcome]) -> [String] {
    var out: [String] = []
    var rejected = 0
    for case .landed(let s) in outcomes {
      out += s.warnings.map { "warning: \(s.path): \($0)" }
      rejected += s.rejected
    }
    if rejected > 0 {
      out.append(
        "warning: \(rejected) record\(rejected == 1 ? " was" : "s were") rejected and kept aside; `scimdiag rejects` lists \(rejected == 1 ? "it" : "them") with file:line:column (--strict makes a bad record fail its file)"
      )
    }
    return out
  }
}
