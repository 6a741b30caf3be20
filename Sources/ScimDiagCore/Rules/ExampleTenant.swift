import ScimDiagParsing

/// The example language of rule examples: one event per line, `HH:MM source what`, on
/// 2026-03-02 (a `dN ` prefix moves the line N days later). The examples' user is
/// alice@contoso.com; `cycle` is another user's provisioning event (evidence that a cycle
/// ran; `cycle disable` and `cycle delete` say what the job did to that user), `probe` Entra's GUID connectivity probe, `end` the last record of the logs.
///
/// ```
/// 09:00 audit Delete user                      audit: Delete user, Hard Delete user, Restore user,
/// 09:00 audit Update user AccountEnabled true->false   Disable account, Remove app role assignment
/// 09:00 audit Remove member from group         from user, Add app role assignment grant to user, …
/// 09:00 job Disable/pause provisioning configuration   a provisioning-job audit event
/// 09:30 prov disable success                   prov ACTION STATUS [REASON] [notarget]
/// 09:30 prov other skipped RedundantExport     (REASON: skip reason or error code)
/// 09:30 prov other skipped RedundantExport target.active=True source.IsSoftDeleted=True
///                                              matching-step (target) and import-step (source) details
/// 09:30 scim GET filter total=1 active=true    scim GET filter total=N [active=JSON] [foreign]
/// 09:30 scim GET id 404                        scim GET id STATUS [active=JSON]
/// 09:30 scim PATCH active="False" 204          scim PATCH active=JSON STATUS [op=Replace]
/// 09:30 scim PATCH nobody 204                  a request log without bodies (NCSA): no body kept
/// 09:30 scim GET filter nobody 200             likewise for a lookup: no response body kept
/// 09:30 scim DELETE 204 · scim POST 201
/// 08:00 config flowTypes=Add,Update active=Not([IsSoftDeleted])   the job's schema (active=none: unmapped)
/// 08:00 config SkipOutOfScopeDeletions=True                     a job setting
/// 09:30 prov disable failure Timeout app=hr    another app's event (Contoso HR, no SCIM log)
/// 12:00 config JobStatus=Quarantine/TooManyDeletes@08:30         the job object: code[/reason][@last success]
/// ```
package enum ExampleTenant {
  package struct Person: Sendable {
    package var objectId: String
    package var upn: String
    package var scimId: String

    package static let alice = Person(
      objectId: "a11ce000-0000-4000-8000-000000000001", upn: "alice@contoso.com", scimId: "scim-alice")
    package static let bob = Person(
      objectId: "b0b00000-0000-4000-8000-000000000002", upn: "bob@contoso.com", scimId: "scim-bob")
    package static let zed = Person(
      objectId: "2ed00000-0000-4000-8000-000000000003", upn: "zed@contoso.com", scimId: "scim-zed")
  }

  package static let servicePrincipal = "5e7a1c00-0000-4000-8000-0000000000a9"
  /// A second app of the tenant (`app=hr` on a `prov` or assignment line), with no SCIM log.
  package static let otherApp = (id: "4a9b0000-0000-4000-8000-0000000000b8", name: "Contoso HR")

  /// The app a line names (`app=hr`), and the line without it.
  static func app(of line: String) -> (id: String, name: String, rest: String) {
    guard line.contains(" app=hr") else { return (servicePrincipal, "Contoso SCIM", line) }
    return (otherApp.id, otherApp.name, line.replacingOccurrences(" app=hr", ""))
  }

  /// Variations that must not change a verdict.
  package struct Variation: Sendable, Equatable {
    package var shiftSeconds: Int64 = 0
    package var interleave = false
    package var split = false
    package var reverse = false
    package init(shiftSeconds: Int64 = 0, interleave: Bool = false, split: Bool = false, reverse: Bool = false) {
      self.shiftSeconds = shiftSeconds
      self.interleave = interleave
      self.split = split
      self.reverse = reverse
    }
  }

  package enum ParseError: Error, Equatable { case invalid(String) }

  /// The records of an example, in input order, each with the file (0 or 1) it goes to.
  package static func records(_ lines: [String], variation: Variation = Variation()) throws(ParseError) -> [(
    IngestRecord, Int
  )] {
    var out: [(IngestRecord, Int)] = []
    for (n, line) in lines.enumerated() {
      let people: [Person] = variation.interleave && isPersonal(line) ? [.alice, .bob] : [.alice]
      for person in people {
        for r in try records(line, number: n, person: person, shift: variation.shiftSeconds) {
          out.append((r, variation.split ? out.count % 2 : 0))
        }
      }
    }
    return variation.reverse ? out.reversed() : out
  }

  private static func isPersonal(_ line: String) -> Bool {
    let words = line.split(separator: " ")
    let source = words.first { ["audit", "prov", "scim"].contains($0) }
    return source != nil
  }

  private static func time(_ words: inout [Substring], shift: Int64) throws(ParseError) -> String {
    var day: Int64 = 0
    if let first = words.first, first.hasPrefix("d"), let d = Int64(first.dropFirst()) {
      day = d
      words.removeFirst()
    }
    guard let hm = words.first, hm.count == 5, let h = Int64(hm.prefix(2)), let m = Int64(hm.suffix(2)) else {
      throw .invalid("expected HH:MM at the start of the line")
    }
    words.removeFirst()
    let base: Int64 = 1_772_409_600  // 2026-03-02T00:00:00Z
    return Timestamp.render(epochSeconds: base + day * 86400 + h * 3600 + m * 60 + shift, fraction7: 0)
  }

  static func records(_ line: String, number: Int, person p: Person, shift: Int64) throws(ParseError)
    -> [IngestRecord]
  {
    var words = line.split(separator: " ")
    let t = try time(&words, shift: shift)
    guard let source = words.first else { throw .invalid("expected a source after the time: \(line)") }
    words.removeFirst()
    let rest = words.joined(separator: " ")
    let tag = "\(p.upn.prefix(3))-\(number)"
    switch source {
    case "audit":
      let (sp, name, activity) = app(of: rest)
      return [.audit(audit(activity, time: t, person: p, id: "ex-audit-\(tag)", app: (sp, name)))]
    case "job":
      var e = AuditEvent(id: "ex-job-\(number)", activityTime: t, activity: rest)
      e.category = "ProvisioningManagement"
      e.loggedByService = "Account Provisioning"
      e.targets = [AuditTarget(id: servicePrincipal, displayName: "Contoso SCIM", type: "ServicePrincipal")]
      return [.audit(e)]
    case "end":
      var e = AuditEvent(id: "ex-end-\(number)", activityTime: t, activity: "Update user")
      e.targets = [AuditTarget(id: Person.zed.objectId, type: "User", userPrincipalName: Person.zed.upn)]
      return [.audit(e)]
    case "cycle":
      // `cycle disable` or `cycle delete`: the job disabled or deleted another user then.
      let action = words.first.map(String.init) ?? "update"
      return [.provisioning(provisioning([action, "success"], time: t, person: .zed, id: "ex-cycle-\(number)"))]
    case "probe":
      let guid = "c0ffee00-0000-4000-8000-\(sixDigits(number))000000"
      var r = ScimRequestParser.build(
        time: t, method: "GET", url: "/scim/Users?filter=userName+eq+%22\(guid)%22", status: 200, duration: nil,
        userAgent: "Microsoft.Identity.Provisioning", client: nil, requestBody: nil,
        responseBody: .object([("totalResults", .number("0")), ("Resources", .array([]))]))
      r.key = "ex-probe-\(number)"
      return [.scim(r)]
    case "prov":
      return [.provisioning(provisioning(words.map(String.init), time: t, person: p, id: "ex-prov-\(tag)"))]
    case "config":
      return [.jobConfig(config(rest, time: t))]
    case "scim":
      var r = try scim(words.map(String.init), time: t, person: p)
      r.key = "ex-scim-\(tag)"
      return [.scim(r)]
    default:
      throw .invalid("unknown source '\(source)' in: \(line)")
    }
  }

  /// A schema with a user mapping (`flowTypes=`, `active=` last, the rest of the line), or settings.
  private static func config(_ text: String, time: String) -> JobConfigRecord {
    guard text.contains("active=") || text.contains("flowTypes=") else {
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      var value = parts.count > 1 ? parts[1] : ""
      if parts[0] == "JobStatus" {
        let at = value.split(separator: "@").map(String.init)
        let codes = at[0].split(separator: "/").map(String.init)
        let last = at.count > 1 ? String(time.prefix(11)) + at[1] + ":00.0000000Z" : nil
        value =
          JobStatus(code: codes[0], quarantineReason: codes.count > 1 ? codes[1] : nil, lastSuccess: last)
          .settingValue
      }
      return JobConfigRecord(kind: .setting, name: parts[0], value: value, exportedAt: time)
    }
    var flowTypes = "Add, Update, Delete"
    var active: String? = "Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")"
    if let r = text.range(of: "flowTypes=") {
      flowTypes = String(text[r.upperBound...].prefix { $0 != " " }).replacingOccurrences(",", ", ")
    }
    if let r = text.range(of: "active=") {
      let e = String(text[r.upperBound...])
      active = e == "none" ? nil : e
    }
    func mapping(_ target: String, _ source: JSONValue, priority: Int = 0) -> JSONValue {
      .object([
        ("targetAttributeName", .string(target)), ("source", source), ("matchingPriority", .number(String(priority))),
        ("flowType", .string("Always")), ("defaultValue", .null),
      ])
    }
    var attributes = [
      mapping(
        "userName", .object([("type", .string("Attribute")), ("name", .string("userPrincipalName"))]), priority: 1),
      mapping("externalId", .object([("type", .string("Attribute")), ("name", .string("mailNickname"))])),
    ]
    if let active {
      attributes.append(
        mapping(
          "active",
          .object([("type", .string("Function")), ("expression", .string(active)), ("name", .string("Switch"))])))
    }
    let schema = JSONValue.object([
      (
        "synchronizationRules",
        .array([
          .object([
            ("name", .string("USER_OUTBOUND_USER")),
            (
              "objectMappings",
              .array([
                .object([
                  ("name", .string("Provision Azure Active Directory Users")), ("enabled", .bool(true)),
                  ("flowTypes", .string(flowTypes)), ("sourceObjectName", .string("User")),
                  ("targetObjectName", .string("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")),
                  ("attributeMappings", .array(attributes)),
                ])
              ])
            ),
          ])
        ])
      ), ("version", .null),
    ])
    return JobConfigRecord(kind: .schema, name: "", value: schema.canonicalText, exportedAt: time)
  }

  private static func audit(
    _ activity: String, time: String, person p: Person, id: String,
    app: (id: String, name: String) = (servicePrincipal, "Contoso SCIM")
  ) -> AuditEvent {
    var e = AuditEvent(id: id, activityTime: time, activity: activity)
    e.category = "UserManagement"
    e.loggedByService = "Core Directory"
    e.initiatedByUPN = "admin@contoso.com"
    let user = AuditTarget(id: p.objectId, type: "User", userPrincipalName: p.upn)
    switch activity.lowercased() {
    case "delete user":
      let prefix = p.objectId.replacingOccurrences("-", "")
      e.targets = [AuditTarget(id: p.objectId, type: "User", userPrincipalName: prefix + p.upn)]
    case let a where a.hasPrefix("update user accountenabled"):
      e.activity = "Update user"
      let change = a.split(separator: " ").last.map(String.init) ?? "true->false"
      let parts = change.components(separatedBy: "->")
      var t = user
      t.modifiedProperties = [
        ModifiedProperty(name: "AccountEnabled", oldValue: "[\(parts[0])]", newValue: "[\(parts.last ?? "")]")
      ]
      e.targets = [t]
    case "remove app role assignment from user", "add app role assignment grant to user":
      let removing = activity.lowercased().hasPrefix("remove")
      e.targets = [
        AuditTarget(
          id: app.id, displayName: app.name, type: "ServicePrincipal",
          modifiedProperties: [
            ModifiedProperty(
              name: "User.ObjectID", oldValue: removing ? "\"\(p.objectId)\"" : nil,
              newValue: removing ? nil : "\"\(p.objectId)\""),
            ModifiedProperty(
              name: "User.UPN", oldValue: removing ? "\"\(p.upn)\"" : nil, newValue: removing ? nil : "\"\(p.upn)\""),
          ])
      ]
    case "remove member from group", "add member to group":
      e.category = "GroupManagement"
      e.targets = [
        user, AuditTarget(id: "9a0c0000-0000-4000-8000-0000000000ff", displayName: "App users", type: "Group"),
      ]
    default:
      e.targets = [user]
    }
    return e
  }

  private static func provisioning(_ allWords: [String], time: String, person p: Person, id: String)
    -> ProvisioningEvent
  {
    // `target.X=V` and `source.X=V` go to the matching and import steps' details.
    let details = allWords.filter { $0.hasPrefix("target.") || $0.hasPrefix("source.") }
    let words = allWords.filter { !details.contains($0) && $0 != "app=hr" }
    func object(_ prefix: String) -> String? {
      let pairs = details.filter { $0.hasPrefix(prefix) }.map { w -> (String, JSONValue) in
        let kv = w.dropFirst(prefix.count).split(separator: "=", maxSplits: 1).map(String.init)
        return (kv[0], .string(kv.count > 1 ? kv[1] : ""))
      }
      return pairs.isEmpty ? nil : JSONValue.object(JSONObject(pairs)).canonicalText
    }
    let action = words.first?.lowercased() ?? "other"
    let status = words.count > 1 ? words[1].lowercased() : "success"
    let reason = words.count > 2 && words[2] != "notarget" ? words[2] : nil
    let noTarget = words.contains("notarget")
    var e = ProvisioningEvent(
      id: id, activityTime: time, jobId: "scim.example", cycleId: "cycle-" + time.prefix(16), changeId: id,
      action: action, actionRaw: words.first, status: status, statusRaw: words.count > 1 ? words[1] : nil)
    let (sp, spName, _) = app(of: allWords.joined(separator: " "))
    e.servicePrincipalId = sp
    e.servicePrincipalName = spName
    e.sourceId = p.objectId
    e.sourceType = "User"
    e.sourceUPN = p.upn
    // Each app keeps its own id for the user.
    e.targetId = noTarget ? nil : sp == servicePrincipal ? p.scimId : "hr-" + p.scimId
    e.steps = [ProvisioningStep(name: "EntryImport", type: "import", status: "success", details: object("source."))]
    if let target = object("target.") {
      e.steps.append(
        ProvisioningStep(name: "EntryImportByMatchingProperty", type: "matching", status: "success", details: target))
    }
    if status == "skipped" {
      e.steps.append(
        ProvisioningStep(name: "EntrySynchronizationSkip", type: "export", status: "skipped", skipReason: reason))
    } else if status == "failure" {
      e.errorCode = reason
      e.steps.append(ProvisioningStep(name: "EntryExport", type: "export", status: "failure"))
    } else {
      e.steps.append(ProvisioningStep(name: "EntryExport", type: "export", status: status))
    }
    return e
  }

  private static func scim(_ words: [String], time: String, person p: Person) throws(ParseError) -> ScimRequest {
    guard let method = words.first?.uppercased() else { throw .invalid("expected a method after scim") }
    var options: [String: String] = [:]
    var status: Int?
    for w in words.dropFirst() {
      if let eq = w.firstIndex(of: "=") {
        options[String(w[..<eq])] = String(w[w.index(after: eq)...])
      } else if let s = Int(w) {
        status = s
      } else {
        options[w] = ""
      }
    }
    let userPath = "/scim/Users/\(p.scimId)"
    switch method {
    case "PATCH":
      let value = options["active"] ?? "false"
      let op = options["op"] ?? "Replace"
      let body =
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"\#(op)","path":"active","value":\#(value)}]}"#
      return ScimRequestParser.build(
        time: time, method: "PATCH", url: userPath, status: status ?? 204, duration: nil, userAgent: nil, client: nil,
        requestBody: options["nobody"] != nil ? nil : .string(body), responseBody: nil)
    case "DELETE":
      return ScimRequestParser.build(
        time: time, method: "DELETE", url: userPath, status: status ?? 204, duration: nil, userAgent: nil, client: nil,
        requestBody: nil, responseBody: nil)
    case "POST":
      let body = #"{"userName":"\#(p.upn)","externalId":"\#(p.upn.prefix { $0 != "@" })","active":true}"#
      let response = #"{"id":"\#(p.scimId)","userName":"\#(p.upn)","active":true}"#
      return ScimRequestParser.build(
        time: time, method: "POST", url: "/scim/Users", status: status ?? 201, duration: nil, userAgent: nil,
        client: nil, requestBody: .string(body), responseBody: .string(response))
    case "GET":
      let active = options["active"]
      if words.count > 1, words[1] == "id" {
        let response = active.map { #"{"id":"\#(p.scimId)","userName":"\#(p.upn)","active":\#($0)}"# }
        return ScimRequestParser.build(
          time: time, method: "GET", url: userPath, status: status ?? 200, duration: nil, userAgent: nil, client: nil,
          requestBody: nil, responseBody: response.map { .string($0) })
      }
      let total = Int(options["total"] ?? "0") ?? 0
      var resources: [String] = []
      if let active { resources.append(#"{"id":"\#(p.scimId)","userName":"\#(p.upn)","active":\#(active)}"#) }
      if options["foreign"] != nil || (active == nil && total > 0) {
        for i in 0..<max(1, total - resources.count) {
          resources.append(#"{"id":"other-\#(i)","userName":"someone\#(i)@contoso.com","active":true}"#)
        }
      }
      let response = #"{"totalResults":\#(total),"Resources":[\#(resources.joined(separator: ","))]}"#
      let filter = "userName+eq+%22" + p.upn.replacingOccurrences("@", "%40") + "%22"
      return ScimRequestParser.build(
        time: time, method: "GET", url: "/scim/Users?filter=" + filter, status: status ?? 200, duration: nil,
        userAgent: nil, client: nil, requestBody: nil, responseBody: options["nobody"] != nil ? nil : .string(response))
    default:
      throw .invalid("unknown SCIM method \(method)")
    }
  }
}

/// `n` as six digits.
func sixDigits(_ n: Int) -> String {
  let s = String(n)
  return String(repeating: "0", count: max(0, 6 - s.count)) + s
}
