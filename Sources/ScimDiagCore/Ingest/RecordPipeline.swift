import Foundation
import ScimDiagParsing

/// Runs a file's ingest on several threads: one reader (decoding and JSON parsing, in file
/// order), workers that classify and normalise the values it read (in any order), and the
/// calling thread, which holds the store's transaction and writes the records back in file
/// order. Batches in flight are bounded (`maxBatches` of `batchSize`), so memory stays bounded
/// whatever the file's size, and a reader that runs ahead waits for the writer.
final class RecordPipeline: @unchecked Sendable {
  /// What the reader hands on.
  enum Read: Sendable {
    case value(JSONValue, FilePosition, container: String)
    case reject(FilePosition, reason: String, excerpt: String)
  }

  /// What the writer receives, in file order.
  enum Classified: Sendable {
    case record(IngestRecord, shape: InputShape, FilePosition)
    case reject(FilePosition, reason: String, excerpt: String)
  }

  struct Cancelled: Error {}

  static let batchSize = 64
  static let maxBatches = 6
  /// The reader recurses once per nesting level (bounded by `JSONReader.maxDepth`).
  static let readerStackSize = 16 << 20

  private let condition = NSCondition()
  private var waiting: [(sequence: Int, items: [Read])] = []
  private var classified: [Int: [Classified]] = [:]
  private var sent = 0
  private var written = 0
  private var readerFinished = false
  private var cancelled = false
  private var failure: Error?
  private var pending: [Read] = []
  private var spent: [[Classified]] = []
  private var consumed: [[Read]] = []

  /// Runs `read` on a new thread, `classify` on `workers` threads, and `write` on this one,
  /// in file order. An error from the reader or the writer stops all of them and is rethrown.
  func run(
    workers: Int, read: @escaping () throws -> Void, classify: @escaping @Sendable (Read) -> Classified,
    write: (Classified) throws -> Void
  ) throws {
    let finished = DispatchSemaphore(value: 0)
    let reader = Unchecked(value: read)
    start {
      RecordPipeline.yieldToWriter()
      do {
        try reader.value()
        self.finishReading(error: nil)
      } catch {
        self.finishReading(error: error)
      }
      finished.signal()
    }
    for _ in 0..<workers {
      start {
        RecordPipeline.yieldToWriter()
        // Written batches are freed here, when each `Work` ends: not on the writer thread, the
        // ingest's critical path.
        work: while true {
          switch self.nextToClassify() {
          case .classify(let sequence, let items, _):
            self.deliver(sequence: sequence, items.map(classify), consumed: items)
          case .free: continue work
          case .finished: break work
          }
        }
        finished.signal()
      }
    }
    defer { for _ in 0...workers { finished.wait() } }
    do {
      while let batch = nextToWrite() {
        for item in batch { try write(item) }
        recycle(batch)
      }
    } catch {
      cancel()
      throw error
    }
    condition.lock()
    defer { condition.unlock() }
    if let failure { throw failure }
  }

  /// How much nicer than the writer the reader and the classifiers are (Linux niceness).
  static let helperNiceness: Int32 = 5

  /// Lowers the calling thread's priority below the writer's. With fewer cores than threads
  /// (the 2-core benchmark machine runs four), the scheduler shared the cores evenly, and the
  /// writer, the ingest's critical path, lost a core to the reader and then waited while its
  /// next batch was classified. Nicer helpers leave the writer its core (docs/performance.md,
  /// "Measurements behind the code"). On Linux niceness belongs to the thread; elsewhere it would apply
  /// to the whole process, so nothing is changed there.
  static func yieldToWriter() {
    #if os(Linux)
      let which = __priority_which_t(PRIO_PROCESS.rawValue)
      errno = 0
      let current = getpriority(which, 0)
      if errno == 0 { _ = setpriority(which, 0, current + helperNiceness) }
    #endif
  }

  private func start(_ body: @escaping @Sendable () -> Void) {
    let thread = Thread(block: body)
    thread.stackSize = RecordPipeline.readerStackSize
    thread.start()
  }

  /// Queues one item (reader side); waits while the pipeline is full.
  func send(_ item: Read) throws {
    pending.append(item)
    if pending.count >= RecordPipeline.batchSize { try flush() }
  }

  private func flush() throws {
    // Read batches the classifiers are done with come back here to be freed, on the reader
    // thread that allocated their values: freed by the classifiers, they cost more in all.
    var freed: [[Read]] = []
    defer { freed = [] }
    condition.lock()
    defer { condition.unlock() }
    while sent - written >= RecordPipeline.maxBatches && !cancelled { condition.wait() }
    if cancelled { throw Cancelled() }
    waiting.append((sent, pending))
    sent += 1
    pending = []
    swap(&freed, &consumed)
    condition.broadcast()
  }

  private func finishReading(error: Error?) {
    if error == nil, !pending.isEmpty { try? flush() }
    condition.lock()
    defer { condition.unlock() }
    if let error, !(error is Cancelled) { failure = error }
    readerFinished = true
    condition.broadcast()
  }

  /// What a classifier thread does next; each case carries written batches for it to free.
  private enum Work {
    case classify(sequence: Int, items: [Read], spent: [[Classified]])
    case free(spent: [[Classified]])
    case finished(spent: [[Classified]])
  }

  private func nextToClassify() -> Work {
    condition.lock()
    defer { condition.unlock() }
    while waiting.isEmpty && spent.isEmpty && !readerFinished && !cancelled { condition.wait() }
    let freed = spent
    spent = []
    if cancelled || (waiting.isEmpty && readerFinished) { return .finished(spent: freed) }
    if waiting.isEmpty { return .free(spent: freed) }
    let (sequence, items) = waiting.removeFirst()
    return .classify(sequence: sequence, items: items, spent: freed)
  }

  /// Hands a written batch to the classifier threads to free.
  private func recycle(_ batch: [Classified]) {
    condition.lock()
    defer { condition.unlock() }
    spent.append(batch)
    condition.broadcast()
  }

  private func deliver(sequence: Int, _ items: [Classified], consumed batch: [Read]) {
    condition.lock()
    defer { condition.unlock() }
    classified[sequence] = items
    consumed.append(batch)
    condition.broadcast()
  }

  /// The next batch in file order (writer side), or nil once everything read has been written
  /// or the reader failed.
  private func nextToWrite() -> [Classified]? {
    condition.lock()
    defer { condition.unlock() }
    while classified[written] == nil && failure == nil && !(readerFinished && written == sent) {
      condition.wait()
    }
    guard failure == nil, let batch = classified.removeValue(forKey: written) else { return nil }
    written += 1
    condition.broadcast()
    return batch
  }

  private func cancel() {
    condition.lock()
    defer { condition.unlock() }
    cancelled = true
    condition.broadcast()
  }
}
