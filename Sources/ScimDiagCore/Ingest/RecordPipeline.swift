import Foundation

/// Runs a file's reading and its writing on two threads: the reader (decoding, JSON parsing,
/// classification, normalisation, hashing) produces records on its own thread while the
/// calling thread, which holds the store's transaction, inserts them. The queue between them
/// holds at most `maxBatches` batches of `batchSize` records, so memory stays bounded
/// whatever the file's size, and a reader that runs ahead waits for the writer.
final class RecordPipeline: @unchecked Sendable {
  enum Item {
    case record(IngestRecord, line: Int)
    case reject(FilePosition, reason: String, excerpt: String)
  }

  struct Cancelled: Error {}

  static let batchSize = 128
  static let maxBatches = 4
  /// The reader recurses once per nesting level (bounded by `JSONReader.maxDepth`).
  static let readerStackSize = 16 << 20

  private let condition = NSCondition()
  private var batches: [[Item]] = []
  private var pending: [Item] = []
  private var finished = false
  private var cancelled = false
  private var failure: Error?

  /// Runs `produce` on a new thread and hands each item it sends to `consume` on this
  /// thread. Errors from either side stop both; the reader's error is rethrown here.
  func run(produce: @escaping () throws -> Void, consume: (Item) throws -> Void) throws {
    let pipeline = self
    let done = DispatchSemaphore(value: 0)
    let reader = Unchecked(value: produce)
    let thread = Thread {
      do {
        try reader.value()
        pipeline.finish(error: nil)
      } catch {
        pipeline.finish(error: error)
      }
      done.signal()
    }
    thread.stackSize = RecordPipeline.readerStackSize
    thread.start()
    do {
      while let batch = pipeline.receive() {
        for item in batch { try consume(item) }
      }
    } catch {
      pipeline.cancel()
      done.wait()
      throw error
    }
    done.wait()
    if let failure = pipeline.failure { throw failure }
  }

  /// Queues one item (reader side); waits while the queue is full.
  func send(_ item: Item) throws {
    pending.append(item)
    if pending.count >= RecordPipeline.batchSize { try flush() }
  }

  private func flush() throws {
    condition.lock()
    defer { condition.unlock() }
    while batches.count >= RecordPipeline.maxBatches && !cancelled { condition.wait() }
    if cancelled { throw Cancelled() }
    batches.append(pending)
    pending = []
    condition.broadcast()
  }

  private func finish(error: Error?) {
    if error == nil, !pending.isEmpty { try? flush() }
    condition.lock()
    defer { condition.unlock() }
    if let error, !(error is Cancelled) { failure = error }
    finished = true
    condition.broadcast()
  }

  /// The next batch (writer side), or nil once the reader has finished and the queue is empty.
  private func receive() -> [Item]? {
    condition.lock()
    defer { condition.unlock() }
    while batches.isEmpty && !finished { condition.wait() }
    guard !batches.isEmpty, failure == nil else { return nil }
    let batch = batches.removeFirst()
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

/// Hands a value to another thread that is known to be the only one using it meanwhile.
private struct Unchecked<T>: @unchecked Sendable {
  let value: T
}
