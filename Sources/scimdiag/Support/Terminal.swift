import ArgumentParser
import ScimDiagCore
import ScimDiagParsing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--color`: auto colours a terminal unless NO_COLOR is set and not empty (no-color.org).
enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
  case auto, always, never

  var enabled: Bool {
    switch self {
    case .always: return true
    case .never: return false
    case .auto:
      let noColor = getenv("NO_COLOR").map { String(cString: $0) } ?? ""
      return isatty(1) == 1 && noColor.isEmpty
    }
  }
}

/// The terminal's width when standard output is one (COLUMNS first, then the terminal).
func terminalWidth() -> Int? {
  guard isatty(1) == 1 else { return nil }
  if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return columns }
  var size = winsize()
  guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
  return Int(size.ws_col)
}

/// Writes a line to standard error.
func printError(_ text: String) {
  var line = text
  line += "\n"
  writeStderr(line)
}

/// Writes text to standard error unbuffered.
func writeStderr(_ text: String) {
  var bytes = Array(text.utf8)
  bytes.withUnsafeMutableBytes { buffer in
    var offset = 0
    while offset < buffer.count {
      let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
      if n <= 0 { return }
      offset += n
    }
  }
}

/// Turns a core error into a message on stderr and an exit code.
func fail(_ error: Error) -> ExitCode {
  let e = error as? ScimDiagError ?? Store.describe(error, path: "the store")
  printError("error: " + (e.errorDescription ?? "\(e)"))
  return ExitCode(1)
}
