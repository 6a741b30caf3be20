import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// `JSONReader.readValue` parses through `FastJSONParser` and falls back to its byte-by-byte
/// path; both must give the same value, the same error and the same position afterwards.
@Suite struct FastJSONParserTests {
  /// The value or the error text, and the reader's position after it.
  private static func outcome(_ bytes: [UInt8], fast: Bool) -> String {
    let reader = JSONReader(bytes: bytes, path: "t.json", firstLine: 7)
    do {
      let value = fast ? try reader.readValue() : try reader.readValueByteByByte()
      return "\(value) @\(reader.location)"
    } catch {
      return (error.errorDescription ?? "\(error)") + " @\(reader.location)"
    }
  }

  private static func expectSame(_ text: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
      outcome(text, fast: true) == outcome(text, fast: false), "\(String(decoding: text, as: UTF8.self))",
      sourceLocation: sourceLocation)
  }

  @Test func handWrittenValuesAndErrorsAgree() {
    let cases = [
      #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, "  \n [ 1 , -0.5e+3 , 0 ]\n", #""plain""#,
      #""\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\""#, #""\ud800""#, #""\ud800x""#, #""\ud800\n""#, #""\ud800\u0041""#,
      #""\udc00""#, #""\ud800\ud800""#, "{}", "[]", "{\n\"a\"\n:\n[\n]\n}", "123", "-", "01", "1.", "1e", "1.5E-7",
      "tru", "nul", "falsey", #"{"a" 1}"#, #"{"a":1,}"#, "[1 2]", #"{"a":"b"#, "\"a\u{1}b\"", "\"a\nb\"", #""\x""#,
      #""\u12G4""#, "[", "{", "", "   ", #"{1:2}"#, "\"é\"", String(repeating: "[", count: 600),
    ]
    for text in cases { Self.expectSame(Array(text.utf8)) }
    // Invalid UTF-8 inside a string is repaired the same way.
    Self.expectSame([0x22, 0xFF, 0x61, 0xC3, 0x22])
  }

  /// Random documents of the characters that matter to the grammar, valid and not.
  @Test func randomDocumentsAgree() {
    var seed: UInt64 = 0x2545_F491_4F6C_DD1D
    func next(_ n: Int) -> Int {
      seed ^= seed << 13
      seed ^= seed >> 7
      seed ^= seed << 17
      return Int(seed % UInt64(n))
    }
    let pieces = [
      "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "d83d", "de00", "00e9", "\\n", "a", "1", "-", ".", "e", "true",
      "null", " ", "\n", "\"k\":", "\u{7}", "é",
    ]
    for _ in 0..<3_000 {
      let text = (0..<(1 + next(24))).map { _ in pieces[next(pieces.count)] }.joined()
      Self.expectSame(Array(text.utf8))
    }
    // Valid documents, cut at every length.
    let valid = #"{"id":"x\u00e9\ud83d\ude00","n":[1,-2.5e3,0],"o":{"t":true,"f":false,"z":null},"s":"a\"b"}"#
    let bytes = Array(valid.utf8)
    for cut in 0...bytes.count { Self.expectSame(Array(bytes[..<cut])) }
  }

  /// Streamed from a file: values that straddle the reader's chunks, a value larger than the
  /// fast path's lookahead, and line numbers counted across both paths.
  @Test func streamingAcrossChunksKeepsValuesAndLines() throws {
    let dir = TempDir()
    var records: [String] = []
    for i in 0..<3_000 {
      records.append(
        "{\n  \"id\": \"\(i)\",\n  \"text\": \"\(String(repeating: "x\\n", count: i % 97))\",\n  \"n\": [\(i), \(i).5]\n}"
      )
    }
    records.insert("{\"big\": \"\(String(repeating: "y", count: JSONReader.fastPathLookahead + 10))\"}", at: 1_500)
    let text = "[" + records.joined(separator: ",\n") + "\n, {\"bad\": tru}]"
    let path = dir.write("stream.json", Array(text.utf8))
    let reader = JSONReader(source: try ByteSource(path: path), path: path)
    let memory = JSONReader(bytes: Array(text.utf8), path: path)
    try reader.expect(UInt8(ascii: "["), "'['")
    try memory.expect(UInt8(ascii: "["), "'['")
    for i in 0..<records.count {
      let streamed = try reader.readValue()
      let expected = try memory.readValueByteByByte(depth: 1)
      #expect(streamed == expected, "record \(i)")
      #expect(reader.location == memory.location, "after record \(i)")
      #expect(try reader.consumeSeparator(close: UInt8(ascii: "]"), what: ","))
      #expect(try memory.consumeSeparator(close: UInt8(ascii: "]"), what: ","))
    }
    #expect(throws: ScimDiagError.self) { try reader.readValue() }
    do {
      _ = try reader.readValue()
    } catch {
      #expect(error.errorDescription?.hasPrefix("\(path):\(memory.currentLine):") == true)
    }
  }
}
