import Crypto
import Foundation

/// A streaming SHA-256 over what scimdiag identifies by content: a source file (hashed while it
/// is read once), a SCIM request's key, the report's inline style and script. swift-crypto does
/// the hashing (BoringSSL, with the CPU's SHA extensions where it has them); this type gives it
/// the few spellings the callers need.
package struct SHA256: Sendable {
  private var inner = Crypto.SHA256()

  package init() {}

  /// Feeds bytes into the hash.
  package mutating func update(_ bytes: UnsafeRawBufferPointer) {
    inner.update(bufferPointer: bytes)
  }

  package mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { inner.update(bufferPointer: $0) }
  }

  package mutating func update(_ text: String) {
    var text = text
    text.withUTF8 { inner.update(bufferPointer: UnsafeRawBufferPointer($0)) }
  }

  /// The digest of everything fed so far, in lower-case hex (the hash can go on being fed).
  package func hexDigest() -> String {
    SHA256.hex(bytes: inner.finalize())
  }

  /// The digest in base64, as a Content-Security-Policy hash source wants it.
  package func base64Digest() -> String {
    Data(inner.finalize()).base64EncodedString()
  }

  /// The hex digest of a text's UTF-8 bytes.
  package static func hex(_ text: String) -> String {
    var h = SHA256()
    h.update(text)
    return h.hexDigest()
  }

  /// HMAC-SHA256 of `message` under `key`, in hex: a keyed pseudonym that cannot be reversed
  /// by hashing guessed values without the key.
  package static func hmacHex(key: String, _ message: String) -> String {
    let code = HMAC<Crypto.SHA256>.authenticationCode(
      for: Data(message.utf8), using: SymmetricKey(data: Data(key.utf8)))
    return hex(bytes: code)
  }

  private static let digits = Array("0123456789abcdef".utf8)

  private static func hex<D: Sequence<UInt8>>(bytes: D) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
