import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

@Suite struct ReportTests {
  let dir = TempDir()

  func sampleReport(user: String? = nil) throws -> TenantReport {
    let store = try Store(path: dir.path("samples.db"))
    try pinSampleTimes()
    let outcomes = ingest([TestPaths.samples.path], store: store)
    #expect(outcomes.allSatisfy { $0.error == nil })
    let explainer = try Explainer(store: store)
    let only = try user.map { try #require(try store.findUsers($0).first) }
    return try explainer.tenantReport(only: only, generatedAt: "2026-03-03T00:00:00.0000000Z")
  }

  /// Paths in the output relative to the package root, so snapshots do not depend on the clone's folder.
  func relative(_ text: String) -> String {
    text.replacingOccurrences(of: TestPaths.packageRoot.path + "/", with: "")
  }

  @Test func htmlReportOfTheSampleTenantMatchesTheSnapshot() throws {
    assertSnapshot(relative(HTMLRenderer.render(try sampleReport())), named: "report-samples.html")
  }

  @Test func markdownReportOfOneUserMatchesTheSnapshot() throws {
    assertSnapshot(
      relative(MarkdownReportRenderer.render(try sampleReport(user: "heidi@contoso.com"))), named: "report-heidi.md")
  }

  @Test func theReportCountsMatchTheFindings() throws {
    let r = try sampleReport()
    #expect(r.users.count == 20)
    #expect(r.triggers == r.users.reduce(0) { $0 + $1.findings.count })
    #expect(r.byOutcome.reduce(0) { $0 + $1.count } == r.triggers)
    #expect(r.byCause.reduce(0) { $0 + $1.count } == r.triggers)
    #expect(r.catalog.map(\.id) == RuleCatalog.rules.map(\.description.id))
    let html = HTMLRenderer.render(r)
    for c in r.catalog { #expect(html.contains("id=\"cause-\(c.id)\"")) }
    #expect(html.components(separatedBy: "<details class=\"user\"").count - 1 == 20)
  }

  @Test func theReportIsSelfContained() throws {
    let html = HTMLRenderer.render(try sampleReport())
    for external in ["http://", "https://", "src=", "@import", "url("] where external.hasPrefix("http") == false {
      #expect(!html.contains(external), "\(external)")
    }
    // Links in the catalog are text, never loaded; no element points at a URL.
    #expect(!html.contains("href=\"http"))
    #expect(html.components(separatedBy: "<script").count - 1 == 1)
    #expect(html.components(separatedBy: "<style").count - 1 == 1)
    #expect(
      html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"))
  }

  @Test func theCSPHashesMatchTheInlineCode() throws {
    // Compare against an independent digest: the CSP must name the exact bytes of the style and script.
    let html = HTMLRenderer.render(try sampleReport())
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
    let report = try Explainer(store: store).tenantReport(generatedAt: "2026-03-03T00:00:00.0000000Z")
    #expect(!report.users.isEmpty)
    let html = HTMLRenderer.render(report)
    #expect(!html.contains("<img"))
    #expect(!html.contains("alert(2)</script>"))
    #expect(html.components(separatedBy: "<script").count - 1 == 1)
    #expect(
      html.contains(
        "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;&quot;&#39;&amp;"))
    #expect(html.contains("evil&lt;script&gt;.jsonl"))
    // Markdown and terminal text escape too.
    let md = MarkdownReportRenderer.render(report)
    #expect(!md.contains("<img"))
    let terminal = ExplainRenderer.text(report.users[0], style: .init(color: false))
    #expect(!terminal.contains("\u{1B}"))
  }

  @Test func terminalEscapesInLogValuesAreNeutralised() {
    #expect(ExplainRenderer.clean("a\u{1B}[31mred") == "a\\u{1b}[31mred")
  }

  @Test func outputIsDeterministic() throws {
    let a = HTMLRenderer.render(try sampleReport())
    let b = HTMLRenderer.render(try sampleReport())
    #expect(a == b)
  }
}

@Suite struct RedactionTests {
  let dir = TempDir()

  func sampleStore(_ name: String) throws -> Store {
    let store = try Store(path: dir.path(name))
    try pinSampleTimes()
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
      HTMLRenderer.render(
        try Explainer(store: store).tenantReport(only: heidi, generatedAt: "2026-03-03T00:00:00.0000000Z")),
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
}
