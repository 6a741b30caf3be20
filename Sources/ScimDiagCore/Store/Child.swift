import ScimDiagParsing

/// A child row: the record, its parent's key (arrival number or id) and its place among the
/// parent's children.
struct Child<Record, Parent> {
  let record: Record
  let parent: Parent
  let index: Int
  /// The place of the parent among its own parent's children (audit targets' properties).
  var parentIndex = 0
}
