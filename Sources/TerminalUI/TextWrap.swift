/// Greedy word wrapping by display width (long words are cut).
public enum TextWrap {
    /// `text` broken into lines of at most `width` cells; explicit newlines are kept.
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var w = String(word)
                var ww = CharacterWidth.of(w)
                if lineWidth > 0 && lineWidth + 1 + ww <= width {
                    line += " " + w
                    lineWidth += 1 + ww
                    continue
                }
                if lineWidth > 0 { out.append(line); line = ""; lineWidth = 0 }
                while ww > width {
                    var head = "", hw = 0
                    var rest = Substring(w)
                    while let ch = rest.first, hw + CharacterWidth.of(ch) <= width {
                        head.append(ch); hw += CharacterWidth.of(ch); rest = rest.dropFirst()
                    }
                    if head.isEmpty { break }
                    out.append(head)
                    w = String(rest)
                    ww = CharacterWidth.of(w)
                }
                line = w
                lineWidth = ww
            }
            out.append(line)
        }
        return out
    }
}
