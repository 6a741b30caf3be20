import ScimDiagParsing

/// The version of the code that derives data kept in the store (the user links, the probes,
/// the cycles and the `users` triage). Raise it whenever linking, classification, trigger
/// detection or a rule changes what it derives from the same records: a store whose derived
/// data carries another version is rebuilt on first use.
package enum DerivedData {
  package static let version = 4
}
