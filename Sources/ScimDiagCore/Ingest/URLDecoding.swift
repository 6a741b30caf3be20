import ScimDiagParsing

/// Percent-decoding for URLs and query strings (`+` is a space in query values).
package enum URLDecoding {
  package static func decode(_ s: String, plusIsSpace: Bool = true) -> String {
    decode(bytes: s.utf8, plusIsSpace: plusIsSpace)
  }

  package static func decode<Bytes: Collection<UInt8>>(bytes text: Bytes, plusIsSpace: Bool = true) -> String {
    if !text.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) {
      return String(decoding: text, as: UTF8.self)
    }
    let bytes = Array(text)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    func hex(_ b: UInt8) -> UInt8? {
      switch b {
      case 0x30...0x39: return b - 0x30
      case 0x41...0x46: return b - 0x41 + 10
      case 0x61...0x66: return b - 0x61 + 10
      default: return nil
      }
    }
    while i < bytes.count {
      let b = bytes[i]
      if b == UInt8(ascii: "%"), i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
        out.append(h << 4 | l)
        i += 3
      } else if b == UInt8(ascii: "+") && plusIsSpace {
        out.append(0x20)
        i += 1
      } else {
        out.append(b)
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
