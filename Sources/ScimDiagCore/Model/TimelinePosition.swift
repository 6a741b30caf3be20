import ScimDiagParsing

/// Where a record stands on a timeline. A total order: time first; records of the same time by
/// source, then by the file and the line in it, so that records a log wrote within one second
/// keep the order it wrote them; the reference last, so the order never depends on how rows
/// came out of the store.
package struct TimelinePosition: Sendable, Comparable {
  package var time: String
  package var source: EvidenceSource
  package var file: String
  package var line: Int
  package var ref: String

  package static func < (a: TimelinePosition, b: TimelinePosition) -> Bool {
    if a.time != b.time { return a.time < b.time }
    if a.source != b.source { return a.source < b.source }
    if a.file != b.file { return a.file < b.file }
    if a.line != b.line { return a.line < b.line }
    return a.ref < b.ref
  }
}
