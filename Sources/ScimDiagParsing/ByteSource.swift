#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file (or standard input) in fixed-size chunks, hashing every raw byte, and hands
/// out UTF-8 whatever the file's encoding. Memory stays bounded by the chunk size.
package final class ByteSource {
  private let fd: Int32
  private let ownsDescriptor: Bool
  private var raw: [UInt8]
  private var rawCount = 0
  private var rawIndex = 0
  private var pendingHigh: UInt16?
  private var oddByte: UInt8?
  private var eof = false
  package private(set) var encoding: TextEncoding = .utf8
  package private(set) var bytesRead: Int64 = 0
  package var hasher = SHA256()
  /// Called with the running count of raw bytes read, for progress bars.
  package var onProgress: ((Int64) -> Void)?

  package static let chunkSize = 1 << 18

  /// Opens `path`, or standard input when `path` is `-`.
  package init(path: String) throws(ScimDiagError) {
    if path == "-" {
      fd = 0
      ownsDescriptor = false
    } else {
      let opened = open(path, O_RDONLY)
      if opened < 0 {
        throw .cannotRead(path: path, reason: String(cString: strerror(errno)))
      }
      fd = opened
      ownsDescriptor = true
    }
    raw = [UInt8](repeating: 0, count: ByteSource.chunkSize)
    try detectEncoding(path: path)
  }

  deinit {
    if ownsDescriptor { close(fd) }
  }

  private func fillRaw(path: String) throws(ScimDiagError) {
    rawIndex = 0
    rawCount = 0
    if eof { return }
    var n = 0
    repeat {
      n = raw.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
    } while n < 0 && errno == EINTR
    if n < 0 { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
    if n == 0 {
      eof = true
      return
    }
    rawCount = n
    bytesRead += Int64(n)
    raw.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
    onProgress?(bytesRead)
  }

  private func detectEncoding(path: String) throws(ScimDiagError) {
    try fillRaw(path: path)
    guard rawCount >= 2 else { return }
    let b0 = raw[0]
    let b1 = raw[1]
    if rawCount >= 3, b0 == 0xEF, b1 == 0xBB, raw[2] == 0xBF {
      encoding = .utf8BOM
      rawIndex = 3
    } else if b0 == 0xFF, b1 == 0xFE {
      encoding = .utf16LE
      rawIndex = 2
    } else if b0 == 0xFE, b1 == 0xFF {
      encoding = .utf16BE
      rawIndex = 2
    } else if rawCount >= 4, b0 != 0, b1 == 0, raw[2] != 0, raw[3] == 0 {
      encoding = .utf16LE
    } else if rawCount >= 4, b0 == 0, b1 != 0, raw[2] == 0, raw[3] != 0 {
      encoding = .utf16BE
    }
  }

  /// Appends the next chunk of UTF-8 to `buffer`; returns false at the end of input.
  package func readUTF8(into buffer: inout [UInt8], path: String) throws(ScimDiagError) -> Bool {
    while true {
      if rawIndex >= rawCount {
        try fillRaw(path: path)
        if rawCount == 0 {
          if oddByte != nil || pendingHigh != nil {
            // A dangling half code unit at the end: emit a replacement character once.
            oddByte = nil
            pendingHigh = nil
            buffer.append(contentsOf: [0xEF, 0xBF, 0xBD])
            return true
          }
          return false
        }
      }
      switch encoding {
      case .utf8, .utf8BOM:
        buffer.append(contentsOf: raw[rawIndex..<rawCount])
        rawIndex = rawCount
        return true
      case .utf16LE, .utf16BE:
        let before = buffer.count
        transcodeUTF16(into: &buffer, littleEndian: encoding == .utf16LE)
        if buffer.count > before { return true }
      }
    }
  }

  private func transcodeUTF16(into buffer: inout [UInt8], littleEndian: Bool) {
    buffer.reserveCapacity(buffer.count + (rawCount - rawIndex) * 3 / 2)
    var i = rawIndex
    while i < rawCount {
      let lo: UInt8
      let hi: UInt8
      if let odd = oddByte {
        oddByte = nil
        (lo, hi) = littleEndian ? (odd, raw[i]) : (raw[i], odd)
        i += 1
      } else if i + 1 < rawCount {
        (lo, hi) = littleEndian ? (raw[i], raw[i + 1]) : (raw[i + 1], raw[i])
        i += 2
      } else {
        oddByte = raw[i]
        i += 1
        break
      }
      let unit = UInt16(hi) << 8 | UInt16(lo)
      var scalar: UInt32
      if let high = pendingHigh {
        pendingHigh = nil
        if unit >= 0xDC00 && unit < 0xE000 {
          scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(unit) - 0xDC00)
        } else {
          appendUTF8(0xFFFD, to: &buffer)
          if unit >= 0xD800 && unit < 0xDC00 {
            pendingHigh = unit
            continue
          }
          scalar = UInt32(unit)
        }
      } else if unit >= 0xD800 && unit < 0xDC00 {
        pendingHigh = unit
        continue
      } else if unit >= 0xDC00 && unit < 0xE000 {
        scalar = 0xFFFD
      } else {
        scalar = UInt32(unit)
      }
      appendUTF8(scalar, to: &buffer)
    }
    rawIndex = i
  }

}
