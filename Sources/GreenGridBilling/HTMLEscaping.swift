/// Text made safe for HTML element content and double- or single-quoted attributes.
///
/// Account names and memos come from users; escaping the five characters that can end a text run or
/// an attribute is what keeps them text, never markup. Applied to every piece of text the page prints,
/// including numbers, so no call site has to decide whether it is safe.
public enum HTMLEscaping {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
