import Foundation
import ScimDiagParsing

/// A request `test-server` sends: a method, a path below the SCIM base URL (with its query,
/// already encoded), and a JSON body.
package struct TestRequest: Sendable, Codable, Equatable {
  package var method: String
  package var path: String
  package var body: String?
}

/// What came back: the status, the body, and how long it took.
package struct TestResponse: Sendable, Codable, Equatable {
  package var status: Int
  package var body: String
  package var milliseconds: Int

  package init(status: Int, body: String, milliseconds: Int) {
    self.status = status
    self.body = body
    self.milliseconds = milliseconds
  }
}

/// Why a request got no answer at all.
package enum TransportFailure: Error, Sendable, Equatable {
  /// Nothing listens there, the name does not resolve, or TLS failed.
  case unreachable(String)
  case timedOut(seconds: Double)
}

/// Sends one request (the CLI's is URLSession; the dry run's answers like a compliant server).
package protocol TestTransport {
  func send(_ request: TestRequest) throws(TransportFailure) -> TestResponse
}

/// One request and its answer, numbered in the report.
package struct TestExchange: Sendable, Codable, Equatable {
  package var number: Int
  package var time: String
  package var request: TestRequest
  package var response: TestResponse?
  package var failure: String?
}

/// The outcome of `scimdiag test-server`.
package struct ServerTestReport: Sendable, Codable, Equatable {
  package var scimdiag = ScimDiagVersion.current
  package var baseURL: String
  package var startedAt: String
  package var dryRun: Bool
  package var checks: [ServerCheck]
  package var exchanges: [TestExchange]
  /// Why testing stopped early (the endpoint unreachable, the token refused, the budget spent).
  package var stopped: String?

  package var failed: [ServerCheck] { checks.filter { $0.passed == false } }
  package var passed: Bool { stopped == nil && checks.allSatisfy { $0.passed == true } }
}

/// Runs the checks against a SCIM endpoint through `transport`: it creates two test users with
/// unique userNames, sends them what Entra sends when it matches, disables and deletes users,
/// deletes them at the end whatever happened, and touches no other resource.
package final class ServerTester {
  let transport: any TestTransport
  let baseURL: String
  let budget: Int
  let now: () -> String
  let token: String
  private(set) var exchanges: [TestExchange] = []
  private var checks: [String: ServerCheck] = [:]
  private var created: [String] = []
  private var stopped: String?
  private var invalid: [String] = []
  private var invalidEvidence: [Int] = []
  /// The server answered GET of an id it cannot have with 200.
  private var unknownIdAnswered200 = false

  /// `token` makes the test users' names unique (eight hex digits); `now` stamps each exchange.
  package init(
    transport: any TestTransport, baseURL: String, budget: Int = 40, token: String, now: @escaping () -> String
  ) {
    self.transport = transport
    self.baseURL = baseURL
    self.budget = budget
    self.token = token
    self.now = now
    for c in ServerCheck.catalog { checks[c.id] = c }
  }

  /// The test user's userName, and the one with an apostrophe and a plus sign.
  var userName: String { "scimdiag-test-\(token)@scimdiag.invalid" }
  var specialUserName: String { "o'neil+scimdiag-\(token)@scimdiag.invalid" }

  package func run(dryRun: Bool = false) -> ServerTestReport {
    let started = now()
    do {
      try probe()
      if let id = try create(userName, check: "create") {
        // Both users exist before any filter is judged: a server that ignores filters then
        // answers with two users, not with the one it happens to hold.
        let special = try createSpecial()
        try filters(id: id)
        try specialFilter(special)
        try disable(id: id)
        try unknownId()
        try delete(id: id)
      }
    } catch {
      // `stopped` says why; the users created so far are removed below.
    }
    cleanUp()
    validity()
    return ServerTestReport(
      baseURL: baseURL, startedAt: started, dryRun: dryRun,
      checks: ServerCheck.catalog.map { checks[$0.id]! }, exchanges: exchanges, stopped: stopped)
  }

  struct Stop: Error {}

  /// Sends a request within the budget; stops the run when the endpoint cannot be reached or
  /// refuses the token.
  private func send(_ method: String, _ path: String, body: String? = nil) throws -> (TestResponse, Int) {
    guard exchanges.count < budget else {
      stopped = stopped ?? "the request budget (\(budget)) was spent"
      throw Stop()
    }
    let request = TestRequest(method: method, path: path, body: body)
    let number = exchanges.count + 1
    var exchange = TestExchange(number: number, time: now(), request: request)
    do {
      let response = try transport.send(request)
      exchange.response = response
      exchanges.append(exchange)
      if response.status == 401 || response.status == 403 {
        stopped =
          "the endpoint refused the token (HTTP \(response.status) to \(method) \(path)); check --token-file or --token-env"
        throw Stop()
      }
      noteValidity(response, number: number, isList: method == "GET" && path.contains("filter="))
      return (response, number)
    } catch let failure as TransportFailure {
      switch failure {
      case .unreachable(let why): exchange.failure = "no answer: \(why)"
      case .timedOut(let s): exchange.failure = "no answer within \(Int(s)) s"
      }
      exchanges.append(exchange)
      stopped =
        exchanges.count == 1
        ? "cannot reach \(baseURL): \(exchange.failure!); is the server running, and is this its SCIM base URL (the one Entra's tenant URL names)?"
        : "\(method) \(path) got \(exchange.failure!)"
      throw Stop()
    }
  }

  private func pass(_ id: String, _ detail: String, _ evidence: [Int]) {
    checks[id]?.passed = true
    checks[id]?.detail = detail
    checks[id]?.evidence = evidence
  }

  private func fail(_ id: String, _ detail: String, _ evidence: [Int], cause: String? = nil) {
    checks[id]?.passed = false
    checks[id]?.detail = detail
    checks[id]?.evidence = evidence
    if let cause { checks[id]?.cause = cause }
  }

  // MARK: The requests

  /// `filter=userName+eq+%22…%22`, as Entra encodes it.
  static func filterPath(_ value: String) -> String {
    "/Users?filter=userName+eq+%22\(percentEncoded(value))%22"
  }

  /// Every byte but RFC 3986's unreserved characters percent-encoded, as Entra sends values.
  static func percentEncoded(_ s: String) -> String {
    s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s
  }

  private static let unreserved = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

  /// Entra's create body (reference B1) for `name`.
  static func createBody(_ name: String) -> String {
    let local = String(name.prefix { $0 != "@" })
    let body: JSONValue = .object([
      (
        "schemas",
        .array([
          .string("urn:ietf:params:scim:schemas:core:2.0:User"),
          .string("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
        ])
      ),
      ("externalId", .string(local)),
      ("userName", .string(name)),
      ("active", .bool(true)),
      (
        "emails",
        .array([.object([("primary", .bool(true)), ("type", .string("work")), ("value", .string(name))])])
      ),
      ("meta", .object([("resourceType", .string("User"))])),
      (
        "name",
        .object([
          ("formatted", .string("scimdiag test")), ("familyName", .string("test")), ("givenName", .string("scimdiag")),
        ])
      ),
      ("roles", .array([])),
    ])
    return body.jsonText
  }

  static func patchBody(op: String, value: JSONValue) -> String {
    JSONValue.object([
      ("schemas", .array([.string("urn:ietf:params:scim:api:messages:2.0:PatchOp")])),
      ("Operations", .array([.object([("op", .string(op)), ("path", .string("active")), ("value", value)])])),
    ]).jsonText
  }

  private static func json(_ r: TestResponse) -> JSONValue? { try? JSONValue.parse(r.body) }

  /// The list response's resources, or nil when the answer is not a list.
  private static func resources(_ r: TestResponse) -> [JSONValue]? {
    guard r.status == 200, let j = json(r) else { return nil }
    if let list = j["Resources"]?.arrayValue { return list }
    if j["totalResults"]?.text == "0" { return [] }
    return nil
  }

  private static func active(_ r: TestResponse) -> Bool? {
    guard let v = json(r)?["active"] else { return nil }
    switch v {
    case .bool(let b): return b
    case .string(let s): return s.lowercased() == "true" ? true : s.lowercased() == "false" ? false : nil
    default: return nil
    }
  }

  /// "active true" (or what the answer had instead) for a GET of the test user.
  private static func activeText(_ r: TestResponse) -> String {
    guard r.status == 200 else { return summary(r) }
    return json(r)?["active"].map { "active \($0.text ?? "null")" } ?? "no active attribute"
  }

  private static func summary(_ r: TestResponse) -> String {
    let body = r.body.count > 160 ? String(r.body.prefix(160)) + "…" : r.body
    return "\(r.status)" + (body.isEmpty ? "" : " \(body)")
  }

  private func probe() throws {
    let guid = "\(token)-0000-4000-8000-\(token)0000"
    let (r, n) = try send("GET", Self.filterPath(guid))
    if let list = Self.resources(r), list.isEmpty {
      pass("probe-empty", "200 with no resources", [n])
    } else {
      fail("probe-empty", "expected 200 and an empty ListResponse, got \(Self.summary(r))", [n])
    }
  }

  private func create(_ name: String, check: String?) throws -> String? {
    let (r, n) = try send("POST", "/Users", body: Self.createBody(name))
    let j = Self.json(r)
    guard (200...299).contains(r.status), let id = j?["id"]?.nonEmptyText else {
      if let check { fail(check, "expected 201 with an id, got \(Self.summary(r))", [n]) }
      return nil
    }
    created.append(id)
    if let check {
      if r.status == 201 && Self.active(r) != false {
        pass(check, "201, id \(id)", [n])
      } else {
        fail(check, "created, but answered \(r.status)\(Self.active(r) == false ? " with active false" : "")", [n])
      }
    }
    return id
  }

  /// Exactly the user with `id`, in a filter's answer.
  private func findsExactly(_ value: String, id: String) throws -> (Bool, String, Int) {
    let (r, n) = try send("GET", Self.filterPath(value))
    guard let list = Self.resources(r) else { return (false, "expected a ListResponse, got \(Self.summary(r))", n) }
    let ids = list.compactMap { $0["id"]?.text }
    if ids == [id] { return (true, "one result, the test user", n) }
    if ids.isEmpty { return (false, "no result for a user that exists", n) }
    return (false, "\(ids.count) results (\(ids.prefix(3).joined(separator: ", "))…) instead of the test user alone", n)
  }

  private func filters(id: String) throws {
    let (exact, detail, n) = try findsExactly(userName, id: id)
    if exact { pass("filter-exact", detail, [n]) } else { fail("filter-exact", detail, [n]) }
    let upper = userName.uppercased()
    let (found, caseDetail, m) = try findsExactly(upper, id: id)
    if !exact {
      checks["filter-case"]?.detail = "not judged: the server does not filter by userName at all"
    } else if found {
      pass("filter-case", "\(upper) finds the user", [m])
    } else {
      fail("filter-case", "\(upper): \(caseDetail)", [m])
    }
  }

  /// Creates the user whose name has an apostrophe and a plus sign: its id, or nil after
  /// recording why not.
  private func createSpecial() throws -> (id: String?, exchange: Int) {
    let id = try create(specialUserName, check: nil)
    let number = exchanges.count
    if id == nil {
      fail(
        "filter-special", "creating \(specialUserName) failed: \(Self.summary(exchanges.last!.response!))",
        [number], cause: "never-provisioned")
    }
    return (id, number)
  }

  private func specialFilter(_ special: (id: String?, exchange: Int)) throws {
    guard let id = special.id else { return }
    if checks["filter-exact"]?.passed == false {
      checks["filter-special"]?.detail = "not judged: the server does not filter by userName at all"
      return
    }
    let (found, detail, n) = try findsExactly(specialUserName, id: id)
    if found {
      pass("filter-special", detail, [special.exchange, n])
    } else {
      fail("filter-special", detail, [special.exchange, n])
    }
  }

  /// Disables with the string form, reads back, enables again, disables with the boolean form.
  private func disable(id: String) throws {
    let disabled = try disableAndReadBack("patch-string-false", id: id, op: "Replace", value: .string("False"))
    // An inactive user must still be found by its filter.
    let (f, c) = try send("GET", Self.filterPath(userName))
    if let list = Self.resources(f), list.contains(where: { $0["id"]?.text == id }) {
      pass("inactive-found", "the filter still returns the user", [c])
    } else if !disabled {
      checks["inactive-found"]?.detail = "not run: the user could not be disabled"
    } else {
      fail("inactive-found", "the filter no longer returns the disabled user: \(Self.summary(f))", [c])
    }
    // Active again (the boolean form first, the string form if that was ignored) before the
    // boolean disable is judged.
    _ = try send("PATCH", "/Users/\(id)", body: Self.patchBody(op: "replace", value: .bool(true)))
    var (again, _) = try send("GET", "/Users/\(id)")
    if Self.active(again) != true {
      _ = try send("PATCH", "/Users/\(id)", body: Self.patchBody(op: "Replace", value: .string("True")))
      (again, _) = try send("GET", "/Users/\(id)")
    }
    guard Self.active(again) == true else {
      checks["patch-boolean-false"]?.detail = "not run: the user could not be made active again"
      return
    }
    _ = try disableAndReadBack("patch-boolean-false", id: id, op: "replace", value: .bool(false))
  }

  /// Sends one disable PATCH, reads the user back and judges `check`; whether the user reads
  /// as inactive.
  private func disableAndReadBack(_ check: String, id: String, op: String, value: JSONValue) throws -> Bool {
    let (patch, a) = try send("PATCH", "/Users/\(id)", body: Self.patchBody(op: op, value: value))
    let (get, b) = try send("GET", "/Users/\(id)")
    let inactive = Self.active(get) == false
    if !(200...299).contains(patch.status) {
      fail(check, "PATCH answered \(Self.summary(patch))", [a, b], cause: "request-failed")
    } else if inactive {
      pass(check, "PATCH \(patch.status), then GET shows active false", [a, b])
    } else {
      fail(check, "PATCH answered \(patch.status), but GET then shows \(Self.activeText(get))", [a, b])
    }
    return inactive
  }

  private func unknownId() throws {
    let unknown = "scimdiag-unknown-\(token)"
    let (g, a) = try send("GET", "/Users/\(unknown)")
    let (p, b) = try send("PATCH", "/Users/\(unknown)", body: Self.patchBody(op: "Replace", value: .string("False")))
    unknownIdAnswered200 = g.status == 200
    if g.status == 404 && p.status == 404 {
      pass("unknown-id-404", "GET and PATCH answered 404", [a, b])
    } else {
      fail("unknown-id-404", "GET answered \(g.status), PATCH answered \(p.status); expected 404 to both", [a, b])
    }
  }

  private func delete(id: String) throws {
    let (d, a) = try send("DELETE", "/Users/\(id)")
    let (g, b) = try send("GET", "/Users/\(id)")
    if (200...299).contains(d.status) { created.removeAll { $0 == id } }
    if d.status == 204 && g.status == 404 {
      pass("delete", "DELETE 204, then GET 404", [a, b])
    } else if (200...299).contains(d.status), g.status == 200, unknownIdAnswered200 {
      checks["delete"]?.detail =
        "not judged: DELETE answered \(d.status), but the server answers GET of any unknown id with 200, so a later GET cannot show whether the user is gone"
      checks["delete"]?.evidence = [a, b]
    } else if (200...299).contains(d.status) {
      fail(
        "delete", "DELETE answered \(d.status), but GET still answers \(Self.summary(g))", [a, b],
        cause: g.status == 404 ? nil : "patch-not-applied")
    } else {
      fail("delete", "DELETE answered \(Self.summary(d))", [a, b])
    }
  }

  /// Deletes the test users still there (errors ignored: it is the end of the run).
  private func cleanUp() {
    for id in created {
      let request = TestRequest(method: "DELETE", path: "/Users/\(id)", body: nil)
      var exchange = TestExchange(number: exchanges.count + 1, time: now(), request: request)
      exchange.response = try? transport.send(request)
      if exchange.response == nil { exchange.failure = "no answer" }
      exchanges.append(exchange)
    }
    created = []
  }

  // MARK: Validity of every answer

  private func noteValidity(_ r: TestResponse, number: Int, isList: Bool) {
    guard !r.body.isEmpty else { return }
    guard let j = Self.json(r) else {
      invalid.append("#\(number): the body is not JSON")
      invalidEvidence.append(number)
      return
    }
    let schemas = j["schemas"]?.arrayValue?.compactMap(\.text) ?? []
    var problems: [String] = []
    if r.status >= 400 {
      if !schemas.contains("urn:ietf:params:scim:api:messages:2.0:Error") { problems.append("no Error schema") }
      if case .string = j["status"] {} else { problems.append("status is not a string") }
    } else if isList {
      if !schemas.contains("urn:ietf:params:scim:api:messages:2.0:ListResponse") {
        problems.append("no ListResponse schema")
      }
      if j["totalResults"] == nil { problems.append("no totalResults") }
      for resource in j["Resources"]?.arrayValue ?? [] {
        let s = resource["schemas"]?.arrayValue?.compactMap(\.text) ?? []
        if !s.contains("urn:ietf:params:scim:schemas:core:2.0:User") {
          problems.append("a resource without the User schema")
          break
        }
      }
    } else if j["id"] != nil, !schemas.contains("urn:ietf:params:scim:schemas:core:2.0:User") {
      problems.append("no User schema")
    }
    if !problems.isEmpty {
      invalid.append("#\(number): " + problems.joined(separator: ", "))
      invalidEvidence.append(number)
    }
  }

  private func validity() {
    let answered = exchanges.filter { $0.response != nil }.map(\.number)
    guard !answered.isEmpty else { return }
    if invalid.isEmpty {
      pass("scim-valid", "\(answered.count) answers checked", [])
    } else {
      fail("scim-valid", invalid.prefix(5).joined(separator: "; "), Array(invalidEvidence.prefix(5)))
    }
  }
}
