#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The text encodings scimdiag recognises, detected from a byte-order mark or from the
/// pattern of zero bytes at the start of a file.
package enum TextEncoding: String, Sendable, Codable {
  case utf8 = "utf-8"
  case utf8BOM = "utf-8-bom"
  case utf16LE = "utf-16le"
  case utf16BE = "utf-16be"
}
