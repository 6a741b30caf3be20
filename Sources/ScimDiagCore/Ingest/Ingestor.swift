import Foundation
import ScimDiagParsing

/// The ingest stage: expands paths, reads each file streaming in its detected format, and
/// writes it to the store in one transaction (a file lands completely or not at all).
package final class Ingestor {
  let store: Store
  let options: IngestOptions
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
      // A folder given as a symbolic link is walked where it points; paths keep the name given.
      if let walker = fm.enumerator(atPath: URL(fileURLWithPath: p).resolvingSymlinksInPath().path) {
        while let rel = walker.nextObject() as? String {
          if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
          let full = (p as NSString).appendingPathComponent(rel)
          var sub: ObjCBool = false
          if fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue { found.append(full) }
        }
      }
      if found.isEmpty { errors.append(.failed(path: p, error: .emptyFolder(path: p))) }
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
  /// A gzip or zip file is named as such, with the command that unpacks it.
  static func refuseCompressed(_ path: String) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else { return }
    defer { try? handle.close() }
    let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
    if head.starts(with: [0x1F, 0x8B]) {
      throw ScimDiagError.compressed(path: path, kind: "gzip", command: "gunzip -k \(path)")
    }
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      throw ScimDiagError.compressed(path: path, kind: "zip", command: "unzip \(path)")
    }
  }

  package func ingest(path: String) -> FileOutcome {
    do {
      if path != "-" { try Ingestor.refuseCompressed(path) }
      let source = try ByteSource(path: path)
      let size = path == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
      if let progress { source.onProgress = { progress(path, $0, size) } }
      let large = size.map { $0 >= options.rollbackJournalBytes } ?? false
      let summary = try (large ? store.writeOnce : store.write) { writer -> FileSummary in
        let sourceId = try writer.beginSource(path: path, ingestedAt: options.now, app: options.app)
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
