#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What Ctrl-C during `ingest` says: which file was being read (its transaction is rolled
/// back: SQLite discards an uncommitted transaction when the store is next opened) and how
/// many files before it are kept. The message is prepared before each file, so the signal
/// handler only writes bytes and exits (the only things safe to do there).
enum Interrupt {
  /// The prepared message, as a C string the handler writes.
  nonisolated(unsafe) private static var message: UnsafeMutablePointer<CChar>?
  nonisolated(unsafe) private static var length = 0

  /// Installs the handler (SIGINT and SIGTERM).
  static func install() {
    signal(SIGINT) { _ in Interrupt.fire(130) }
    signal(SIGTERM) { _ in Interrupt.fire(143) }
    // A parent may have started us with these signals blocked (some process launchers do).
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Says, from now on, that `file` is being read and `kept` files landed before it.
  static func reading(_ file: String, kept: Int) {
    set(
      "\ninterrupted while reading \(file): that file was rolled back and is not in the store; the \(kept) file\(kept == 1 ? "" : "s") before it \(kept == 1 ? "is" : "are") kept. Run the same ingest again: what is kept is skipped.\n"
    )
  }

  /// Says that the files landed and the analysis is running.
  static func analysing(kept: Int) {
    set(
      "\ninterrupted while linking and diagnosing: the \(kept) file\(kept == 1 ? "" : "s") read \(kept == 1 ? "is" : "are") kept; the first users, explain or report does the analysis.\n"
    )
  }

  private static func set(_ text: String) {
    let bytes = Array(text.utf8CString)
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
    buffer.initialize(from: bytes, count: bytes.count)
    let old = message
    message = buffer
    length = bytes.count - 1
    old?.deallocate()
  }

  private static func fire(_ status: Int32) {
    if let message { _ = write(2, message, length) }
    _exit(status)
  }
}
