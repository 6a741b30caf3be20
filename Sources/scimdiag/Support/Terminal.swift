import ArgumentParser
import ScimDiagCore
import ScimDiagParsing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Colour only on a terminal, and never with NO_COLOR set.
func useColor() -> Bool {
  isatty(1) == 1 && getenv("NO_COLOR") == nil
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
