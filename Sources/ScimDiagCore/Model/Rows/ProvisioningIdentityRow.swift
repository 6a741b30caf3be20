import ScimDiagParsing

/// The identity columns of a provisioning event, for the identity graph.
package struct ProvisioningIdentityRow: Sendable, Equatable {
  package var id: String
  package var sourceIdentityId: String?
  package var sourceUPN: String?
  package var sourceIdentityName: String?
  package var sourceIdentityType: String?
  package var targetIdentityId: String?
  package var targetIdentityType: String?

  package init(
    id: String, sourceIdentityId: String? = nil, sourceUPN: String? = nil, sourceIdentityName: String? = nil,
    sourceIdentityType: String? = nil, targetIdentityId: String? = nil, targetIdentityType: String? = nil
  ) {
    self.id = id
    self.sourceIdentityId = sourceIdentityId
    self.sourceUPN = sourceUPN
    self.sourceIdentityName = sourceIdentityName
    self.sourceIdentityType = sourceIdentityType
    self.targetIdentityId = targetIdentityId
    self.targetIdentityType = targetIdentityType
  }
}
