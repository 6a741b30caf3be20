import Foundation
import ScimDiagParsing

/// Disjoint sets over user keys, with path compression: the identity graph's clusters.
///
/// A large tenant has several keys per user, so what each key costs decides the linking's
/// memory. Each key is held once, as its kind's byte and its UTF-8 value in one shared byte
/// buffer (`KeyArena`), rather than as a `UserKey` with its own string allocation; finding a
/// key's node goes through an open-addressing table of 4-byte node numbers that compares with
/// those bytes. Node numbers are given in the order keys first appear, so the clusters'
/// roots, and the order of users whose labels are equal, are the same on every run.
struct UnionFind {
  private var forest = Forest()
  /// The keys by node.
  private(set) var keys = KeyArena()
  /// Node number + 1 by the key's hash (linear probing); 0 is an empty slot.
  private var slots = [Int32](repeating: 0, count: 1024)

  /// The number of nodes (distinct keys) so far.
  var count: Int { forest.count }

  mutating func node(_ key: UserKey) -> Int {
    var value = key.value
    let kind = KeyArena.code(key)
    return value.withUTF8 { utf8 in
      let mask = slots.count - 1
      var i = KeyArena.hash(kind, utf8) & mask
      while slots[i] != 0 {
        let n = Int(slots[i]) - 1
        if keys.equals(n, kind, utf8) { return n }
        i = (i + 1) & mask
      }
      let n = forest.add()
      keys.append(kind, utf8)
      slots[i] = Int32(n + 1)
      if count * 10 > slots.count * 7 { grow() }
      return n
    }
  }

  /// Doubles the table when it is 70 % full.
  private mutating func grow() {
    var table = [Int32](repeating: 0, count: slots.count * 2)
    let mask = table.count - 1
    for n in 0..<count {
      var i = keys.hash(n) & mask
      while table[i] != 0 { i = (i + 1) & mask }
      table[i] = Int32(n + 1)
    }
    slots = table
  }

  mutating func find(_ i: Int) -> Int { forest.find(i) }

  /// Each node's root, by node. The table that finds nodes by key is let go, so no key can be
  /// added or found afterwards (`keys` still gives each node's key).
  mutating func takeRoots() -> [Int32] {
    slots = []
    return forest.takeRoots()
  }

  /// Puts every key of `keys` in one set.
  mutating func union(_ keys: [UserKey]) {
    guard let first = keys.first else { return }
    let a = find(node(first))
    for k in keys.dropFirst() {
      let b = find(node(k))
      if a != b { forest.attach(b, to: a) }
    }
  }
}

/// Disjoint sets over node numbers, 4 bytes a node: each node's parent, with path
/// compression. `UnionFind` adds keys to it; linking on disk numbers its nodes in SQL.
struct Forest {
  private var parent: [Int32] = []

  /// A forest of `count` nodes, each alone.
  init(count: Int = 0) { parent = (0..<Int32(count)).map { $0 } }

  var count: Int { parent.count }

  /// A new node, alone; its number.
  mutating func add() -> Int {
    parent.append(Int32(parent.count))
    return parent.count - 1
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

  /// Makes root `b`'s set part of root `a`'s.
  mutating func attach(_ b: Int, to a: Int) { parent[b] = Int32(a) }

  /// Each node's root, by node; the forest is left empty.
  mutating func takeRoots() -> [Int32] {
    for node in 0..<count { _ = find(node) }
    let roots = parent
    parent = []
    return roots
  }
}

/// Keys held as bytes: for each node its kind's code, then its value's UTF-8, one after the
/// other in one buffer.
struct KeyArena {
  private var bytes: [UInt8] = []
  /// Where each node's bytes start; the next node's start (or the end) is where they end.
  private var starts: [UInt32] = []

  var count: Int { starts.count }

  /// The kind's one-byte code, in the order `UserKey`'s kinds sort.
  static func code(_ key: UserKey) -> UInt8 {
    switch key {
    case .displayName: return 0
    case .name: return 1
    case .objectId: return 2
    case .scimId: return 3
    }
  }

  static func hash(_ kind: UInt8, _ utf8: UnsafeBufferPointer<UInt8>) -> Int {
    var h = Hasher()
    h.combine(kind)
    h.combine(bytes: UnsafeRawBufferPointer(utf8))
    return h.finalize()
  }

  mutating func append(_ kind: UInt8, _ utf8: UnsafeBufferPointer<UInt8>) {
    starts.append(UInt32(bytes.count))
    bytes.append(kind)
    bytes.append(contentsOf: utf8)
  }

  private func range(_ n: Int) -> Range<Int> {
    Int(starts[n])..<(n + 1 < starts.count ? Int(starts[n + 1]) : bytes.count)
  }

  func equals(_ n: Int, _ kind: UInt8, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    let r = range(n)
    guard r.count == utf8.count + 1, bytes[r.lowerBound] == kind else { return false }
    return bytes.withUnsafeBufferPointer { all in
      utf8.isEmpty || memcmp(all.baseAddress! + r.lowerBound + 1, utf8.baseAddress!, utf8.count) == 0
    }
  }

  func hash(_ n: Int) -> Int {
    let r = range(n)
    return bytes.withUnsafeBufferPointer { all in
      KeyArena.hash(all[r.lowerBound], UnsafeBufferPointer(rebasing: all[(r.lowerBound + 1)..<r.upperBound]))
    }
  }

  subscript(n: Int) -> UserKey {
    let r = range(n)
    return Self.key(
      code: bytes[r.lowerBound], value: String(decoding: bytes[(r.lowerBound + 1)..<r.upperBound], as: UTF8.self))
  }

  /// The key of a kind's code (`code(_:)`) and a value.
  static func key(code: UInt8, value: String) -> UserKey {
    switch code {
    case 0: return .displayName(value)
    case 1: return .name(value)
    case 2: return .objectId(value)
    default: return .scimId(value)
    }
  }

  /// Whether node `a`'s value sorts before node `b`'s, by their UTF-8 bytes (the order of
  /// their Unicode scalars), the kinds left aside.
  func valueLess(_ a: Int, _ b: Int) -> Bool {
    let ra = range(a)
    let rb = range(b)
    return bytes.withUnsafeBufferPointer { all in
      let la = ra.count - 1
      let lb = rb.count - 1
      let c = memcmp(all.baseAddress! + ra.lowerBound + 1, all.baseAddress! + rb.lowerBound + 1, min(la, lb))
      return c != 0 ? c < 0 : la < lb
    }
  }
}
