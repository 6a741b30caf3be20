import ScimDiagParsing

/// Renders job configuration snapshots and what changed between them.
package enum ConfigRenderer {
  package static func text(_ configs: [JobConfig]) -> String {
    guard !configs.isEmpty else {
      return
        "no job configuration in the store; ingest the job's schema (GET …/synchronization/jobs/{jobId}/schema) or its settings, or use --set"
    }
    var out: [String] = []
    var previous: [String]?
    for c in configs {
      out.append(
        "configuration \(c.asOf) UTC  (\(ExplainRenderer.clean(c.source)))")
      if let m = c.userMapping {
        out.append(
          "  user mapping  \(ExplainRenderer.clean(m.name))\(m.enabled ? "" : " (disabled)"): \(m.sourceObject) → \(m.targetObject)"
        )
        out.append("  actions       \(m.flowTypes.joined(separator: ", "))")
      }
      if !c.settings.isEmpty {
        out.append(
          "  settings      "
            + c.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\(ExplainRenderer.clean($0.value))" }.joined(
              separator: ", "))
      }
      let lines = c.consequences
      for line in lines {
        let isNew = previous.map { !$0.contains(line) } ?? false
        let text = ExplainRenderer.clean(line.hasPrefix("! ") ? String(line.dropFirst(2)) : line)
        out.append((line.hasPrefix("! ") ? "  ! " : "  - ") + text + (isNew ? "   (changed)" : ""))
      }
      if let previous {
        let added = lines.filter { !previous.contains($0) }
        let removed = previous.filter { !lines.contains($0) }
        if added.isEmpty && removed.isEmpty {
          out.append("  (no change since the previous snapshot)")
        } else {
          for r in removed {
            out.append("  changed: no longer " + ExplainRenderer.clean(r.hasPrefix("! ") ? String(r.dropFirst(2)) : r))
          }
        }
      }
      previous = lines
      out.append("")
    }
    return out.joined(separator: "\n")
  }
}
