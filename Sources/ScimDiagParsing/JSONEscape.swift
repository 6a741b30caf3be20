/// What the two JSON paths (`JSONReader`, `FastJSONParser`) decode alike.
package enum JSONEscape {
  /// The byte a one-letter escape stands for (`\n`, `\"`, …); nil for `u` and for letters that
  /// are not escapes.
  @inline(__always)
  package static func byte(for escape: UInt8) -> UInt8? {
    switch escape {
    case UInt8(ascii: "\""): return 0x22
    case UInt8(ascii: "\\"): return 0x5C
    case UInt8(ascii: "/"): return 0x2F
    case UInt8(ascii: "b"): return 0x08
    case UInt8(ascii: "f"): return 0x0C
    case UInt8(ascii: "n"): return 0x0A
    case UInt8(ascii: "r"): return 0x0D
    case UInt8(ascii: "t"): return 0x09
    default: return nil
    }
  }

  /// A hexadecimal digit's value; nil for other bytes.
  @inline(__always)
  package static func hexValue(_ h: UInt8) -> UInt32? {
    switch h {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(h - 0x30)
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(h - 0x61 + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(h - 0x41 + 10)
    default: return nil
    }
  }
}
