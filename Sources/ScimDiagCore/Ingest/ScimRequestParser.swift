import Foundation
import ScimDiagParsing

/// Builds `ScimRequest`s from a SCIM server's request log and extracts the facts the diagnosis
/// needs: resource type and id from the path, the `filter` parsed, PATCH operations as sent,
/// list-response totals and returned users, and POST body identities.
///
/// JSON Lines field names (first found wins; dots are nesting; keys match case-insensitively
/// ignoring `_`, `-` and spaces) are listed in the static arrays below and in docs/formats.md.
package enum ScimRequestParser {
  // ASP.NET Core servers (Microsoft's SCIM reference code among them) log requests through
  // Serilog: compact JSON (`@t`, `RequestMethod`, `RequestPath`, `QueryString`, `StatusCode`,
  // `Elapsed`) or the plain JSON formatter (`Timestamp` and the same under `Properties`).
  package static let timeKeys: KeyPaths = [
    "timestamp", "time", "@timestamp", "@t", "ts", "date", "datetime", "startTime", "req.time", "request.time",
    "request.timestamp",
  ]
  package static let methodKeys: KeyPaths = [
    "method", "req.method", "request.method", "http.request.method", "http.method", "httpMethod", "verb",
    "RequestMethod", "Properties.RequestMethod",
  ]
  package static let urlKeys: KeyPaths = [
    "url", "uri", "path", "originalUrl", "requestUri", "req.originalUrl", "req.url", "request.url", "request.uri",
    "request.path", "url.original", "http.url", "http.target", "RequestPath", "Properties.RequestPath",
  ]
  /// A query string logged apart from the path (Serilog's `QueryString`, with or without `?`).
  package static let queryKeys: KeyPaths = ["QueryString", "Properties.QueryString"]
  package static let statusKeys: KeyPaths = [
    "status", "statusCode", "res.statusCode", "res.status", "response.status", "response.statusCode",
    "http.response.status_code", "http.status_code", "Properties.StatusCode",
  ]
  package static let requestBodyKeys: KeyPaths = [
    "requestBody", "reqBody", "body", "req.body", "request.body", "http.request.body.content",
  ]
  package static let responseBodyKeys: KeyPaths = [
    "responseBody", "resBody", "res.body", "response.body", "http.response.body.content",
  ]
  package static let durationKeys: KeyPaths = [
    "durationMs", "duration", "responseTime", "elapsed", "latency", "took", "res.responseTime", "event.duration",
    "Properties.Elapsed",
  ]
  package static let userAgentKeys: KeyPaths = [
    "userAgent", "ua", "req.headers.user-agent", "request.headers.user-agent", "headers.user-agent",
    "user_agent.original", "http.user_agent", "http.request.headers.user-agent",
  ]
  package static let clientKeys: KeyPaths = [
    "remoteAddress", "remoteAddr", "ip", "clientIp", "req.remoteAddress", "request.remoteAddress", "source.ip",
    "client.ip",
  ]

  /// True when the object carries a method and a URL: a request-log line.
  package static func matches(_ record: JSONValue) -> Bool {
    record.first(methodKeys)?.text != nil && record.first(urlKeys) != nil
  }

  /// True for a HAR 1.2 entry.
  package static func matchesHAR(_ record: JSONValue) -> Bool {
    record["request"]?["method"] != nil && record["request"]?["url"] != nil && record["startedDateTime"] != nil
  }

  /// A request from one JSON Lines object.
  package static func parse(jsonLine r: JSONValue) throws(ProvisioningLogParser.Problem) -> ScimRequest {
    guard let timeValue = r.firstScalar(timeKeys), let timeText = timeValue.nonEmptyText else {
      throw .missing("a time field (\(timeKeys.names.prefix(4).joined(separator: ", ")), …)")
    }
    guard let time = Timestamp.normalize(timeText) else {
      throw .invalid("time '\(timeText.prefix(40))' is not a timestamp")
    }
    guard let method = r.firstScalar(methodKeys)?.nonEmptyText else { throw .missing("method") }
    var urlValue = r.first(urlKeys)
    if let u = urlValue, u.isObject {
      // ECS style: url.original or url.path + url.query.
      if let original = u["original"]?.nonEmptyText {
        urlValue = .string(original)
      } else if let p = u["path"]?.nonEmptyText {
        urlValue = .string(p + (u["query"]?.nonEmptyText.map { "?" + $0 } ?? ""))
      }
    }
    guard var url = urlValue?.nonEmptyText else { throw .missing("url") }
    if !url.contains("?"), let query = r.firstScalar(queryKeys)?.nonEmptyText {
      url += query.hasPrefix("?") ? query : "?" + query
    }
    let status = r.firstScalar(statusKeys)?.text.flatMap { Int($0) ?? Double($0).map { Int($0) } }
    let duration = r.firstScalar(durationKeys)?.text.flatMap { Double($0) }
    return build(
      time: time, method: method, url: url, status: status, duration: duration,
      userAgent: r.firstScalar(userAgentKeys)?.nonEmptyText, client: r.firstScalar(clientKeys)?.nonEmptyText,
      requestBody: r.first(requestBodyKeys), responseBody: r.first(responseBodyKeys))
  }

  /// A request from one HAR 1.2 `log.entries[]` element.
  package static func parse(harEntry e: JSONValue) throws(ProvisioningLogParser.Problem) -> ScimRequest {
    guard let started = e["startedDateTime"]?.nonEmptyText else { throw .missing("startedDateTime") }
    guard let time = Timestamp.normalize(started) else {
      throw .invalid("startedDateTime '\(started.prefix(40))' is not a timestamp")
    }
    let request = e["request"]!
    guard let method = request["method"]?.nonEmptyText, let url = request["url"]?.nonEmptyText else {
      throw .missing("request.method or request.url")
    }
    let userAgent = request["headers"]?.arrayValue?.first {
      $0["name"]?.text?.lowercased() == "user-agent"
    }?["value"]?.nonEmptyText
    var responseText = e["response"]?["content"]?["text"]
    if e["response"]?["content"]?["encoding"]?.text == "base64", let t = responseText?.text,
      let data = Data(base64Encoded: t)
    {
      responseText = .string(String(decoding: data, as: UTF8.self))
    }
    return build(
      time: time, method: method, url: url, status: e["response"]?["status"]?.text.flatMap { Int($0) },
      duration: e["time"]?.text.flatMap { Double($0) }, userAgent: userAgent,
      client: e["serverIPAddress"]?.nonEmptyText, requestBody: request["postData"]?["text"],
      responseBody: responseText)
  }

  /// A request from one NCSA common or combined access-log line; nil when the line is not one.
  ///
  /// `host ident user [10/Oct/2000:13:55:36 -0700] "GET /path HTTP/1.1" 200 2326 "referer" "agent"`
  package static func parse(ncsaLine line: String) -> ScimRequest? {
    let s = Array(line.utf8)
    guard let open = s.firstIndex(of: UInt8(ascii: "[")), let close = s[open...].firstIndex(of: UInt8(ascii: "]"))
    else { return nil }
    guard let time = Timestamp.normalize(String(decoding: s[(open + 1)..<close], as: UTF8.self)) else { return nil }
    var i = close + 1
    func quoted() -> String? {
      while i < s.count, s[i] == 0x20 { i += 1 }
      guard i < s.count, s[i] == UInt8(ascii: "\"") else { return nil }
      i += 1
      var out: [UInt8] = []
      while i < s.count, s[i] != UInt8(ascii: "\"") {
        if s[i] == UInt8(ascii: "\\"), i + 1 < s.count {
          i += 1
        }
        out.append(s[i])
        i += 1
      }
      guard i < s.count else { return nil }
      i += 1
      return String(decoding: out, as: UTF8.self)
    }
    func bare() -> String? {
      while i < s.count, s[i] == 0x20 { i += 1 }
      let start = i
      while i < s.count, s[i] != 0x20 { i += 1 }
      return i > start ? String(decoding: s[start..<i], as: UTF8.self) : nil
    }
    guard let requestLine = quoted() else { return nil }
    let parts = requestLine.split(separator: " ")
    guard parts.count >= 2 else { return nil }
    let status = bare().flatMap { Int($0) }
    _ = bare()
    _ = quoted()
    let agent = quoted()
    let host = s.firstIndex(of: 0x20).map { String(decoding: s[..<$0], as: UTF8.self) }
    return build(
      time: time, method: String(parts[0]), url: String(parts[1]), status: status, duration: nil,
      userAgent: agent.flatMap { $0 == "-" || $0.isEmpty ? nil : $0 }, client: host, requestBody: nil,
      responseBody: nil)
  }

  /// Assembles a request and extracts its facts; bodies and path are scrubbed of credentials.
  package static func build(
    time: String, method: String, url: String, status: Int?, duration: Double?, userAgent: String?, client: String?,
    requestBody: JSONValue?, responseBody: JSONValue?
  ) -> ScimRequest {
    let path = Credentials.scrubPath(stripOrigin(url))
    var r = ScimRequest(time: time, method: method.uppercased(), path: path)
    r.status = status
    r.durationMs = duration
    r.userAgent = userAgent.map(Credentials.scrubText)
    r.client = client
    let request = body(requestBody)
    let response = body(responseBody)
    r.requestBody = request.text
    r.responseBody = response.text
    extractPathFacts(into: &r)
    extractBodyFacts(request: request.json, response: response.json, into: &r)
    return r
  }

  /// A body as stored text (credentials removed) and as parsed JSON when it is JSON.
  private static func body(_ value: JSONValue?) -> (text: String?, json: JSONValue?) {
    guard let value, value != .null else { return (nil, nil) }
    if case .string(let s) = value {
      if s.isEmpty { return (nil, nil) }
      let parsed = value.unwrapped
      if parsed.isObject || parsed.arrayValue != nil {
        guard Credentials.holdsCredential(parsed) else { return (Credentials.scrubText(s), parsed) }
        let clean = Credentials.scrub(parsed)
        return (clean == parsed ? Credentials.scrubText(s) : clean.jsonText, clean)
      }
      return (Credentials.scrubText(s), nil)
    }
    let clean = Credentials.scrub(value)
    return (clean.jsonText, clean)
  }

  /// `https://host:port/scim/Users?x` → `/scim/Users?x`.
  private static func stripOrigin(_ url: String) -> String {
    let bytes = url.utf8
    var i = bytes.startIndex
    var schemeEnd: String.Index?
    while i < bytes.endIndex {
      if bytes[i] == UInt8(ascii: ":") {
        let rest = bytes[i...]
        if rest.starts(with: "://".utf8) {
          schemeEnd = bytes.index(i, offsetBy: 3)
          break
        }
      }
      i = bytes.index(after: i)
    }
    guard let schemeEnd else { return url }
    guard let slash = bytes[schemeEnd...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") })
    else { return "/" }
    return String(url[slash...])
  }

  private static let resourceTypes = [
    "users": "Users", "groups": "Groups", "schemas": "Schemas", "resourcetypes": "ResourceTypes",
    "serviceproviderconfig": "ServiceProviderConfig", "bulk": "Bulk", "me": "Me",
  ]

  private static func extractPathFacts(into r: inout ScimRequest) {
    let query: Substring?
    let pathOnly: Substring
    // Byte-level searches: every delimiter here is ASCII, and Character-level ones cost
    // grapheme breaking on every request.
    if let q = r.path.utf8.firstIndex(of: UInt8(ascii: "?")) {
      pathOnly = r.path[..<q]
      query = r.path[r.path.utf8.index(after: q)...]
    } else {
      pathOnly = r.path[...]
      query = nil
    }
    let found =
      pathOnly.utf8.withContiguousStorageIfAvailable(resourceSegment)
      ?? Array(pathOnly.utf8).withUnsafeBufferPointer(resourceSegment)
    if let (type, id) = found {
      r.resourceType = type
      r.resourceId = id
    }
    for part in query?.utf8.split(separator: UInt8(ascii: "&")) ?? [] {
      guard let eq = part.firstIndex(of: UInt8(ascii: "=")) else { continue }
      guard URLDecoding.decode(bytes: part[..<eq]).lowercased() == "filter" else { continue }
      let filter = URLDecoding.decode(bytes: part[part.index(after: eq)...])
      r.filter = filter
      if let c = ScimFilter.firstComparison(filter) {
        r.filterAttribute = c.attribute
        r.filterOperator = c.op
        r.filterValue = c.value
      }
    }
  }

  /// The last path segment that names a resource type (`Users`, any case, URL-encoded or
  /// not), and the segment after it decoded (the resource's id); nil when none does.
  private static func resourceSegment(_ path: UnsafeBufferPointer<UInt8>) -> (String, String?)? {
    var end = path.count
    var after: Range<Int>?
    while end > 0 {
      var start = end
      while start > 0 && path[start - 1] != UInt8(ascii: "/") { start -= 1 }
      if start < end {
        if let type = resourceType(UnsafeBufferPointer(rebasing: path[start..<end])) {
          return (type, after.map { URLDecoding.decode(bytes: path[$0], plusIsSpace: false) })
        }
        after = start..<end
      }
      guard start > 0 else { break }
      end = start - 1
    }
    return nil
  }

  private static let resourceTypeBytes = resourceTypes.map { (Array($0.key.utf8), $0.value) }

  /// The resource type a path segment names, compared byte by byte when it is plain ASCII.
  private static func resourceType(_ segment: UnsafeBufferPointer<UInt8>) -> String? {
    if segment.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "%") }) {
      return resourceTypes[URLDecoding.decode(bytes: segment, plusIsSpace: false).lowercased()]
    }
    for (name, type) in resourceTypeBytes where name.count == segment.count {
      if zip(name, segment).allSatisfy({ $0 == ($1 >= 0x41 && $1 <= 0x5A ? $1 | 0x20 : $1) }) { return type }
    }
    return nil
  }

  private static func resource(_ v: JSONValue) -> ListResource {
    ListResource(
      id: v["id"]?.nonEmptyText, userName: v["userName"]?.nonEmptyText, externalId: v["externalId"]?.nonEmptyText,
      active: v["active"].flatMap { $0 == .null ? nil : $0.jsonText })
  }

  private static func extractBodyFacts(request: JSONValue?, response: JSONValue?, into r: inout ScimRequest) {
    if let ops = request?["Operations"]?.arrayValue {
      for op in ops {
        let value = op["value"]
        let type: String?
        switch value {
        case .string?: type = "string"
        case .bool?: type = "boolean"
        case .number?: type = "number"
        case .object?: type = "object"
        case .array?: type = "array"
        case .null?: type = "null"
        case nil: type = nil
        }
        r.patchOperations.append(
          PatchOperation(op: op["op"]?.text ?? "", path: op["path"]?.text, value: value?.jsonText, valueType: type))
      }
    }
    if let request, request.isObject, request["Operations"] == nil {
      let res = resource(request)
      r.bodyUserName = res.userName
      r.bodyExternalId = res.externalId
      r.bodyActive = res.active
      r.bodyId = res.id
    }
    guard let response, response.isObject else { return }
    if let total = response["totalResults"]?.text {
      r.listTotalResults = Int(total)
      for item in response["Resources"]?.arrayValue ?? [] { r.listResources.append(resource(item)) }
    } else if response["id"] != nil || response["userName"] != nil {
      let res = resource(response)
      r.listResources.append(res)
      if r.method == "POST" || r.method == "PUT" {
        r.bodyId = res.id ?? r.bodyId
        r.bodyUserName = r.bodyUserName ?? res.userName
        r.bodyExternalId = r.bodyExternalId ?? res.externalId
        r.bodyActive = r.bodyActive ?? res.active
      }
    }
  }
}
