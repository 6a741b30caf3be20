/// Appends a Unicode scalar value as UTF-8 bytes (shared by the UTF-16 transcoder and the
/// JSON reader's `\u` escapes).
@inline(__always)
package func appendUTF8(_ s: UInt32, to buffer: inout [UInt8]) {
  if s < 0x80 {
    buffer.append(UInt8(s))
  } else if s < 0x800 {
    buffer.append(UInt8(0xC0 | (s >> 6)))
    buffer.append(UInt8(0x80 | (s & 0x3F)))
  } else if s < 0x10000 {
    buffer.append(UInt8(0xE0 | (s >> 12)))
    buffer.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
    buffer.append(UInt8(0x80 | (s & 0x3F)))
  } else {
    buffer.append(UInt8(0xF0 | (s >> 18)))
    buffer.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
    buffer.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
    buffer.append(UInt8(0x80 | (s & 0x3F)))
  }
}
