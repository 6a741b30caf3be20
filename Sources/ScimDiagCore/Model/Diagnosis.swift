/// Which of the three sources a record comes from.
package enum EvidenceSource: String, Sendable, Codable, Comparable {
  case audit
  case provisioning
  case scim

  package static func < (a: EvidenceSource, b: EvidenceSource) -> Bool { a.rawValue < b.rawValue }
}

/// What an audit event means for a user's access to the app.
package enum AuditKind: String, Sendable, Codable {
  case softDelete = "soft-delete"
  case hardDelete = "hard-delete"
  case unassign
  case groupRemoval = "group-removal"
  case disable
  case restore
  case assign
  case groupAdd = "group-add"
  case enable
  case other
}

/// What a SCIM request did, as far as deprovisioning is concerned.
package enum ScimKind: String, Sendable, Codable {
  case disablePatch = "disable-patch"
  case enablePatch = "enable-patch"
  case otherPatch = "patch"
  case delete
  case create
  case lookup
  case other
}

/// A user: one cluster of the identity graph.
package struct UserIdentity: Sendable, Codable, Equatable {
  package var id: Int
  package var label: String
  package var objectId: String?
  package var upn: String?
  package var displayName: String?
  package var scimId: String?
  /// Every key that tied records to this user, as `kind: value`.
  package var keys: [String]
}

/// One record on a user's timeline, with the facts rules read.
package struct TimelineEvent: Sendable, Codable, Equatable {
  package var time: String
  package var source: EvidenceSource
  /// Record id (audit, provisioning) or request key (SCIM).
  package var ref: String
  /// `path:line` of the file it was read from.
  package var location: String
  /// One-line summary.
  package var text: String
  /// The keys that tied it to the user.
  package var via: String
  // Audit facts.
  package var auditKind: AuditKind?
  package var activity: String?
  package var servicePrincipalId: String?
  // Provisioning facts.
  package var action: String?
  package var status: String?
  package var skipReason: String?
  package var errorCode: String?
  package var cycleId: String?
  package var targetId: String?
  // SCIM facts.
  package var scimKind: ScimKind?
  package var method: String?
  package var httpStatus: Int?
  package var totalResults: Int?
  /// `active` of the resource the response returned for this user (`true`, `false`, `"False"`).
  package var returnedActive: String?
  /// Number of returned resources that are not this user (a filter that was not honoured).
  package var foreignResults: Int?
  /// The PATCH value that set `active`, as JSON text (`false`, `"False"`).
  package var patchValue: String?
  package var patchOp: String?

  package init(time: String, source: EvidenceSource, ref: String, location: String, text: String, via: String) {
    self.time = time
    self.source = source
    self.ref = ref
    self.location = location
    self.text = text
    self.via = via
  }

  package var isSuccess: Bool { httpStatus.map { (200..<300).contains($0) } ?? (status == "success") }
}

/// How sure a finding is.
package enum Confidence: String, Sendable, Codable, Comparable, CaseIterable {
  case certain
  case likely
  case possible

  private var rank: Int { self == .certain ? 2 : self == .likely ? 1 : 0 }
  package static func < (a: Confidence, b: Confidence) -> Bool { a.rank < b.rank }
}

/// What the app's SCIM endpoint saw after a trigger.
package enum Outcome: String, Sendable, Codable, CaseIterable {
  case delivered
  case skipped
  case getOnly = "get-only"
  case nothing
  case failed
  case pending
}

/// The deprovisioning trigger a finding is about.
package struct Trigger: Sendable, Codable, Equatable {
  /// `soft-delete`, `hard-delete`, `unassign`, `group-removal`, `disable`.
  package var kind: String
  package var time: String
  package var ref: String
  package var source: EvidenceSource
}

/// A record a finding rests on.
package struct Evidence: Sendable, Codable, Equatable {
  package var source: EvidenceSource
  package var ref: String
  package var location: String
  package var time: String
  package var text: String
}

/// Another cause that also fits, with its confidence.
package struct Alternative: Sendable, Codable, Equatable {
  package var cause: String
  package var confidence: Confidence
  package var summary: String
}

/// The diagnosis of one trigger.
package struct Finding: Sendable, Codable, Equatable {
  package var trigger: Trigger
  package var outcome: Outcome
  package var cause: String
  package var confidence: Confidence
  package var summary: String
  package var explanation: String
  package var remediation: [String]
  package var alternatives: [Alternative]
  package var evidence: [Evidence]
  /// What would settle the question, when a source is missing.
  package var missing: [String]
}
