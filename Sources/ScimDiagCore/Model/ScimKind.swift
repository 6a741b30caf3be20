import ScimDiagParsing

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
