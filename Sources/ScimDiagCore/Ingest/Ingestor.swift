import Foundation
import ScimDiagParsing

/// Options for one `ingest` run.
package struct IngestOptions: Sendable {
  /// Forces a record kind instead of detecting it.
  package var forced: RecordKind?
  /// Fails a whole file on the first record that cannot be read.
  package var strict = false
  /// Every this many new records of one file, whether to stop maintaining its tables'
  /// indexes until the file ends (see `StoreWriter.deferIndexes`).
  package var indexDeferralStep = 5_000
  /// Files at least this large are written with a rollback journal when no other process has
  /// the store open (see `Store.writeOnce`): each page is written once instead of twice.
  package var rollbackJournalBytes: Int64 = 16 << 20
  /// The time written to `sources.ingested_at`.
  package var now: String = Timestamp.fromEpoch(String(Date().timeIntervalSince1970)) ?? ""

  package init(forced: RecordKind? = nil, strict: Bool = false) {
    self.forced = forced
    self.strict = strict
  }
}

/// The outcome for one input file: a summary when it landed, an error when it did not.
package enum FileOutcome: Sendable {
  case landed(FileSummary)
  case failed(path: String, error: ScimDiagError)
}

/// The ingest stage: expands paths, reads each file streaming in its detected format, and
/// writes it to the store in one transaction (a file lands completely or not at all).
package final class Ingestor {
  let store: Store
  let options: IngestOptions
  private var storePrepared = false
  /// Called with (path, bytes read so far, file size or nil) while reading.
  package var progress: ((String, Int64, Int64?) -> Void)?

  package init(store: Store, options: IngestOptions) {
    self.store = store
    self.options = options
  }

  /// Files to read for the given arguments: files as given, folders recursively in name
  /// order (hidden entries skipped), `-` for standard input. Portal CSV step and
  /// modified-property files are ordered after the files they refer to.
  package static func expand(_ paths: [String]) -> (files: [String], errors: [FileOutcome]) {
    var files: [String] = []
    var errors: [FileOutcome] = []
    let fm = FileManager.default
    for p in paths {
      if p == "-" {
        files.append(p)
        continue
      }
      var isDir: ObjCBool = false
      guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
        errors.append(.failed(path: p, error: .cannotRead(path: p, reason: "no such file or directory")))
        continue
      }
      if !isDir.boolValue {
        files.append(p)
        continue
      }
      var found: [String] = []
      if let walker = fm.enumerator(atPath: p) {
        while let rel = walker.nextObject() as? String {
          if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
          let full = (p as NSString).appendingPathComponent(rel)
          var sub: ObjCBool = false
          if fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue { found.append(full) }
        }
      }
      files += found.sorted()
    }
    let deferred = files.filter { $0 != "-" && CSVInput.sniffIsPortalChild(path: $0) }
    return (files.filter { !deferred.contains($0) } + deferred, errors)
  }

  /// Threads that classify records while one reads and one writes: the machine's cores, at
  /// most three (beyond that the reader or the writer is the bottleneck).
  static let classifierThreads = max(1, min(3, ProcessInfo.processInfo.activeProcessorCount))

  /// Classifies one value the reader read (on a classifier thread).
  @Sendable static func classify(_ item: RecordPipeline.Read, forced: RecordKind?) -> RecordPipeline.Classified {
    switch item {
    case .reject(let location, let reason, let excerpt):
      return .reject(location, reason: reason, excerpt: excerpt)
    case .value(let value, let location, let container):
      switch RecordClassifier.classify(value, container: container, forced: forced) {
      case .record(.scim(var request), let shape):
        request.key = RecordSink.contentKey(for: request)
        return .record(.scim(request), shape: shape, location)
      case .record(let record, let shape): return .record(record, shape: shape, location)
      case .problem(let reason): return .reject(location, reason: reason, excerpt: String(value.jsonText.prefix(200)))
      }
    }
  }

  /// A file's modification time, normalised; nil for standard input.
  static func modificationTime(_ path: String) -> String? {
    guard path != "-", let date = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    else { return nil }
    return Timestamp.fromEpoch(String(Int(date.timeIntervalSince1970)))
  }

  /// Ingests one file (or standard input for `-`).
  package func ingest(path: String) -> FileOutcome {
    do {
      let source = try ByteSource(path: path)
      let size = path == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
      if let progress { source.onProgress = { progress(path, $0, size) } }
      if !storePrepared {
        // Index builds of large files (see `StoreWriter.deferIndexes`) sort in temporary
        // files, not in memory.
        try store.setTemporaryStorageToFiles()
        storePrepared = true
      }
      let large = size.map { $0 >= options.rollbackJournalBytes } ?? false
      let summary = try (large ? store.writeOnce : store.write) { writer -> FileSummary in
        let sourceId = try writer.beginSource(path: path, ingestedAt: options.now)
        let sink = RecordSink(writer: writer, sourceId: sourceId, path: path, options: options)
        sink.exportedAt = Ingestor.modificationTime(path) ?? options.now
        let reader = JSONReader(source: source, path: path)
        try reader.skipWhitespace()
        switch try reader.peek() {
        case nil:
          throw ScimDiagError.emptyInput(path: path)
        case UInt8(ascii: "{")?, UInt8(ascii: "[")?:
          if options.forced == .ncsa || options.forced == .csv {
            throw ScimDiagError.unknownShape(
              path: path, location: reader.location, found: "JSON, but --format \(options.forced!.rawValue) was given")
          }
          let forced = options.forced
          let pipeline = RecordPipeline()
          let stream = ReadStream(path: path, pipeline: pipeline)
          sink.mayDeferIndexes = true
          try pipeline.run(
            workers: Ingestor.classifierThreads,
            read: { try JSONInput(reader: reader, stream: stream).run() },
            classify: { Ingestor.classify($0, forced: forced) },
            write: { item in
              switch item {
              case .record(let record, let shape, let location):
                try sink.accept(record, shape: shape, location: location)
              case .reject(let location, let reason, let excerpt):
                try sink.reject(location: location, reason: reason, excerpt: excerpt)
              }
            })
          sink.summary.container = stream.container
        default:
          try TextLineInput(reader: reader, sink: sink, forced: options.forced).run()
        }
        try writer.rebuildDeferredIndexes()
        var summary = sink.summary
        summary.sha256 = source.hasher.hexDigest()
        summary.encoding = source.encoding.rawValue
        summary.bytes = source.bytesRead
        if summary.read == 0 && summary.rejected > 0 {
          let first = sink.firstProblem!
          throw ScimDiagError.unknownShape(path: path, location: first.location, found: first.reason)
        }
        if summary.new == 0, let earlier = try writer.earlierSource(sha256: summary.sha256, excluding: sourceId) {
          summary.duplicateOf = earlier
          try writer.dropSource(id: sourceId)
        } else {
          try writer.finishSource(id: sourceId, summary: summary)
        }
        return summary
      }
      return .landed(summary)
    } catch let error as ScimDiagError {
      return .failed(path: path, error: error)
    } catch {
      return .failed(path: path, error: Store.describe(error, path: store.path))
    }
  }
}

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

/// Reads JSON input: a top-level array, an envelope object (`value`, `records`, HAR
/// `log.entries`), a single record, or a sequence of values (JSON Lines or concatenated pages).
/// Elements of envelope arrays are read one at a time, so memory does not grow with the file.
struct JSONInput {
  let reader: JSONReader
  let stream: ReadStream

  func run() throws {
    let start = reader.location
    try readTopLevel(start: start, isFirst: true)
    let firstEndLine = reader.currentLine
    guard try !reader.isAtEnd() else { return }
    stream.container = stream.container == "json-document" ? "json-lines" : stream.container
    if firstEndLine == start.line {
      // One value per line (JSON Lines): each later line is parsed on its own, so a bad line
      // becomes a located reject and the lines after it are still read.
      while let (bytes, number) = try reader.readNumberedLine() {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
        if let nul = bytes.firstIndex(of: 0) {
          throw ScimDiagError.notText(path: stream.path, location: FilePosition(line: number, column: nul + 1))
        }
        let lineReader = JSONReader(bytes: bytes, path: stream.path, firstLine: number)
        let location = lineReader.location
        do {
          let value = try lineReader.readValue()
          try lineReader.expectEnd()
          try dispatch(value, location: location)
        } catch let error as ScimDiagError {
          guard case .syntax(_, let loc, let expected, let found, _) = error else { throw error }
          try stream.reject(
            location: loc, reason: "invalid JSON: expected \(expected), found \(found)",
            excerpt: String(decoding: bytes.prefix(200), as: UTF8.self))
        }
      }
    } else {
      // Several pretty-printed documents one after another (concatenated Graph pages).
      while try !reader.isAtEnd() {
        try readTopLevel(start: reader.location, isFirst: false)
      }
    }
  }

  /// Handles a value read whole: an envelope's records one by one, or the value as a record.
  private func dispatch(_ value: JSONValue, location: FilePosition) throws {
    if case .array(let items) = value {
      for item in items { try handle(item, location: location) }
      return
    }
    let log = value["log"]
    for key in ["value", "records"] {
      if let items = value[key]?.arrayValue {
        for item in items { try handle(item, location: location) }
        return
      }
    }
    if let items = log?["entries"]?.arrayValue {
      for item in items { try handle(item, location: location) }
      return
    }
    try handle(value, location: location)
  }

  private func readTopLevel(start: FilePosition, isFirst: Bool) throws {
    let first = try reader.peek()
    if first == UInt8(ascii: "[") {
      if isFirst { stream.setContainer("json-array") }
      try streamArray(container: "json-array")
    } else if first == UInt8(ascii: "{") {
      try readObject(start: start, isFirst: isFirst)
    } else {
      let value = try reader.readValue()
      try stream.reject(
        location: start, reason: "expected a JSON object or array, found \(RecordClassifier.describe(value))",
        excerpt: String(value.jsonText.prefix(80)))
    }
  }

  /// Reads an object member by member; arrays under `value`, `records` and `entries` (and
  /// `log.entries` in HAR) are streamed as records. Without such a member the object itself
  /// is the record.
  private func readObject(start: FilePosition, isFirst: Bool, depth: Int = 0) throws {
    try reader.expect(UInt8(ascii: "{"), "'{'")
    var pairs: [(String, JSONValue)] = []
    var streamed = false
    if try !reader.consume(UInt8(ascii: "}")) {
      repeat {
        let key = try reader.readKey()
        try reader.skipWhitespace()
        let folded = JSONValue.foldKey(key)
        let next = try reader.peek()
        if next == UInt8(ascii: "["), ["value", "records", "entries"].contains(folded) {
          let container = folded == "value" ? "graph-page" : folded == "records" ? "records" : "har"
          if isFirst || stream.container == "json-lines" { stream.container = container }
          try streamArray(container: container)
          streamed = true
        } else if next == UInt8(ascii: "{"), folded == "log", depth == 0 {
          try readObject(start: reader.location, isFirst: isFirst, depth: 1)
          streamed = true
        } else {
          pairs.append((key, try reader.readValue(depth: depth + 1)))
        }
      } while try reader.consumeSeparator(close: UInt8(ascii: "}"), what: "',' or '}' after an object member")
    }
    if !streamed {
      if isFirst { stream.setContainer("json-document") }
      try handle(.object(JSONObject(pairs)), location: start)
    }
  }

  private func streamArray(container: String) throws {
    try reader.expect(UInt8(ascii: "["), "'['")
    if try reader.consume(UInt8(ascii: "]")) { return }
    repeat {
      try reader.skipWhitespace()
      let location = reader.location
      let value = try reader.readValue(depth: 1)
      try handle(value, location: location)
    } while try reader.consumeSeparator(close: UInt8(ascii: "]"), what: "',' or ']' after an array element")
  }

  private func handle(_ value: JSONValue, location: FilePosition) throws {
    try stream.emit(value, location: location)
  }
}

/// The reader's side of a JSON file's ingest: the values it read, in file order, handed to the
/// classifier threads with the file's container as known at that point.
final class ReadStream {
  let path: String
  let pipeline: RecordPipeline
  var container = ""

  init(path: String, pipeline: RecordPipeline) {
    self.path = path
    self.pipeline = pipeline
  }

  func setContainer(_ container: String) {
    if self.container.isEmpty { self.container = container }
  }

  func emit(_ value: JSONValue, location: FilePosition) throws {
    try pipeline.send(.value(value, location, container: container))
  }

  func reject(location: FilePosition, reason: String, excerpt: String) throws {
    try pipeline.send(.reject(location, reason: reason, excerpt: excerpt))
  }
}

/// Reads line-oriented text: NCSA common/combined access logs, or CSV exports.
struct TextLineInput {
  let reader: JSONReader
  let sink: RecordSink
  let forced: RecordKind?

  func run() throws {
    guard let firstBytes = try reader.readLineBytes() else { throw ScimDiagError.emptyInput(path: sink.path) }
    if firstBytes.contains(0) {
      throw ScimDiagError.notText(
        path: sink.path, location: FilePosition(line: 1, column: firstBytes.firstIndex(of: 0)! + 1))
    }
    let first = String(decoding: firstBytes, as: UTF8.self)
    if forced == .csv || (forced == nil && CSVInput.looksLikeHeader(first)) {
      try CSVInput(reader: reader, sink: sink, header: first).run()
      return
    }
    if forced == .ncsa || (forced == nil && ScimRequestParser.parse(ncsaLine: first) != nil) {
      sink.setContainer("text-lines")
      try ncsa(line: first, number: 1)
      while let (bytes, number) = try reader.readNumberedLine() {
        if bytes.contains(0) {
          throw ScimDiagError.notText(
            path: sink.path, location: FilePosition(line: number, column: bytes.firstIndex(of: 0)! + 1))
        }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.trimmingSpaces.isEmpty { continue }
        try ncsa(line: line, number: number)
      }
      return
    }
    let shown = first.count > 60 ? String(first.prefix(60)) + "…" : first
    throw ScimDiagError.unknownShape(
      path: sink.path, location: FilePosition(line: 1, column: 1), found: "text '\(shown)'")
  }

  private func ncsa(line: String, number: Int) throws {
    let location = FilePosition(line: number, column: 1)
    if let request = ScimRequestParser.parse(ncsaLine: line) {
      try sink.accept(.scim(request), shape: .scimNCSA, location: location)
    } else {
      try sink.reject(
        location: location,
        reason: "not an NCSA access-log line (expected: host ident user [time] \"METHOD path HTTP/x\" status bytes)",
        excerpt: line)
    }
  }
}
