/// A typed annotation over a document's text (a sentence, a script run, a stray-language span, a quantity).
///
/// Inside Sift, `start` and `end` are UTF-8 byte offsets into ``Document/text`` (O(1) slicing, and
/// ICU reads UTF-8 in place). Every output converts them to Unicode scalar (code point) offsets, so
/// that Python's `text[start:end]` gives the span.
public struct Span: Sendable, Equatable {
    public var type: String
    /// Start, in UTF-8 bytes of the current text.
    public var start: Int
    /// End (exclusive), in UTF-8 bytes of the current text.
    public var end: Int
    /// Further attributes (`language`, `script`, `value`, …), written beside `type`, `start` and `end`.
    public var attributes: JSONObject

    public init(type: String, start: Int, end: Int, attributes: JSONObject = JSONObject()) {
        self.type = type
        self.start = start
        self.end = end
        self.attributes = attributes
    }

    public var range: Range<Int> { start..<end }
}
