import ScimDiagParsing

/// Disjoint sets over hashable values, with path compression: the identity graph's clusters.
struct UnionFind<Element: Hashable> {
  private var parent: [Int] = []
  private(set) var index: [Element: Int] = [:]
  /// The elements by node.
  private(set) var elements: [Element] = []

  /// The number of nodes (distinct elements) so far.
  var count: Int { parent.count }

  mutating func node(_ element: Element) -> Int {
    if let i = index[element] { return i }
    let i = parent.count
    parent.append(i)
    index[element] = i
    elements.append(element)
    return i
  }

  mutating func find(_ i: Int) -> Int {
    var r = i
    while parent[r] != r { r = parent[r] }
    var x = i
    while parent[x] != r {
      let next = parent[x]
      parent[x] = r
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
      if a != b { parent[b] = a }
    }
  }
}
