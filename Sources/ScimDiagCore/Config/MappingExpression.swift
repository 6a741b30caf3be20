import ScimDiagParsing

/// Entra's attribute-mapping expression language, far enough to evaluate real mappings:
/// attribute references (`[IsSoftDeleted]`), string constants (`"False"`), numbers, and
/// function calls with nested and empty arguments
/// (`Switch([IsSoftDeleted], , "False", "True", "True", "False")`).
package indirect enum MappingExpression: Sendable, Equatable {
  case attribute(String)
  case constant(String)
  case empty
  case call(String, [MappingExpression])

  /// A parse error: the 1-based column and what was expected.
  package struct ParseError: Error, Equatable, CustomStringConvertible {
    package var column: Int
    package var message: String
    package var description: String { "column \(column): \(message)" }
  }

  /// An evaluation error: an unknown function or a wrong argument count, by name.
  package enum EvaluationError: Error, Equatable, CustomStringConvertible {
    case unknownFunction(String)
    case arguments(String, expected: String, found: Int)

    package var description: String {
      switch self {
      case .unknownFunction(let name):
        return "unknown function \(name); scimdiag evaluates \(MappingExpression.functions.joined(separator: ", "))"
      case .arguments(let name, let expected, let found): return "\(name) takes \(expected) arguments, found \(found)"
      }
    }
  }

  package static let functions = [
    "Append", "CBool", "CStr", "Coalesce", "IIF", "IsNull", "IsNullOrEmpty", "IsPresent", "IsString", "Join", "Not",
    "Replace", "Switch", "ToLower", "ToUpper", "Trim",
  ]

  // MARK: Parsing

  package static func parse(_ text: String) throws(ParseError) -> MappingExpression {
    var p = Parser(chars: Array(text.unicodeScalars))
    p.skipSpaces()
    let e = try p.expression(allowEmpty: false)
    p.skipSpaces()
    if p.i < p.chars.count {
      throw ParseError(column: p.i + 1, message: "expected the end of the expression, found '\(p.chars[p.i])'")
    }
    return e
  }

  struct Parser {
    var chars: [Unicode.Scalar]
    var i = 0

    mutating func skipSpaces() { while i < chars.count, chars[i].properties.isWhitespace { i += 1 } }

    mutating func expression(allowEmpty: Bool) throws(ParseError) -> MappingExpression {
      skipSpaces()
      guard i < chars.count else {
        if allowEmpty { return .empty }
        throw ParseError(column: i + 1, message: "expected an expression, found the end")
      }
      let c = chars[i]
      if c == "[" {
        let start = i
        i += 1
        var name = ""
        while i < chars.count, chars[i] != "]" {
          name.unicodeScalars.append(chars[i])
          i += 1
        }
        guard i < chars.count else {
          throw ParseError(column: start + 1, message: "expected ']' to close the attribute name")
        }
        i += 1
        return .attribute(name)
      }
      if c == "\"" {
        let start = i
        i += 1
        var value = ""
        while i < chars.count, chars[i] != "\"" {
          if chars[i] == "\\", i + 1 < chars.count { i += 1 }
          value.unicodeScalars.append(chars[i])
          i += 1
        }
        guard i < chars.count else { throw ParseError(column: start + 1, message: "expected '\"' to close the string") }
        i += 1
        return .constant(value)
      }
      if c == "," || c == ")" {
        if allowEmpty { return .empty }
        throw ParseError(column: i + 1, message: "expected an expression, found '\(c)'")
      }
      if c.properties.isAlphabetic || c.properties.numericType != nil || c == "-" {
        let start = i
        var word = ""
        while i < chars.count,
          chars[i].properties.isAlphabetic || chars[i].properties.numericType != nil || chars[i] == "_"
            || chars[i] == "." || chars[i] == "-"
        {
          word.unicodeScalars.append(chars[i])
          i += 1
        }
        skipSpaces()
        if i < chars.count, chars[i] == "(" {
          i += 1
          return .call(word, try arguments(of: word))
        }
        if word.unicodeScalars.allSatisfy({ $0.properties.numericType != nil || $0 == "-" || $0 == "." }) {
          return .constant(word)
        }
        if word.lowercased() == "true" || word.lowercased() == "false" { return .constant(word) }
        throw ParseError(
          column: start + 1, message: "expected '(' after the function name \(word), or quotes around a constant")
      }
      throw ParseError(
        column: i + 1, message: "expected an attribute [Name], a \"constant\" or a function call, found '\(c)'")
    }

    /// The arguments of a call to `function`, after its '(' up to and including its ')'.
    mutating func arguments(of function: String) throws(ParseError) -> [MappingExpression] {
      var args: [MappingExpression] = []
      skipSpaces()
      if i < chars.count, chars[i] == ")" {
        i += 1
        return args
      }
      while true {
        args.append(try expression(allowEmpty: true))
        skipSpaces()
        guard i < chars.count else {
          throw ParseError(column: i + 1, message: "expected ',' or ')' in the arguments of \(function)")
        }
        if chars[i] == "," {
          i += 1
          continue
        }
        if chars[i] == ")" {
          i += 1
          return args
        }
        throw ParseError(
          column: i + 1, message: "expected ',' or ')' in the arguments of \(function), found '\(chars[i])'")
      }
    }
  }

  // MARK: Evaluation

  /// Evaluates with attribute values (nil for a missing attribute); results are strings or nil,
  /// as in Entra, where booleans are "True" and "False".
  package func evaluate(_ attributes: [String: String]) throws(EvaluationError) -> String? {
    switch self {
    case .attribute(let name):
      if let v = attributes[name] { return v }
      return attributes.first { $0.key.lowercased() == name.lowercased() }?.value
    case .constant(let v): return v
    case .empty: return nil
    case .call(let name, let args):
      var values: [String?] = []
      for a in args { values.append(try a.evaluate(attributes)) }
      return try MappingExpression.apply(name, values, args: args, attributes: attributes)
    }
  }

  static func bool(_ v: String?) -> Bool? {
    switch v?.lowercased() {
    case "true"?, "1"?: return true
    case "false"?, "0"?: return false
    default: return nil
    }
  }

  static func text(_ b: Bool) -> String { b ? "True" : "False" }

  private static func apply(_ name: String, _ v: [String?], args: [MappingExpression], attributes: [String: String])
    throws(EvaluationError) -> String?
  {
    func need(_ range: ClosedRange<Int>, _ text: String) throws(EvaluationError) {
      if !range.contains(v.count) { throw .arguments(name, expected: text, found: v.count) }
    }
    switch name.lowercased() {
    case "switch":
      // Switch(source, defaultValue, key1, value1, key2, value2, …)
      guard v.count >= 4, v.count % 2 == 0 else {
        throw .arguments(
          name, expected: "source, default and key/value pairs (an even number, at least 4)", found: v.count)
      }
      for k in stride(from: 2, to: v.count, by: 2) where v[k]?.lowercased() == v[0]?.lowercased() { return v[k + 1] }
      return v[1]
    case "not":
      try need(1...1, "1")
      return bool(v[0]).map { text(!$0) }
    case "iif":
      try need(3...3, "3")
      return bool(v[0]) == true ? v[1] : v[2]
    case "cbool":
      try need(1...1, "1")
      return bool(v[0]).map(text)
    case "cstr":
      try need(1...1, "1")
      return v[0]
    case "tolower":
      try need(1...2, "1 or 2")
      return v[0]?.lowercased()
    case "toupper":
      try need(1...2, "1 or 2")
      return v[0]?.uppercased()
    case "trim":
      try need(1...1, "1")
      return v[0]?.trimmingSpaces
    case "coalesce":
      try need(1...64, "1 or more")
      return v.first { ($0 ?? "").isEmpty == false } ?? nil
    case "join":
      try need(1...64, "a separator and values")
      return v.dropFirst().compactMap { $0 }.joined(separator: v[0] ?? "")
    case "append":
      try need(2...2, "2")
      return (v[0] ?? "") + (v[1] ?? "")
    case "replace":
      // Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template):
      // the plain oldValue → replacementValue form.
      try need(2...7, "2 to 7")
      guard let source = v[0], let old = v[1], !old.isEmpty else { return v[0] }
      return source.replacingOccurrences(old, v.count > 4 ? (v[4] ?? "") : "")
    case "isnull":
      try need(1...1, "1")
      return text(v[0] == nil)
    case "isnullorempty":
      try need(1...1, "1")
      return text((v[0] ?? "").isEmpty)
    case "ispresent":
      try need(1...1, "1")
      return text(!(v[0] ?? "").isEmpty)
    case "isstring":
      try need(1...1, "1")
      return text(v[0] != nil)
    default:
      throw .unknownFunction(name)
    }
  }

  /// Every attribute the expression reads.
  package var attributes: [String] {
    switch self {
    case .attribute(let n): return [n]
    case .constant, .empty: return []
    case .call(_, let args): return args.flatMap(\.attributes)
    }
  }
}
