import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

@Suite struct JSONReaderTests {
  @Test func errorTextNamesPositionExpectationAndShowsACaret() {
    let input = "{\n  \"a\": [1, 2,, 3]\n}"
    #expect(throws: ScimDiagError.self) { try JSONValue.parse(input) }
    do {
      _ = try JSONValue.parse(input)
    } catch {
      #expect(
        error.errorDescription
          == "<string>:2:14: invalid JSON: expected a JSON value, found ','\n" + "    \"a\": [1, 2,, 3]\n"
          + "               ^"
      )
    }
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(throws: ScimDiagError.tooDeep(path: "<string>", location: FilePosition(line: 1, column: 513), limit: 512)) {
      try JSONValue.parse(deep)
    }
  }

  @Test func valuesRoundTrip() throws {
    let text = #"{"b":[true,false,null,-1.5e3,"\u00e9\n\"x\""],"a":{}}"#
    let value = try JSONValue.parse(text)
    #expect(value.jsonText == #"{"b":[true,false,null,-1.5e3,"é\n\"x\""],"a":{}}"#)
    #expect(value.canonicalText == #"{"a":{},"b":[true,false,null,-1.5e3,"é\n\"x\""]}"#)
  }

  @Test func keysMatchIgnoringCaseAndSeparators() throws {
    let value = try JSONValue.parse(#"{"Status_Code": 204, "res": {"StatusCode": 500}}"#)
    #expect(value["statusCode"] == .number("204"))
    #expect(value.at("res.status-code") == .number("500"))
  }

  /// Lookups skip members by their first letter; names that begin with a separator or a
  /// non-ASCII letter, and exact matches after folded ones, must still be found.
  @Test func keyLookupEdgeCases() throws {
    let value = try JSONValue.parse(#"{"_id": 1, "Éclair": 2, "STATUS": 3, "status": 4, "-x-y": 5, "@t": 6, "`t": 7}"#)
    #expect(value["id"] == .number("1"))
    #expect(value["_ID"] == .number("1"))
    #expect(value["éclair"] == .number("2"))
    #expect(value["status"] == .number("4"))
    #expect(value["Status"] == .number("3"))
    #expect(value["xy"] == .number("5"))
    #expect(value["@t"] == .number("6"))
    #expect(value["`t"] == .number("7"))
    #expect(value["missing"] == nil)
    let paths: KeyPaths = ["nothing", "ID", "status"]
    #expect(value.first(paths) == .number("1"))
  }

  @Test func controlCharactersAreEscapedInJSONText() {
    let value = JSONValue.object([("k\u{1}", .string("a\u{0}b\tc\r\\d\u{1f}e"))])
    #expect(value.jsonText == #"{"k\u0001":"a\u0000b\tc\r\\d\u001fe"}"#)
  }

  @Test func invalidNumbersAreRejected() {
    #expect(throws: ScimDiagError.self) { try JSONValue.parse("01") }
    #expect(throws: ScimDiagError.self) { try JSONValue.parse("1.") }
    #expect(throws: ScimDiagError.self) { try JSONValue.parse("-") }
  }
}

@Suite struct TimestampTests {
  @Test(
    arguments: [
      ("2019-06-24T20:53:08Z", "2019-06-24T20:53:08.0000000Z"),
      ("2022-08-23T13:36:50.3538931Z", "2022-08-23T13:36:50.3538931Z"),
      ("2019-10-18T15:30:51.0273716+00:00", "2019-10-18T15:30:51.0273716Z"),
      ("2026-03-02 10:40:04.5", "2026-03-02T10:40:04.5000000Z"),
      ("2026-03-02T12:40:04.123456789+02:00", "2026-03-02T10:40:04.1234567Z"),
      ("10/Oct/2000:13:55:36 -0700", "2000-10-10T20:55:36.0000000Z"),
      ("[02/Mar/2026:10:40:01 +0000]", "2026-03-02T10:40:01.0000000Z"),
      ("2/5/26, 10:37:05 AM", "2026-02-05T10:37:05.0000000Z"),
      ("2/5/2026 10:37:05 PM", "2026-02-05T22:37:05.0000000Z"),
      ("1772448002500", "2026-03-02T10:40:02.5000000Z"),
      ("1772448002", "2026-03-02T10:40:02.0000000Z"),
      ("1772448002.25", "2026-03-02T10:40:02.2500000Z"),
      // Log Analytics portal CSV: US locale with milliseconds.
      ("6/15/2026, 3:50:30.492 PM", "2026-06-15T15:50:30.4920000Z"),
      ("6/15/2026, 12:05:09.7 AM", "2026-06-15T00:05:09.7000000Z"),
      // Epoch milliseconds and microseconds convert exactly, digit by digit.
      ("1772458230123", "2026-03-02T13:30:30.1230000Z"),
      ("1772458230123456", "2026-03-02T13:30:30.1234560Z"),
      ("1772458230.1", "2026-03-02T13:30:30.1000000Z"),
    ])
  func normalises(input: String, expected: String) {
    #expect(Timestamp.normalize(input) == expected)
  }

  @Test(arguments: ["", "not a time", "2026-13-01T00:00:00Z", "2026-03-02T10:40", "2026-03-02T10:40:00Zjunk"])
  func rejectsNonTimestamps(input: String) {
    #expect(Timestamp.normalize(input) == nil)
  }

  @Test func epochSecondsInvertsNormalize() {
    #expect(Timestamp.epochSeconds("2026-03-02T10:40:02.5000000Z") == 1_772_448_002.5)
  }
}

@Suite struct ScimFilterTests {
  @Test(
    arguments: [
      (#"userName eq "alice@contoso.com""#, "userName", "eq", "alice@contoso.com"),
      ("externalId eq jyoung", "externalId", "eq", "jyoung"),
      (#"emails[type eq "work"].value eq "a@b.c""#, #"emails[type eq "work"].value"#, "eq", "a@b.c"),
      (#"userName EQ "a\"b" and active eq true"#, "userName", "eq", #"a"b"#),
    ])
  func parsesTheFirstComparison(filter: String, attribute: String, op: String, value: String) {
    #expect(ScimFilter.firstComparison(filter) == .init(attribute: attribute, op: op, value: value))
  }

  @Test func urlDecodingHandlesPlusAndPercent() {
    #expect(URLDecoding.decode("userName+eq+%22a%40b.c%22") == #"userName eq "a@b.c""#)
  }
}

@Suite struct CredentialTests {
  @Test func bearerTokensAndJWTsAreRemovedFromText() {
    #expect(Credentials.scrubText("Authorization: Bearer abcdefgh12345678") == "Authorization: Bearer REDACTED")
    #expect(Credentials.scrubText("tok eyJhbGciOi.eyJzdWIiOiJ4In0.sig-part here") == "tok REDACTED here")
    #expect(Credentials.scrubText("a bearer of news") == "a bearer of news")
  }

  @Test func tokenQueryParametersAreRemoved() {
    #expect(
      Credentials.scrubPath("/Users?access_token=abc&filter=x&Sig=1")
        == "/Users?access_token=REDACTED&filter=x&Sig=REDACTED")
  }

  /// The precheck that lets values pass unchanged must never pass one `scrub` would change:
  /// tokens in any case, after punctuation or non-ASCII text, deep in a body.
  @Test func thePrecheckNeverSkipsACredential() throws {
    let tokens = [
      "BASIC dXNlcjpwYXNzd29yZA==", "x:Bearer abcdefgh12345678", "EYJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJlLXBhcnQ",
      "é Bearer abcdefghijk",
    ]
    for text in tokens {
      #expect(Credentials.scrubText(text) != text, "\(text)")
      #expect(Credentials.holdsCredential(try JSONValue.parse(#"{"a":[{"b":"\#(text)"}]}"#)), "\(text)")
    }
    for text in ["the number of members", "basic", "a bearer of news", ""] {
      #expect(Credentials.scrubText(text) == text)
    }
    #expect(Credentials.holdsCredential(.object([("client_secret", .string("x"))])))
    #expect(!Credentials.holdsCredential(.object([("client_secret", .null)])))
  }

  /// The fingerprint prechecks of query parameters and body members never let a sensitive
  /// name through, however it is spelled.
  @Test func everySensitiveNameIsCaughtInAnySpelling() throws {
    for name in Credentials.sensitiveNames {
      let spellings = [
        name, name.uppercased(), "_" + name, name.prefix(1) + "-" + name.dropFirst(),
        name.prefix(1).uppercased() + " "
          + name.dropFirst(),
      ]
      for spelling in spellings {
        let encoded = spelling.replacingOccurrences(of: " ", with: "%20")
        #expect(
          Credentials.scrubPath("/Users?filter=x&\(encoded)=value1") == "/Users?filter=x&\(encoded)=REDACTED",
          "\(spelling)")
        #expect(Credentials.scrubPath("/Users?\(encoded)=v") == "/Users?\(encoded)=REDACTED", "\(spelling)")
        let body = JSONValue.object([("a", .object([("x", .number("1")), (spelling, .string("v"))]))])
        #expect(Credentials.holdsCredential(body), "\(spelling)")
        #expect(Credentials.scrub(body).jsonText.contains("REDACTED"), "\(spelling)")
      }
    }
    #expect(
      Credentials.scrubPath("/Users?filter=userName+eq+%22a%22&count=1") == "/Users?filter=userName+eq+%22a%22&count=1")
  }
}

@Suite struct SHA256Tests {
  @Test func knownDigests() {
    #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex(String(repeating: "a", count: 1000))
        == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    #expect(
      SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  /// Feeding the bytes in pieces of any size gives the digest of feeding them at once.
  @Test func piecewiseUpdatesGiveTheWholeDigest() {
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      seed ^= seed << 13
      seed ^= seed >> 7
      seed ^= seed << 17
      return seed
    }
    for length in Array(0...130) + [1_000, 65_537] {
      let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
      var whole = SHA256()
      whole.update(bytes)
      var pieces = SHA256()
      var offset = 0
      while offset < length {
        let chunk = min(length - offset, Int(next() % 200) + 1)
        bytes[offset..<(offset + chunk)].withUnsafeBytes { pieces.update($0) }
        offset += chunk
      }
      #expect(pieces.hexDigest() == whole.hexDigest(), "length \(length)")
    }
  }

  /// RFC 4231 test case 2.
  @Test func hmacMatchesTheRFC() {
    #expect(
      SHA256.hmacHex(key: "Jefe", "what do ya want for nothing?")
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  }
}
