/// Subscript digits for level numbers.
func sub(_ k: Int) -> String {
    let digits = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
    return String(k).compactMap { $0.wholeNumberValue }.map { digits[$0] }.joined()
}
