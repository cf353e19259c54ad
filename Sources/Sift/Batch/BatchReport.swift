/// The `--report html` page: the summary's figures as a person wants to look at them, in one
/// self-contained file (inline CSS and SVG, no scripts, no external assets).
public enum BatchReport {
    public static func html(_ s: BatchSummary) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sift batch: \(escape(s.pipeline))</title>
        <style>
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:64em;padding:0 1em;color:#1d232a}
        h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #d8dde3;padding-bottom:.2em}
        .sub{color:#5b6673;margin-top:0}
        .cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1.2em 0}
        .card{border:1px solid #d8dde3;border-radius:8px;padding:.6em 1em;min-width:9em}
        .card b{display:block;font-size:1.5em}.card span{color:#5b6673;font-size:.9em}
        .bad b{color:#b3261e}
        table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{padding:.3em .6em;border-bottom:1px solid #e6e9ed;text-align:right}
        th:first-child,td:first-child{text-align:left}th{background:#f4f6f8;font-weight:600}
        td.bar{width:40%}svg{display:block}
        .none{color:#5b6673;font-style:italic}
        </style></head><body>
        <h1>Batch report: \(escape(s.pipeline))</h1>
        <p class="sub">\(escape(s.pipelineFile ?? s.pipeline)) → \(escape(s.outputDirectory))\(s.shard.map { " · shard \($0)" } ?? "") · \(s.jobs) job\(s.jobs == 1 ? "" : "s")\(s.stopped ? " · <strong>stopped at --max-errors</strong>" : "")</p>
        <div class="cards">
        """
        func card(_ value: String, _ label: String, bad: Bool = false) {
            h += "<div class=\"card\(bad ? " bad" : "")\"><b>\(escape(value))</b><span>\(escape(label))</span></div>\n"
        }
        card(String(s.inputsSelected), "input files (\(s.inputsResumed) already done)")
        card(String(s.corpus.documentsIn), "documents in")
        card(String(s.corpus.documentsOut), "documents out")
        card(String(s.documentsDropped), "dropped")
        card(String(s.corpus.errors), "errors", bad: s.corpus.errors > 0)
        card(mb(s.corpus.bytesIn) + " → " + mb(s.corpus.bytesOut), "text in → out")
        card(BatchSummary.fixed(s.megabytesPerSecond, 1) + " MB/s", "this run, \(BatchSummary.fixed(s.seconds, 1)) s")
        h += "</div>\n"

        h += "<h2>Stages</h2>\n"
        if s.stages.isEmpty {
            h += "<p class=\"none\">No stage ran in this run (every input was already done).</p>\n"
        } else {
            let maxTime = max(1, s.stages.map(\.nanoseconds).max() ?? 1)
            h += "<table><tr><th>stage</th><th>docs in</th><th>docs out</th><th>changed docs</th><th>characters changed</th><th>removed pieces</th><th>removed lines</th><th>CPU s</th><th>MB/s per core</th><th>share of CPU time</th></tr>\n"
            for st in s.stages {
                let r = s.corpus.removed[st.name]
                h += "<tr><td>\(escape(st.name))</td><td>\(st.documentsIn)</td><td>\(st.documentsOut)</td><td>\(st.documentsChanged)</td><td>\(st.changedCharacters)</td><td>\(r?.spans ?? 0)</td><td>\(r?.lines ?? 0)</td><td>\(BatchSummary.fixed(Double(st.nanoseconds) / 1e9, 3))</td><td>\(BatchSummary.fixed(st.megabytesPerSecond, 1))</td><td class=\"bar\">\(bar(Double(st.nanoseconds) / Double(maxTime), color: "#3d7bd9"))</td></tr>\n"
            }
            h += "</table>\n"
        }

        h += "<h2>Removed text, by stage and reason</h2>\n"
        var removedRows: [(String, Int)] = []
        for (stage, r) in s.corpus.removed.sorted(by: { $0.key < $1.key }) {
            for (reason, n) in BatchCounters.sortedCounts(r.reasons) { removedRows.append(("\(stage): \(reason)", n)) }
        }
        h += countTable(removedRows, header: "stage: reason", color: "#d98a3d")

        h += "<h2>Dropped documents</h2>\n"
        h += countTable(BatchCounters.sortedCounts(s.corpus.dropped).map { ($0.key, $0.value) }, header: "stage: reason", color: "#b3261e")

        h += "<h2>Languages</h2>\n"
        h += countTable(BatchCounters.sortedCounts(s.corpus.languages).map { ($0.key, $0.value) }, header: "language", color: "#2e9e6a")
        h += "<h2>Scripts</h2>\n"
        h += countTable(BatchCounters.sortedCounts(s.corpus.scripts).map { ($0.key, $0.value) }, header: "script", color: "#7b4fd1")
        h += "<h2>Spans in the output</h2>\n"
        h += countTable(BatchCounters.sortedCounts(s.corpus.spans).map { ($0.key, $0.value) }, header: "type", color: "#3d7bd9")
        h += "<p>Quantities found: <b>\(s.corpus.quantities)</b> · unit conversions made: <b>\(s.corpus.unitConversions)</b> · invalid UTF-8 sequences repaired: <b>\(s.corpus.invalidUTF8)</b></p>\n"
        h += "<p class=\"sub\">Inputs: \(s.inputsSelected) selected (\(mb(s.inputBytes)) on disk), \(s.inputsProcessed) processed in this run, \(s.inputsResumed) already done, \(s.inputsWithErrors) with errors (see errors.jsonl).</p>\n"
        h += "</body></html>\n"
        return h
    }

    static func countTable(_ rows: [(String, Int)], header: String, color: String) -> String {
        guard let top = rows.map(\.1).max(), top > 0 else { return "<p class=\"none\">None.</p>\n" }
        let total = rows.reduce(0) { $0 + $1.1 }
        var h = "<table><tr><th>\(escape(header))</th><th>count</th><th>share</th><th></th></tr>\n"
        for (label, n) in rows {
            h += "<tr><td>\(escape(label))</td><td>\(n)</td><td>\(BatchSummary.fixed(100 * Double(n) / Double(total), 1))%</td><td class=\"bar\">\(bar(Double(n) / Double(top), color: color))</td></tr>\n"
        }
        return h + "</table>\n"
    }

    /// A horizontal bar, `fraction` of the full width.
    static func bar(_ fraction: Double, color: String) -> String {
        let w = BatchSummary.fixed(max(0, min(1, fraction)) * 100, 1)
        return "<svg width=\"100%\" height=\"14\" role=\"img\" aria-label=\"\(w)%\"><rect x=\"0\" y=\"2\" width=\"100%\" height=\"10\" fill=\"#eef1f4\"/><rect x=\"0\" y=\"2\" width=\"\(w)%\" height=\"10\" fill=\"\(color)\"/></svg>"
    }

    static func mb(_ bytes: Int) -> String { BatchSummary.fixed(Double(bytes) / 1e6, 2) + " MB" }

    static func escape(_ s: String) -> String { HTML.escape(s) }
}
