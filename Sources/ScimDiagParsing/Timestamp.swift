import Foundation

/// Parses the timestamp spellings found in Entra exports and HTTP logs and renders them as
/// one sortable UTC form, `YYYY-MM-DDTHH:MM:SS.fffffffZ` (seven fraction digits, as Entra).
package enum Timestamp {
  /// Normalises a timestamp string; nil when it is not a timestamp scimdiag can read.
  ///
  /// Accepts ISO-8601 (`T` or space, any number of fraction digits, `Z`, `+hh:mm`, `+hhmm`
  /// or no zone meaning UTC), NCSA `10/Oct/2000:13:55:36 -0700`, US portal dates
  /// `2/5/2026, 10:37:05 AM`, and epoch seconds/milliseconds/microseconds as digits.
  package static func normalize(_ text: String) -> String? {
    let s = Array(text.trimmingSpaces.utf8)
    guard !s.isEmpty else { return nil }
    if s.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }) {
      return fromEpoch(text.trimmingSpaces)
    }
    if let v = parseISO(s) { return v }
    if let v = parseNCSA(s) { return v }
    if let v = parseUS(s) { return v }
    return nil
  }

  /// Normalises an epoch number (seconds, milliseconds or microseconds, judged by size), in
  /// decimal arithmetic on the digits, so `1772458230123` is `.1230000`, not `.1229999`.
  package static func fromEpoch(_ text: String) -> String? {
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let integer = parts.first, !integer.isEmpty, integer.count <= 18,
      integer.allSatisfy({ $0.isASCII && $0.isNumber }), let whole = Int64(integer)
    else { return nil }
    let fractionDigits = parts.count > 1 ? parts[1] : ""
    guard fractionDigits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    // The integer's unit: seconds, milliseconds or microseconds, judged by size.
    let unitDigits = whole > 100_000_000_000_000 ? 6 : whole > 100_000_000_000 ? 3 : 0
    var scale: Int64 = 1
    for _ in 0..<unitDigits { scale *= 10 }
    let seconds = whole / scale
    // The fraction of a second in 10^-7 units: the integer's sub-second digits, then the
    // digits after the point, padded or cut to seven.
    var digits = ""
    if unitDigits > 0 {
      let subSecond = String(whole % scale)
      digits = String(repeating: "0", count: unitDigits - subSecond.count) + subSecond
    }
    digits += fractionDigits
    let seven = String((digits + "0000000").prefix(7))
    guard whole > 0 || Int64(seven) ?? 0 > 0, seconds < 253_402_300_800, let fraction = Int64(seven) else {
      return nil
    }
    return render(epochSeconds: seconds, fraction7: fraction)
  }

  package static func render(epochSeconds: Int64, fraction7: Int64) -> String {
    let days = Int64((Double(epochSeconds) / 86400).rounded(.down))
    let secs = epochSeconds - days * 86400
    let (y, m, d) = civil(fromDays: days)
    if y >= 0 && y <= 9999 && fraction7 >= 0 && fraction7 <= 9_999_999 {
      // `YYYY-MM-DDTHH:MM:SS.fffffffZ` written as bytes: the padded pieces below cost a dozen
      // small strings per timestamp, and every SCIM request log line has one.
      return String(unsafeUninitializedCapacity: 28) { out in
        func put(_ value: Int64, at start: Int, width: Int, then separator: UInt8) {
          var v = value
          for k in stride(from: start + width - 1, through: start, by: -1) {
            out[k] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
            v /= 10
          }
          out[start + width] = separator
        }
        put(y, at: 0, width: 4, then: UInt8(ascii: "-"))
        put(m, at: 5, width: 2, then: UInt8(ascii: "-"))
        put(d, at: 8, width: 2, then: UInt8(ascii: "T"))
        put(secs / 3600, at: 11, width: 2, then: UInt8(ascii: ":"))
        put(secs / 60 % 60, at: 14, width: 2, then: UInt8(ascii: ":"))
        put(secs % 60, at: 17, width: 2, then: UInt8(ascii: "."))
        put(fraction7, at: 20, width: 7, then: UInt8(ascii: "Z"))
        return 28
      }
    }
    return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(secs / 3600, 2) + ":"
      + pad(secs / 60 % 60, 2) + ":" + pad(secs % 60, 2) + "." + pad(fraction7, 7) + "Z"
  }

  /// Seconds since the epoch for a normalised timestamp.
  package static func epochSeconds(_ normalized: String) -> Double? {
    let s = Array(normalized.utf8)
    guard s.count >= 19, let y = num(s, 0, 4), let mo = num(s, 5, 2), let d = num(s, 8, 2),
      let h = num(s, 11, 2), let mi = num(s, 14, 2), let se = num(s, 17, 2)
    else { return nil }
    var frac = 0.0
    if s.count > 20, s[19] == UInt8(ascii: "."), let f = num(s, 20, 7) { frac = Double(f) / 1e7 }
    return Double(days(fromCivil: y, mo, d) * 86400 + h * 3600 + mi * 60 + se) + frac
  }

  private static func pad(_ v: Int64, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  private static func num(_ s: [UInt8], _ at: Int, _ len: Int) -> Int64? {
    guard at + len <= s.count else { return nil }
    var v: Int64 = 0
    for i in at..<(at + len) {
      let c = s[i]
      guard c >= 0x30 && c <= 0x39 else { return nil }
      v = v * 10 + Int64(c - 0x30)
    }
    return v
  }

  private static func parseISO(_ s: [UInt8]) -> String? {
    guard s.count >= 19, let y = num(s, 0, 4), s[4] == UInt8(ascii: "-"), let mo = num(s, 5, 2),
      s[7] == UInt8(ascii: "-"), let d = num(s, 8, 2), s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: " "),
      let h = num(s, 11, 2), s[13] == UInt8(ascii: ":"), let mi = num(s, 14, 2), s[16] == UInt8(ascii: ":"),
      let se = num(s, 17, 2)
    else { return nil }
    var i = 19
    var fraction: Int64 = 0
    if i < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ",") {
      i += 1
      var digits = 0
      while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
        if digits < 7 { fraction = fraction * 10 + Int64(s[i] - 0x30) }
        digits += 1
        i += 1
      }
      guard digits > 0 else { return nil }
      for _ in min(digits, 7)..<7 { fraction *= 10 }
    }
    var offset: Int64 = 0
    if i < s.count, s[i] == UInt8(ascii: " ") { i += 1 }
    if i < s.count {
      if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
        i += 1
      } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
        let sign: Int64 = s[i] == UInt8(ascii: "-") ? -1 : 1
        guard let oh = num(s, i + 1, 2) else { return nil }
        var j = i + 3
        if j < s.count, s[j] == UInt8(ascii: ":") { j += 1 }
        guard let om = num(s, j, 2) else { return nil }
        offset = sign * (oh * 3600 + om * 60)
        i = j + 2
      } else if s[i...].elementsEqual("UTC".utf8) {
        i += 3
      }
    }
    guard i == s.count else { return nil }
    return build(y, mo, d, h, mi, se, fraction, offset)
  }

  private static func build(
    _ y: Int64, _ mo: Int64, _ d: Int64, _ h: Int64, _ mi: Int64, _ se: Int64, _ fraction: Int64, _ offset: Int64
  ) -> String? {
    guard (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61 else { return nil }
    let epoch = days(fromCivil: y, mo, d) * 86400 + h * 3600 + mi * 60 + min(se, 59) - offset
    return render(epochSeconds: epoch, fraction7: fraction)
  }

  private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

  /// `10/Oct/2000:13:55:36 -0700`, optionally in brackets.
  private static func parseNCSA(_ input: [UInt8]) -> String? {
    var s = input
    if s.first == UInt8(ascii: "[") { s.removeFirst() }
    if s.last == UInt8(ascii: "]") { s.removeLast() }
    guard s.count >= 20, let d = num(s, 0, 2), s[2] == UInt8(ascii: "/"), s[6] == UInt8(ascii: "/"),
      let y = num(s, 7, 4), s[11] == UInt8(ascii: ":"), let h = num(s, 12, 2), let mi = num(s, 15, 2),
      let se = num(s, 18, 2)
    else { return nil }
    let mon = String(decoding: s[3..<6], as: UTF8.self).lowercased()
    guard let mIndex = months.firstIndex(of: mon) else { return nil }
    var offset: Int64 = 0
    if s.count >= 26, s[20] == UInt8(ascii: " "), s[21] == UInt8(ascii: "+") || s[21] == UInt8(ascii: "-"),
      let oh = num(s, 22, 2), let om = num(s, 24, 2)
    {
      offset = (s[21] == UInt8(ascii: "-") ? -1 : 1) * (oh * 3600 + om * 60)
    }
    return build(y, Int64(mIndex + 1), d, h, mi, se, 0, offset)
  }

  /// `2/5/2026, 10:37:05 AM` or `2/5/26 10:37:05 PM` or `2/5/2026 22:37:05` (US order, UTC).
  private static func parseUS(_ s: [UInt8]) -> String? {
    let text = String(decoding: s, as: UTF8.self).replacingOccurrences(",", " ")
    let parts = text.split(separator: " ").map(String.init)
    guard parts.count >= 2 else { return nil }
    let date = parts[0].split(separator: "/").compactMap { Int64($0) }
    // Log Analytics writes milliseconds: `3:50:30.492 PM`.
    let clock = parts[1].split(separator: ".", maxSplits: 1)
    let time = clock[0].split(separator: ":").compactMap { Int64($0) }
    guard date.count == 3, time.count >= 2, time.count == clock[0].split(separator: ":").count else { return nil }
    var fraction: Int64 = 0
    if clock.count > 1 {
      guard clock[1].allSatisfy({ $0.isASCII && $0.isNumber }), let f = Int64((clock[1] + "0000000").prefix(7))
      else { return nil }
      fraction = f
    }
    var y = date[2]
    if y < 100 { y += 2000 }
    var h = time[0]
    if parts.count >= 3 {
      let ampm = parts[2].uppercased()
      if ampm == "PM" && h < 12 { h += 12 }
      if ampm == "AM" && h == 12 { h = 0 }
    }
    return build(y, date[0], date[1], h, time[1], time.count > 2 ? time[2] : 0, fraction, 0)
  }

  /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
  private static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }
}

extension String {
  /// Replaces every occurrence of `target` (a small helper that avoids Foundation).
  package func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = self[...]
    while let r = rest.range(of: target) {
      out += rest[..<r.lowerBound]
      out += replacement
      rest = rest[r.upperBound...]
    }
    out += rest
    return out
  }
}
