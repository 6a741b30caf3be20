import ScimDiagParsing

/// Documentation pages the rules cite (Microsoft Learn paths of the entra-docs articles the
/// reference names).
enum Links {
  static let howProvisioningWorks =
    "https://learn.microsoft.com/entra/identity/app-provisioning/how-provisioning-works"
  static let scimTutorial =
    "https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups"
  static let scimCompatibility =
    "https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility"
  static let skipOutOfScope =
    "https://learn.microsoft.com/entra/identity/app-provisioning/skip-out-of-scope-deletions"
  static let accidentalDeletions =
    "https://learn.microsoft.com/entra/identity/app-provisioning/accidental-deletions"
  static let quarantine =
    "https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status"
  static let analyzeLogs =
    "https://learn.microsoft.com/entra/identity/monitoring-health/howto-analyze-provisioning-logs"
  static let whenWillProvisioningFinish =
    "https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-when-will-provisioning-finish-specific-user"
  static let provisionOnDemand =
    "https://learn.microsoft.com/entra/identity/app-provisioning/provision-on-demand"
}
