/// Human-readable reports of what a pipeline found and did, per document: the `report` (plain text)
/// and `html` (a self-contained page with highlighted spans) output formats.
enum ReportWriter {
    /// 1-based line and column (in Unicode scalars) of byte offsets in a text, in one pass.
    static func lineColumns(_ offsets: [Int], in text: String) -> [(line: Int, column: Int)] {
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        var result = [(line: Int, column: Int)](repeating: (1, 1), count: offsets.count)
        var t = text
        t.withUTF8 { bytes in
            var line = 1, column = 1, position = 0
            for i in order {
                let target = min(offsets[i], bytes.count)
                while position < target {
                    let b = bytes[position]
                    if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
                    position += 1
                }
                result[i] = (line, column)
            }
        }
        return result
    }

    /// A one-line excerpt of at most `limit` characters.
    static func excerpt(_ s: Substring, limit: Int = 60) -> String {
        var out = ""
        var n = 0
        for c in s {
            if n == limit { out += "…"; break }
            out.append(c == "\n" ? "⏎" : c)
            n += 1
        }
        return out
    }

    static func percent(_ v: Double) -> String {
        let p = (v * 1000).rounded() / 10
        return "\(p)%"
    }

    static func describeScripts(_ metadata: JSONObject) -> String? {
        guard case .object(let scripts)? = metadata["scripts"] else { return nil }
        return scripts.map { "\($0.key) \(percent($0.value.doubleValue ?? 0))" }.joined(separator: ", ")
    }

    /// The attributes of a span worth showing, as `key=value` pairs.
    static func describe(_ attributes: JSONObject) -> String {
        attributes.map { k, v in
            switch v {
            case .string(let s): "\(k)=\(s)"
            case .double(let d): "\(k)=\((d * 1000).rounded() / 1000)"
            default: "\(k)=\(JSONWriter.string(v))"
            }
        }.joined(separator: " ")
    }

    static func text(_ d: Document) -> String {
        var lines = ["== \(d.id) =="]
        var facts: [String] = []
        if let lang = d.metadata["language"]?.stringValue {
            var s = "language: \(lang)"
            if let c = d.metadata["language_confidence"]?.doubleValue { s += " (\((c * 100).rounded() / 100))" }
            facts.append(s)
        }
        if let s = d.metadata["script"]?.stringValue { facts.append("script: \(s)") }
        if let s = describeScripts(d.metadata) { facts.append("scripts: \(s)") }
        if !facts.isEmpty { lines.append(facts.joined(separator: "   ")) }
        let lineCount = d.text.isEmpty ? 0 : d.text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + (d.text.utf8.last == 0x0A ? 0 : 1)
        lines.append("\(d.text.unicodeScalars.count) characters, \(lineCount) lines kept")
        let shown = d.spans.filter { $0.type != "script" }
        if !shown.isEmpty {
            let positions = lineColumns(shown.map(\.start), in: d.text)
            var byType: [String: Int] = [:]
            for s in shown { byType[s.type, default: 0] += 1 }
            lines.append("spans: " + byType.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            for (s, p) in zip(shown, positions) {
                lines.append("  \(p.line):\(p.column)  \(s.type)  \(describe(s.attributes))  \"\(excerpt(d.text(of: s.range)))\"")
            }
        }
        let removed = d.allRemovals
        if !removed.isEmpty {
            lines.append("removed (\(removed.count)):")
            for r in removed {
                let text = r.text
                lines.append("  \(r.stage): \(r.reason)  \"\(excerpt(Substring(text.hasSuffix("\n") ? String(text.dropLast()) : text)))\"")
            }
        }
        if let n = d.metadata["invalid_utf8"]?.intValue { lines.append("invalid UTF-8 sequences repaired: \(n)") }
        return lines.joined(separator: "\n") + "\n\n"
    }

    // MARK: HTML

    static let htmlHeader = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Sift report</title>
        <style>
        body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
        h2{font-size:1.1rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;word-break:break-all}
        pre{white-space:pre-wrap;word-wrap:break-word;background:#fafafa;border:1px solid #e4e4e4;padding:.8rem;font:14px/1.5 ui-monospace,monospace}
        mark{border-radius:3px;padding:0 1px} .legend span{display:inline-block;margin:0 .8rem .3rem 0;padding:0 .4rem;border-radius:3px}
        table{border-collapse:collapse;margin:.5rem 0} td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
        .removed td:last-child{font-family:ui-monospace,monospace;color:#a33}
        </style></head><body><h1>Sift report</h1>

        """

    static let htmlFooter = "</body></html>\n"

    static let palette = ["#ffd54f", "#80deea", "#ef9a9a", "#a5d6a7", "#ce93d8", "#ffab91", "#90caf9", "#e6ee9c"]

    static func escape(_ s: Substring) -> String { HTML.escape(s) }

    /// Label used for a span's colour: its language, else its script, else its type.
    static func label(_ s: Span) -> String {
        s.attributes["language"]?.stringValue ?? s.attributes["script"]?.stringValue ?? s.type
    }

    static func html(_ d: Document) -> String {
        var out = "<section><h2>\(escape(Substring(d.id)))</h2>\n<table>"
        if let lang = d.metadata["language"]?.stringValue { out += "<tr><th>language</th><td>\(escape(Substring(lang)))</td></tr>" }
        if let s = describeScripts(d.metadata) { out += "<tr><th>scripts</th><td>\(escape(Substring(s)))</td></tr>" }
        out += "<tr><th>characters</th><td>\(d.text.unicodeScalars.count)</td></tr></table>\n"
        // Highlight non-overlapping spans (the first of overlapping ones wins), other than script runs.
        let spans = d.spans.filter { $0.type != "script" }.sorted { $0.start < $1.start }
        var labels: [String] = []
        for s in spans where !labels.contains(label(s)) { labels.append(label(s)) }
        if !labels.isEmpty {
            out += "<p class=\"legend\">"
            for (i, l) in labels.enumerated() { out += "<span style=\"background:\(palette[i % palette.count])\">\(escape(Substring(l)))</span>" }
            out += "</p>\n"
        }
        out += "<pre>"
        var cursor = 0
        for s in spans where s.start >= cursor {
            out += escape(d.text(of: cursor..<s.start))
            let colour = palette[(labels.firstIndex(of: label(s)) ?? 0) % palette.count]
            out += "<mark style=\"background:\(colour)\" title=\"\(escape(Substring(s.type + " " + describe(s.attributes))))\">\(escape(d.text(of: s.range)))</mark>"
            cursor = s.end
        }
        out += escape(d.text(of: cursor..<d.text.utf8.count)) + "</pre>\n"
        let removed = d.allRemovals
        if !removed.isEmpty {
            out += "<table class=\"removed\"><tr><th>stage</th><th>reason</th><th>removed text</th></tr>"
            for r in removed {
                out += "<tr><td>\(escape(Substring(r.stage)))</td><td>\(escape(Substring(r.reason)))</td><td>\(escape(Substring(r.text)))</td></tr>"
            }
            out += "</table>\n"
        }
        return out + "</section>\n"
    }
}
