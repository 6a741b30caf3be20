import CSHA256

/// A streaming SHA-256 (FIPS 180-4), so that a source file's identity is computed while it is
/// read once, without a cryptography dependency.
package struct SHA256: Sendable {
  private static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
    0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
    0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
    0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
    0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]
  // h0 to h7, as a tuple: laid out contiguously for the accelerated code, and without the
  // uniqueness and bounds checks of an array in the portable compression loop.
  private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
  )
  /// Whether the CPU's SHA extensions are used (checked once per process).
  package static let accelerated = csha256_accelerated() == 1
  private var block = [UInt8](repeating: 0, count: 64)
  private var blockCount = 0
  private var length: UInt64 = 0

  /// True to use the portable code even where the CPU has SHA extensions (for tests).
  private let portable: Bool

  package init(portable: Bool = false) {
    self.portable = portable
  }

  /// Feeds bytes into the hash.
  package mutating func update(_ bytes: UnsafeRawBufferPointer) {
    length &+= UInt64(bytes.count)
    var i = 0
    let n = bytes.count
    if blockCount > 0 {
      let take = min(64 - blockCount, n)
      block.withUnsafeMutableBytes {
        $0.baseAddress!.advanced(by: blockCount).copyMemory(from: bytes.baseAddress!, byteCount: take)
      }
      blockCount += take
      i = take
      if blockCount == 64 {
        block.withUnsafeBytes { compress($0.baseAddress!, blocks: 1) }
        blockCount = 0
      }
    }
    if n - i >= 64 {
      let blocks = (n - i) / 64
      compress(bytes.baseAddress! + i, blocks: blocks)
      i += blocks * 64
    }
    if i < n {
      block.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: bytes.baseAddress! + i, byteCount: n - i) }
      blockCount = n - i
    }
  }

  /// Feeds a byte array into the hash.
  package mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Returns the lowercase hexadecimal digest.
  package func hexDigest() -> String {
    var copy = self
    let bitLength = length &* 8
    // The padding (0x80, zeros, the length in bits) in one stack buffer: the digest of every
    // SCIM request's content key goes through here.
    let padding = (56 - (Int(length % 64) + 1) + 64) % 64
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 72) { tail in
      tail[0] = 0x80
      for j in 0..<padding { tail[1 + j] = 0 }
      for j in 0..<8 { tail[1 + padding + j] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - 8 * j)) }
      copy.update(UnsafeRawBufferPointer(start: tail.baseAddress, count: 1 + padding + 8))
    }
    return withUnsafeBytes(of: copy.state) { words in
      String(unsafeUninitializedCapacity: 64) { out in
        for w in 0..<8 {
          let word = words.load(fromByteOffset: w * 4, as: UInt32.self)
          for n in 0..<8 {
            let digit = UInt8(truncatingIfNeeded: word >> UInt32(28 - 4 * n)) & 0xF
            out[w * 8 + n] = digit < 10 ? 0x30 + digit : 0x57 + digit
          }
        }
        return 64
      }
    }
  }

  /// The digest as base64 (for Content-Security-Policy hashes).
  package func base64Digest() -> String {
    let hex = Array(hexDigest().utf8)
    var bytes: [UInt8] = []
    func v(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
    for i in stride(from: 0, to: hex.count, by: 2) { bytes.append(v(hex[i]) << 4 | v(hex[i + 1])) }
    let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
      let b0 = bytes[i]
      let b1 = i + 1 < bytes.count ? bytes[i + 1] : 0
      let b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
      out.append(table[Int(b0 >> 2)])
      out.append(table[Int((b0 & 3) << 4 | b1 >> 4)])
      out.append(i + 1 < bytes.count ? table[Int((b1 & 0xF) << 2 | b2 >> 6)] : UInt8(ascii: "="))
      out.append(i + 2 < bytes.count ? table[Int(b2 & 0x3F)] : UInt8(ascii: "="))
      i += 3
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Digest of a string's UTF-8 bytes.
  package static func hex(_ text: String) -> String {
    var hasher = SHA256()
    hasher.update(text)
    return hasher.hexDigest()
  }

  /// Feeds a string's UTF-8 bytes into the hash.
  package mutating func update(_ text: String) {
    var text = text
    text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
  }

  private mutating func compress(_ start: UnsafeRawPointer, blocks: Int) {
    if SHA256.accelerated && !portable {
      withUnsafeMutableBytes(of: &state) { h in
        let words = h.baseAddress!.assumingMemoryBound(to: UInt32.self)
        csha256_blocks(words, start.assumingMemoryBound(to: UInt8.self), blocks)
      }
      return
    }
    compressPortably(start, blocks: blocks)
  }

  private mutating func compressPortably(_ start: UnsafeRawPointer, blocks: Int) {
    SHA256.k.withUnsafeBufferPointer { kb in
      let k = kb.baseAddress!
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wb in
        let w = wb.baseAddress!
        for n in 0..<blocks {
          let p = start + n * 64
          for t in 0..<16 {
            w[t] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
          }
          for t in 16..<64 {
            let x = w[t - 15]
            let y = w[t - 2]
            let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
            let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
          }
          var (a, b, c, d, e, f, g, hh) = state
          for t in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            hh = g
            g = f
            f = e
            e = d &+ t1
            d = c
            c = b
            b = a
            a = t1 &+ t2
          }
          state = (
            state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g,
            state.7 &+ hh
          )
        }
      }
    }
  }

  @inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }
}
