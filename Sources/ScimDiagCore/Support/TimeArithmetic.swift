import ScimDiagParsing

/// Arithmetic on normalised times.
extension String {
  /// Minutes from `self` (a normalised time) to `other`.
  package func minutes(to other: String) -> Double {
    guard let a = Timestamp.epochSeconds(self), let b = Timestamp.epochSeconds(other) else { return 0 }
    return (b - a) / 60
  }
}
