/// The version of scimdiag: `scimdiag --version`, JSON outputs and the report name it, so a
/// finding can be traced to the rules that made it.
package enum ScimDiagVersion {
  package static let current = "0.9.0"
}
