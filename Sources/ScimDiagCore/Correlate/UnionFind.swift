import ScimDiagParsing

/// Disjoint sets over hashable values, with path compression: the identity graph's clusters.
///
/// Each element is held once (`elements`); finding an element's node goes through an
/// open-addressing table of 4-byte node numbers that compares with that one copy, so a large
/// tenant's keys are not held twice. Node numbers are given in the order elements first
/// appear, so the clusters' roots, and the order of users whose labels are equal, are the same
/// on every run.
struct UnionFind<Element: Hashable> {
  private var parent: [Int32] = []
  /// The elements by node.
  private(set) var elements: [Element] = []
  /// Node number + 1 by the element's hash (linear probing); 0 is an empty slot.
  private var slots = [Int32](repeating: 0, count: 1024)

  /// The number of nodes (distinct elements) so far.
  var count: Int { parent.count }

  mutating func node(_ element: Element) -> Int {
    let mask = slots.count - 1
    var i = element.hashValue & mask
    while slots[i] != 0 {
      let n = Int(slots[i]) - 1
      if elements[n] == element { return n }
      i = (i + 1) & mask
    }
    let n = parent.count
    parent.append(Int32(n))
    elements.append(element)
    slots[i] = Int32(n + 1)
    if parent.count * 10 > slots.count * 7 { grow() }
    return n
  }

  /// Doubles the table when it is 70 % full.
  private mutating func grow() {
    var table = [Int32](repeating: 0, count: slots.count * 2)
    let mask = table.count - 1
    for (n, element) in elements.enumerated() {
      var i = element.hashValue & mask
      while table[i] != 0 { i = (i + 1) & mask }
      table[i] = Int32(n + 1)
    }
    slots = table
  }

  mutating func find(_ i: Int) -> Int {
    var r = i
    while Int(parent[r]) != r { r = Int(parent[r]) }
    var x = i
    while Int(parent[x]) != r {
      let next = Int(parent[x])
      parent[x] = Int32(r)
      x = next
    }
    return r
  }

  /// Puts every element of `elements` in one set.
  mutating func union(_ elements: [Element]) {
    guard let first = elements.first else { return }
    let a = find(node(first))
    for e in elements.dropFirst() {
      let b = find(node(e))
      if a != b { parent[b] = Int32(a) }
    }
  }
}
