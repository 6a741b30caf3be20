import ScimDiagParsing

/// One record on a user's timeline: a header every source has, and what its source says.
package struct TimelineEvent: Sendable, Equatable, Encodable {
  /// Normalised UTC time (`2026-03-02T12:02:00.0000000Z`): fixed width, so text order is time order.
  package var time: String
  /// Record id (audit, provisioning) or request key (SCIM).
  package var ref: String
  /// Where it was read: the file and the line in it, which order records of the same time.
  package var file: String
  package var line: Int
  /// One-line summary.
  package var text: String
  /// The keys that tied it to the user.
  package var via: String
  package var payload: Payload

  /// What each source says about the record.
  package enum Payload: Sendable, Equatable {
    case audit(AuditFacts)
    case provisioning(ProvisioningFacts)
    case scim(ScimFacts)
  }

  package init(time: String, ref: String, file: String, line: Int, text: String, via: String, payload: Payload) {
    self.time = time
    self.ref = ref
    self.file = file
    self.line = line
    self.text = text
    self.via = via
    self.payload = payload
  }

  package var source: EvidenceSource {
    switch payload {
    case .audit: return .audit
    case .provisioning: return .provisioning
    case .scim: return .scim
    }
  }

  /// `path:line` of the file it was read from (empty for events not read from a file).
  package var location: String { file.isEmpty ? "" : "\(file):\(line)" }

  /// The timeline's total order: time, then source, then the file and the position in it (so
  /// records of the same second keep the order their log wrote them), then the reference.
  package var position: TimelinePosition {
    TimelinePosition(time: time, source: source, file: file, line: line, ref: ref)
  }

  package var audit: AuditFacts? {
    if case .audit(let f) = payload { return f }
    return nil
  }

  package var provisioning: ProvisioningFacts? {
    if case .provisioning(let f) = payload { return f }
    return nil
  }

  package var scim: ScimFacts? {
    if case .scim(let f) = payload { return f }
    return nil
  }

  // Shorthands for rules, nil for the other sources.
  package var auditKind: AuditKind? { audit?.kind }
  package var action: ProvisioningAction? { provisioning?.action }
  package var status: ProvisioningStatus? { provisioning?.status }
  package var skipReason: String? { provisioning?.skipReason }
  package var errorCode: String? { provisioning?.errorCode }
  package var scimKind: ScimKind? { scim?.kind }
  package var totalResults: Int? { scim?.totalResults }
  package var foreignResults: Int? { scim?.foreignResults }
  package var patchValue: String? { scim?.patchValue }
  package var patchOp: String? { scim?.patchOp }
  package var httpStatus: Int? { scim?.httpStatus }
  /// `active` of the resource the response returned for this user (`true`, `false`, `"False"`).
  package var returnedActive: String? { scim?.returnedActive }

  /// A 2xx response, or a provisioning event with status success.
  package var isSuccess: Bool {
    switch payload {
    case .audit: return false
    case .provisioning(let p): return p.status == .success
    case .scim(let s): return s.httpStatus.map { (200..<300).contains($0) } ?? false
    }
  }

  enum CodingKeys: String, CodingKey {
    case time, source, ref, location, text, via
    case auditKind, activity, servicePrincipalId
    case action, status, skipReason, errorCode, cycleId, targetId
    case scimKind, method, httpStatus, totalResults, returnedActive, foreignResults, patchValue, patchOp
  }

  /// One flat object per event, the same keys for every source (absent ones left out).
  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(time, forKey: .time)
    try c.encode(source, forKey: .source)
    try c.encode(ref, forKey: .ref)
    try c.encode(location, forKey: .location)
    try c.encode(text, forKey: .text)
    try c.encode(via, forKey: .via)
    switch payload {
    case .audit(let a):
      try c.encode(a.kind, forKey: .auditKind)
      try c.encode(a.activity, forKey: .activity)
      try c.encodeIfPresent(a.servicePrincipalId, forKey: .servicePrincipalId)
    case .provisioning(let p):
      try c.encode(p.action.name, forKey: .action)
      try c.encode(p.status.name, forKey: .status)
      try c.encodeIfPresent(p.skipReason, forKey: .skipReason)
      try c.encodeIfPresent(p.errorCode, forKey: .errorCode)
      try c.encodeIfPresent(p.cycleId, forKey: .cycleId)
      try c.encodeIfPresent(p.targetId, forKey: .targetId)
    case .scim(let s):
      try c.encode(s.kind, forKey: .scimKind)
      try c.encode(s.method, forKey: .method)
      try c.encodeIfPresent(s.httpStatus, forKey: .httpStatus)
      try c.encodeIfPresent(s.totalResults, forKey: .totalResults)
      try c.encodeIfPresent(s.returnedActive, forKey: .returnedActive)
      try c.encodeIfPresent(s.foreignResults, forKey: .foreignResults)
      try c.encodeIfPresent(s.patchValue, forKey: .patchValue)
      try c.encodeIfPresent(s.patchOp, forKey: .patchOp)
    }
  }
}
