import ScimDiagParsing

/// The `users` table in columns: measured over every row first, then written a row at a
/// time, so a tenant's rows need not be held (two passes over the kept triage).
package struct UsersTable {
  /// An APP column only when a row names an app (the store holds several).
  private var byApp = false
  private var widths: [Int] = []

  package init() {}

  private func cells(_ r: UserSummary) -> [String] {
    [ExplainRenderer.clean(r.user)] + (byApp ? [ExplainRenderer.clean(r.app ?? "-")] : [])
      + [
        r.latestTrigger?.kind.rawValue ?? "-", r.latestTrigger.map { ExplainRenderer.time($0.time) } ?? "-",
        r.outcome?.rawValue ?? "-", r.cause ?? "-", r.confidence?.rawValue ?? "-",
      ]
  }

  private var headerCells: [String] {
    ["USER"] + (byApp ? ["APP"] : []) + ["TRIGGER", "TIME (UTC)", "OUTCOME", "CAUSE", "CONFIDENCE"]
  }

  /// Takes a row's widths into account (the first pass).
  package mutating func measure(_ r: UserSummary) {
    if widths.isEmpty { widths = headerCells.map(\.count) }
    if r.app != nil && !byApp {
      byApp = true
      widths.insert("APP".count, at: 1)
    }
    for (i, c) in cells(r).enumerated() { widths[i] = max(widths[i], c.count) }
  }

  package var header: String { pad(headerCells) }

  package func line(_ r: UserSummary) -> String { pad(cells(r)) }

  private func pad(_ row: [String]) -> String {
    let widths = self.widths.isEmpty ? headerCells.map(\.count) : self.widths
    return row.enumerated().map { i, c in
      i == row.count - 1 ? c : c + String(repeating: " ", count: max(0, max(widths[i], headerCells[i].count) - c.count))
    }.joined(separator: "  ")
  }
}
