/// Parses hex with optional spaces, so test vectors can be pasted exactly as the RFCs print them.
func bytes(hex: String) -> [UInt8] {
    let digits = hex.filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    var out = [UInt8]()
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        out.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return out
}

/// ASCII/UTF-8 bytes of a string literal, for the text-based vectors.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
