import Foundation
import ScimDiagParsing

/// The first comparison of a SCIM filter (`userName eq "a@b"`, `externalId eq abc and …`).
package enum ScimFilter {
  package struct Comparison: Equatable, Sendable {
    package var attribute: String
    package var op: String
    package var value: String?
  }

  package static func firstComparison(_ filter: String) -> Comparison? {
    let s = Array(filter.utf8)
    var i = 0
    func skipSpaces() { while i < s.count, s[i] == 0x20 || s[i] == 0x09 { i += 1 } }
    skipSpaces()
    while i < s.count, s[i] == UInt8(ascii: "(") {
      i += 1
      skipSpaces()
    }
    let attrStart = i
    var bracket = 0
    while i < s.count {
      if s[i] == UInt8(ascii: "[") { bracket += 1 }
      if s[i] == UInt8(ascii: "]") { bracket -= 1 }
      if bracket == 0 && s[i] == 0x20 { break }
      i += 1
    }
    guard i > attrStart else { return nil }
    let attribute = String(decoding: s[attrStart..<i], as: UTF8.self)
    skipSpaces()
    let opStart = i
    while i < s.count, s[i] != 0x20 { i += 1 }
    let op = String(decoding: s[opStart..<i], as: UTF8.self).lowercased()
    guard ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr"].contains(op) else { return nil }
    if op == "pr" { return Comparison(attribute: attribute, op: op, value: nil) }
    skipSpaces()
    guard i < s.count else { return Comparison(attribute: attribute, op: op, value: nil) }
    var value: [UInt8] = []
    if s[i] == UInt8(ascii: "\"") {
      i += 1
      while i < s.count, s[i] != UInt8(ascii: "\"") {
        if s[i] == UInt8(ascii: "\\"), i + 1 < s.count { i += 1 }
        value.append(s[i])
        i += 1
      }
    } else {
      while i < s.count, s[i] != 0x20, s[i] != UInt8(ascii: ")") {
        value.append(s[i])
        i += 1
      }
    }
    return Comparison(attribute: attribute, op: op, value: String(decoding: value, as: UTF8.self))
  }
}
