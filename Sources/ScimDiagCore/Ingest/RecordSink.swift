import Foundation
import ScimDiagParsing

/// Receives records from a format reader, writes them and keeps the file's counts.
final class RecordSink {
  let writer: StoreWriter
  let sourceId: Int64
  let path: String
  let strict: Bool
  var summary: FileSummary
  var shapes: Set<String> = []
  var firstProblem: (location: FilePosition, reason: String)?
  /// The file's modification time (now for standard input): when a configuration was exported.
  var exportedAt = ""
  private var recentKeys: [UInt64: Int] = [:]
  /// Whether a large file may load with its tables' indexes deferred (JSON input: no reads
  /// of the store while the file is read).
  var mayDeferIndexes = false

  init(writer: StoreWriter, sourceId: Int64, path: String, options: IngestOptions) {
    self.writer = writer
    self.sourceId = sourceId
    self.path = path
    self.strict = options.strict
    self.indexDeferralStep = options.indexDeferralStep
    self.summary = FileSummary(path: path)
  }

  func setContainer(_ container: String) {
    if summary.container.isEmpty { summary.container = container }
  }

  /// Stores one record read at `location` (on the thread that holds the transaction).
  func accept(_ record: IngestRecord, shape: InputShape, location: FilePosition) throws {
    noteShape(shape)
    summary.read += 1
    let isNew: Bool
    let time: String
    // On the writer thread, the ingest's critical path: the record is not copied on the way.
    switch record {
    case .scim(let request):
      isNew = try writer.insert(request, key: occurrenceKey(for: request), sourceId: sourceId, line: location.line)
      time = request.time
    case .jobConfig(var config):
      config.exportedAt = exportedAt
      isNew = try writer.insert(.jobConfig(config), sourceId: sourceId, line: location.line)
      time = config.exportedAt
    default:
      isNew = try writer.insert(record, sourceId: sourceId, line: location.line)
      time = record.time
    }
    if isNew {
      summary.new += 1
      if mayDeferIndexes, summary.new % indexDeferralStep == 0 { try considerDeferringIndexes(record) }
    } else {
      summary.present += 1
    }
    if summary.firstTime.map({ time < $0 }) ?? true { summary.firstTime = time }
    if summary.lastTime.map({ time > $0 }) ?? true { summary.lastTime = time }
  }

  private var lastShape: InputShape?

  /// Adds a record's shape to the file's format (most files have one: compared, not hashed).
  private func noteShape(_ shape: InputShape) {
    guard shape != lastShape else { return }
    lastShape = shape
    if shapes.insert(shape.rawValue).inserted { summary.format = shapes.sorted().joined(separator: "+") }
  }

  /// Counts a step or modified-property row attached to an existing event.
  func acceptChild(isNew: Bool, shape: InputShape) throws {
    summary.read += 1
    noteShape(shape)
    if isNew { summary.new += 1 } else { summary.present += 1 }
  }

  /// Records a record that could not be read; with `--strict`, fails the file.
  func reject(location: FilePosition, reason: String, excerpt: String) throws {
    if strict { throw ScimDiagError.strictReject(path: path, location: location, reason: reason) }
    if firstProblem == nil { firstProblem = (location, reason) }
    summary.rejected += 1
    try writer.reject(sourceId: sourceId, location: location, reason: reason, excerpt: String(excerpt.prefix(200)))
  }

  /// Every this many new records, whether to stop maintaining indexes (`IngestOptions`).
  let indexDeferralStep: Int
  private var rowsBefore: [RecordTable: Int] = [:]

  /// Defers the secondary indexes of the table this file fills once the file has added at
  /// least half as many records as the table held before it: from then on, sorting the whole
  /// index once at the end costs less than keeping it in order row by row.
  private func considerDeferringIndexes(_ record: IngestRecord) throws {
    let table = RecordTable(record)
    guard table != .jobConfig else { return }
    let before = try rowsBefore[table] ?? writer.rowsBeforeThisFile(table, sourceId: sourceId, added: summary.new)
    rowsBefore[table] = before
    if summary.new >= before / 2 { try writer.deferIndexes(of: table) }
  }

  /// The time's digits and 16 hex digits of a digest of the request's content.
  static func contentKey(for r: ScimRequest) -> String {
    // The digest of the fields joined by U+001F, fed one by one instead of joined first.
    var hasher = SHA256()
    let parts = [r.time, r.method, r.path, r.status.map(String.init) ?? "", r.requestBody ?? "", r.responseBody ?? ""]
    for (i, part) in parts.enumerated() {
      if i > 0 { hasher.update("\u{1F}") }
      hasher.update(part)
    }
    return String(decoding: r.time.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)
      + hasher.hexDigest().prefix(16)
  }

  /// A key that is the same whenever the same request is read again, in this file or in a
  /// rotated or re-exported copy: the time's digits, then a digest of its content (time first
  /// so a log, which is written in time order, is appended to the store's key index rather
  /// than scattered over it). Where the log's clock only has whole seconds (NCSA access logs),
  /// identical lines close together are numbered, since two real requests can share a second;
  /// with finer clocks an identical line is the same request.
  /// The numbering needs file order; the digest (`contentKey`) may be computed beforehand.
  private func occurrenceKey(for r: ScimRequest) -> String {
    let base = r.key.isEmpty ? RecordSink.contentKey(for: r) : r.key
    guard let digest = RecordSink.wholeSecondDigest(base) else { return base }
    if recentKeys.count > 4096 { recentKeys.removeAll(keepingCapacity: true) }
    let n = (recentKeys[digest] ?? 0) + 1
    recentKeys[digest] = n
    return n == 1 ? base : base + "#\(n)"
  }

  /// For a content key whose time has whole seconds, the 64 bits of digest in it; nil for
  /// finer times. The key is the time's 21 digits, the last 7 its fraction, then 16 hex digits.
  /// (Read from the key's bytes on the writer thread, the ingest's critical path.)
  static func wholeSecondDigest(_ key: String) -> UInt64? {
    var key = key
    return key.withUTF8 { p -> UInt64? in
      guard p.count == 37 else { return nil }
      for i in 14..<21 where p[i] != UInt8(ascii: "0") { return nil }
      var v: UInt64 = 0
      for i in 21..<37 {
        let c = p[i]
        v = v << 4 | UInt64(c <= UInt8(ascii: "9") ? c &- 0x30 : c &- 0x57)
      }
      return v
    }
  }
}
