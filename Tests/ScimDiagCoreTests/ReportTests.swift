import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

@Suite struct ReportTests {
  let dir = TempDir()

  func sampleReport(user: String? = nil, details: DetailMode? = nil, limit: Int = DetailMode.defaultLimit) throws
    -> ReportContent
  {
    let store = try Store(path: dir.path("samples.db"))
    let outcomes = ingest([TestPaths.samples.path], store: store)
    #expect(outcomes.allSatisfy { $0.error == nil })
    let explainer = try Explainer(store: store)
    let only = try user.map { try #require(try store.findUsers($0).first) }
    return try explainer.reportContent(
      ReportRequest(only: only, details: details, limit: limit, generatedAt: "2026-03-03T00:00:00.0000000Z"))
  }

  func rows(_ c: ReportContent) throws -> [UserSummary] {
    var rows: [UserSummary] = []
    try c.eachRow { rows.append($0) }
    return rows
  }

  func details(_ c: ReportContent) throws -> [UserReport] {
    var users: [UserReport] = []
    try c.eachDetail { users.append($0) }
    return users
  }

  /// The users table's body rows in the HTML, over every table the rows are split into.
  func tableRows(_ html: String) -> Int {
    let section = html.components(separatedBy: "<section id=\"users\">")[1].components(separatedBy: "</section>")[0]
    return section.components(separatedBy: "<tr>").count - 2
  }

  /// Paths in the output relative to the package root, so snapshots do not depend on the clone's folder.
  func relative(_ text: String) -> String {
    var text = text
    for root in [TestPaths.samplesCopyRoot.path, TestPaths.packageRoot.path] {
      // The HTML report lets paths wrap after each `/`.
      text = text.replacingOccurrences(of: root + "/", with: "")
        .replacingOccurrences(of: root.replacingOccurrences(of: "/", with: "/<wbr>") + "/<wbr>", with: "")
    }
    return text
  }

  @Test func htmlReportOfTheSampleTenantMatchesTheSnapshot() throws {
    assertSnapshot(relative(try HTMLRenderer.render(try sampleReport())), named: "report-samples.html")
  }

  @Test func markdownReportOfOneUserMatchesTheSnapshot() throws {
    assertSnapshot(
      relative(try MarkdownReportRenderer.render(try sampleReport(user: "heidi@contoso.com"))), named: "report-heidi.md"
    )
  }

  @Test func theReportCountsMatchTheFindings() throws {
    let c = try sampleReport()
    let r = c.report
    let rows = try rows(c)
    let users = try details(c)
    #expect(r.users == 20)
    #expect(users.count == 20, "up to \(DetailMode.allUpTo) users every user is given in full")
    #expect(rows.count == r.rows)
    #expect(Set(rows.compactMap(\.userId)).count == r.users)
    #expect(r.triggers == users.reduce(0) { $0 + $1.findings.count })
    let withTrigger = rows.filter { $0.cause != nil }.count
    #expect(r.rows - withTrigger == r.withoutTrigger)
    for counts in [r.byAttention, r.byOutcome, r.byCause] { #expect(counts.reduce(0) { $0 + $1.count } == withTrigger) }
    #expect(r.details.needAction == Set(rows.filter { $0.attention == .needsAction }.compactMap(\.userId)).count)
    #expect(r.catalog.map(\.id) == RuleCatalog.rules.map(\.description.id))
    let html = try HTMLRenderer.render(c)
    for c in r.catalog { #expect(html.contains("id=\"cause-\(c.id)\"")) }
    #expect(html.components(separatedBy: "<details class=\"user\"").count - 1 == 20)
    #expect(tableRows(html) == r.rows)
  }

  @Test func detailsActionHoldsEveryUserInTheTableAndInFullExactlyThoseThatNeedAction() throws {
    let all = try sampleReport()
    let c = try sampleReport(details: .action)
    let rows = try rows(c)
    #expect(rows == (try self.rows(all)), "the users table is the same whatever --details says")
    let needing = rows.filter { $0.attention == .needsAction }.compactMap(\.userId)
    #expect(!needing.isEmpty)
    let shown = try details(c).map(\.user.id)
    #expect(shown == needing.reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } })
    let html = try HTMLRenderer.render(c)
    #expect(tableRows(html) == c.report.rows)
    #expect(html.components(separatedBy: "<details class=\"user\"").count - 1 == shown.count)
    // Every table row links to the full detail exactly when that user is given in full.
    for id in Set(rows.compactMap(\.userId)) {
      #expect(html.contains("href=\"#user-\(id)\"") == shown.contains(id), "user \(id)")
    }
  }

  @Test func theDetailsLimitIsKeptAndStated() throws {
    let c = try sampleReport(details: .action, limit: 3)
    #expect(try details(c).count == 3)
    #expect(c.report.details.shown == 3)
    let html = try HTMLRenderer.render(c)
    #expect(html.contains("the first 3 of \(c.report.details.needAction)"))
    #expect(html.contains("--details-limit 3"))
    let none = try sampleReport(details: DetailMode.none)
    #expect(try details(none).isEmpty)
    #expect(tableRows(try HTMLRenderer.render(none)) == none.report.rows)
  }

  /// A browser lays out one big table whole before it shows it; the rows go into tables of a
  /// fixed size, the first with the header, every row once and in order.
  @Test func theUsersTableIsSplitIntoTablesOfAFixedSize() throws {
    let c = try sampleReport()
    var whole = ""
    try HTMLRenderer.usersTable(c, perTable: 1_000) { whole += $0 }
    var split = ""
    try HTMLRenderer.usersTable(c, perTable: 7) { split += $0 }
    func rows(_ html: String) -> [String] {
      html.components(separatedBy: "<tr>").dropFirst(2).map { $0.components(separatedBy: "\n")[0] }
    }
    #expect(c.report.rows == 23, "20 users, three of them in two apps")
    #expect(rows(split) == rows(whole))
    #expect(rows(split).count == 23)
    #expect(whole.components(separatedBy: "<table").count - 1 == 1)
    #expect(split.components(separatedBy: "<table").count - 1 == 4, "23 rows in tables of 7")
    #expect(split.components(separatedBy: "<div class=\"uc\">").count - 1 == 4)
    #expect(split.components(separatedBy: "<thead>").count - 1 == 1, "the header once, in the first table")
    #expect(split.components(separatedBy: "<colgroup>").count - 1 == 4, "every table has the same columns")
  }

  @Test func usersAreDiagnosedInBatchesBoundedByUsersAndByRecords() {
    // Records per user: a batch closes before it would pass 10 records or 3 users; a user
    // with more records than that is a batch alone.
    let records = [4, 4, 4, 25, 1, 1, 1, 1, 0, 10]
    let batches = Explainer.batches(records: records, maxUsers: 3, maxRecords: 10)
    #expect(batches == [0..<2, 2..<3, 3..<4, 4..<7, 7..<9, 9..<10])
    #expect(batches.flatMap { Array($0) } == Array(records.indices), "every user once, in order")
    #expect(Explainer.batches(records: []).isEmpty)
    // The defaults bound both: 50 records a user, as in a SCIM-heavy tenant, gives batches of
    // 400 users, not 2,000.
    #expect(Explainer.batches(records: Array(repeating: 50, count: 5_000)).first == 0..<400)
    #expect(Explainer.batches(records: Array(repeating: 1, count: 5_000)).first == 0..<2_000)
  }

  @Test func aSingleUserReportOpensOnThatUserAndNamesOnlyItsCauses() throws {
    let c = try sampleReport(user: "heidi@contoso.com")
    let html = try HTMLRenderer.render(c)
    #expect(html.contains("<title>scimdiag: heidi@contoso.com</title>"))
    #expect(html.contains("<h1>Why deprovisioning did not reach the app: heidi@contoso.com</h1>"))
    #expect(!html.contains("<table id=\"users-table\""), "no other users' rows")
    #expect(!html.contains("cycle-chart"), "no tenant-wide chart")
    let used = Set(try details(c).flatMap { $0.findings.flatMap { [$0.cause] + $0.alternatives.map(\.cause) } })
    #expect(Set(c.report.catalog.map(\.id)) == used)
    // The answer (the finding) comes before the timeline.
    let answer = try #require(html.range(of: "id=\"answer\""))
    let timeline = try #require(html.range(of: "<svg class=\"lanes\""))
    #expect(answer.lowerBound < timeline.lowerBound)
  }

  @Test func theReportIsSelfContained() throws {
    let html = try HTMLRenderer.render(try sampleReport())
    for loaded in ["src=", "@import", "url("] { #expect(!html.contains(loaded), "\(loaded)") }
    // Links open the documentation when clicked; nothing is loaded from anywhere.
    let links = html.components(separatedBy: "href=\"http").dropFirst()
    #expect(!links.isEmpty)
    #expect(links.allSatisfy { $0.hasPrefix("s://learn.microsoft.com/") })
    #expect(html.components(separatedBy: "<script").count - 1 == 1)
    #expect(html.components(separatedBy: "<style").count - 1 == 1)
    #expect(
      html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"))
  }

  @Test func theCSPHashesMatchTheInlineCode() throws {
    // Compare against an independent digest: the CSP must name the exact bytes of the style and script.
    let html = try HTMLRenderer.render(try sampleReport())
    func between(_ a: String, _ b: String) -> String {
      let start = html.range(of: a)!.upperBound
      return String(html[start..<html.range(of: b, range: start..<html.endIndex)!.lowerBound])
    }
    for (open, close) in [("<style>", "</style>"), ("<script>", "</script>")] {
      var hasher = SHA256()
      hasher.update(Array(between(open, close).utf8))
      #expect(html.contains("'sha256-\(hasher.base64Digest())'"))
    }
    #expect(SHA256().base64Digest() == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
  }

  @Test func hostileValuesRenderAsText() throws {
    let evil = "<img src=x onerror=alert(1)></script><script>alert(2)</script>\"'&"
    let lines: [[String: Any]] = [
      [
        "id": "a1", "activityDateTime": "2026-03-02T09:00:00Z", "activityDisplayName": "Delete user",
        "initiatedBy": ["user": ["userPrincipalName": evil]],
        "targetResources": [
          [
            "id": "0b0e0000-0000-4000-8000-000000000001", "type": "User", "displayName": evil,
            "userPrincipalName": evil,
          ]
        ],
      ],
      [
        "id": "p1", "activityDateTime": "2026-03-02T09:40:00Z", "provisioningAction": "other", "cycleId": "c",
        "changeId": "c1",
        "provisioningStatusInfo": ["status": "skipped"],
        "sourceIdentity": ["id": "0b0e0000-0000-4000-8000-000000000001", "displayName": evil, "identityType": "User"],
        "targetIdentity": ["id": evil],
        "provisioningSteps": [
          ["name": evil, "provisioningStepType": "export", "status": "skipped", "details": ["SkipReason": evil]]
        ],
      ],
      [
        "timestamp": "2026-03-02T09:41:00Z", "method": "PATCH", "url": "/scim/Users/" + evil, "status": 204,
        "requestBody": ["Operations": [["op": evil, "path": "active", "value": evil]]],
      ],
    ]
    let text = try lines.map {
      String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self)
    }
    .joined(separator: "\n")
    let path = dir.write("evil<script>.jsonl", Array(text.utf8))
    let store = try Store(path: dir.path("evil.db"))
    #expect(ingest([path], store: store)[0].counts == "3/3/0/0")
    let report = try Explainer(store: store).reportContent(ReportRequest(generatedAt: "2026-03-03T00:00:00.0000000Z"))
    #expect(report.report.users > 0)
    let html = try HTMLRenderer.render(report)
    #expect(!html.contains("<img"))
    #expect(!html.contains("alert(2)</script>"))
    #expect(html.components(separatedBy: "<script").count - 1 == 1)
    #expect(
      html.contains(
        "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;&quot;&#39;&amp;"))
    #expect(html.contains("evil&lt;script&gt;.jsonl"))
    // Markdown and terminal text escape too.
    let md = try MarkdownReportRenderer.render(report)
    #expect(!md.contains("<img"))
    let terminal = ExplainRenderer.text(try #require(try details(report).first), style: .init(color: false))
    #expect(!terminal.contains("\u{1B}"))
  }

  @Test func terminalEscapesInLogValuesAreNeutralised() {
    #expect(ExplainRenderer.clean("a\u{1B}[31mred") == "a\\u{1b}[31mred")
  }

  @Test func outputIsDeterministic() throws {
    let a = try HTMLRenderer.render(try sampleReport())
    let b = try HTMLRenderer.render(try sampleReport())
    #expect(a == b)
  }
}

@Suite struct RedactionTests {
  let dir = TempDir()

  func sampleStore(_ name: String) throws -> Store {
    let store = try Store(path: dir.path(name))
    ingest([TestPaths.samples.path], store: store)
    return store
  }

  @Test func redactedOutputHoldsNoIdentifiersAndStablePseudonyms() throws {
    let store = try sampleStore("a.db")
    let heidi = try #require(try store.findUsers("heidi@contoso.com").first)
    let report = try Explainer(store: store).report(for: heidi)
    let redactor = try store.redactor()
    let outputs = [
      ExplainRenderer.text(report, style: .init(color: false)), ExplainRenderer.markdown(report),
      try JSONOutput.encode(report),
      try HTMLRenderer.render(
        try Explainer(store: store).reportContent(
          ReportRequest(only: heidi, generatedAt: "2026-03-03T00:00:00.0000000Z"))),
    ].map(redactor.apply)
    for out in outputs {
      for secret in [
        "heidi", "Heidi", "Hansen", "contoso.com", heidi.objectId!,
        heidi.objectId!.replacingOccurrences(of: "-", with: ""),
        heidi.scimId!,
      ] {
        #expect(!out.contains(secret), "\(secret) leaked")
      }
    }
    let pseudonym = redactor.apply("heidi@contoso.com")
    #expect(pseudonym.hasSuffix("@redacted.invalid"))
    #expect(outputs.allSatisfy { $0.contains(pseudonym) })
    #expect(redactor.apply("HEIDI@contoso.com") == pseudonym)
    #expect(try store.redactor().apply("heidi@contoso.com") == pseudonym)
    // Another store has another secret, so other pseudonyms.
    let other = try sampleStore("b.db")
    #expect(try other.redactor().apply("heidi@contoso.com") != pseudonym)
  }

  /// A store with more identifier forms than the budget keeps them in a scratch database
  /// behind a fixed-size filter: the whole tenant report, redacted, is the same either way.
  @Test func redactionOfABigStoreGivesWhatRedactionInMemoryGives() throws {
    let store = try sampleStore("c.db")
    let html = try HTMLRenderer.render(
      try Explainer(store: store).reportContent(ReportRequest(generatedAt: "2026-03-03T00:00:00.0000000Z")))
    let memory = try store.redactor()
    store.redactionFormBudget = 0
    let disk = try store.redactor()
    #expect(disk.apply(html) == memory.apply(html))
    #expect(disk.apply(html) != html)
    for text in [
      "heidi@contoso.com", "GET /scim/v2/Users?filter=userName%20eq%20%22HEIDI%40contoso.com%22", "heidiland",
    ] {
      #expect(disk.apply(text) == memory.apply(text), "\(text)")
    }
  }
}

/// The fixed-size filter in front of a big store's identifier forms.
@Suite struct FormFilterTests {
  @Test func theFilterMissesNoFormAndTheLookupDecides() {
    var filter = FormFilter(expected: 10)
    var table: [String: UInt8] = [:]
    for i in 0..<5_000 {
      let form = "user-\(i)"
      filter.add(Array(form.utf8))
      table[form] = UInt8(i % 24)
    }
    #expect(filter.count == 5_000)
    func match(_ text: String) -> (length: Int, tag: KnownIdentifiers.Tag)? {
      filter.longestMatch(in: Array(text.utf8), at: 0) { table[String(decoding: $0, as: UTF8.self)] }
    }
    // Every form is found (a filter of 8 KB for 5,000 forms says "may be" often; the lookup
    // decides), whole words only, the longest first.
    for i in [0, 1, 999, 4_999] {
      let m = match("user-\(i) rest")
      #expect(m?.length == "user-\(i)".utf8.count)
      #expect(m?.tag == KnownIdentifiers.Tag(byte: UInt8(i % 24)))
    }
    #expect(match("user-12345") == nil, "a longer word is not a form")
    #expect(match("user-12x") == nil)
    #expect(match("user-12 and user-1234").map(\.length) == 7)
  }
}

@Suite struct RedactorMatchingTests {
  static func redactor(expected: Int = 0) -> Redactor {
    var r = Redactor(secret: "s", expectedKeys: expected)
    r.learn(kind: "scim", value: "abc123")
    r.learn(kind: "name", value: "heidi")
    r.learn(kind: "name", value: "heidi.o'hara@contoso.com")
    r.learn(kind: "display", value: "heidi o'hara")
    r.learn(kind: "oid", value: "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")
    return r
  }

  @Test func knownIdentifiersAreReplacedInEveryFormTheyTakeInOutput() {
    let r = Self.redactor()
    let scim = r.apply("abc123")
    #expect(scim.hasPrefix("scim-"))
    #expect(r.apply("GET /scim/v2/Users/ABC123 200") == "GET /scim/v2/Users/\(scim) 200", "case is ignored")
    let mail = r.apply("heidi.o'hara@contoso.com")
    #expect(mail.hasSuffix("@redacted.invalid"))
    #expect(
      r.apply("filter=userName%20eq%20%22heidi.o'hara%40contoso.com%22") == "filter=userName%20eq%20%22\(mail)%22")
    #expect(r.apply("<td>heidi.o&#39;hara@contoso.com</td>") == "<td>\(mail)</td>")
    let display = r.apply("Heidi O'Hara")
    #expect(display.hasPrefix("User "))
    #expect(r.apply("{\"displayName\":\"Heidi O'Hara\"}") == "{\"displayName\":\"\(display)\"}")
    #expect(r.apply("<b>Heidi O&#39;Hara</b>") == "<b>\(display)</b>")
    // The longest form wins where forms overlap; a name inside a longer word is left.
    #expect(r.apply("heidi") != "heidi")
    #expect(r.apply("heidi.o'hara@contoso.com").contains("name-") == false)
    #expect(r.apply("heidiland") == "heidiland")
    // Object ids, with or without dashes, as GUIDs are replaced anyway.
    #expect(!r.apply("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9").lowercased().contains("0a1b2c3d"))
    #expect(!r.apply("0a1b2c3d4e5f60718293a4b5c6d7e8f9x@contoso.com").contains("0a1b2c3d"))
  }

  @Test func pseudonymsDoNotDependOnHowManyIdentifiersAreKnown() {
    var big = Self.redactor(expected: 10)
    for i in 0..<20_000 { big.learn(kind: "scim", value: "id-\(i)") }
    let small = Self.redactor()
    for text in ["abc123", "Heidi O'Hara", "heidi", "heidi.o'hara@contoso.com"] {
      #expect(big.apply(text) == small.apply(text))
    }
    // Every value is still found after the table grew (by half each time, to sizes that are
    // not powers of two).
    for i in [0, 1, 767, 768, 5_000, 19_999] { #expect(big.apply("id-\(i)").hasPrefix("scim-"), "id-\(i)") }
    #expect(big.apply("id-20000") == "id-20000")
  }
}
