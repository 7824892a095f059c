/// Every way an MPC computation can fail; each case says what went wrong and where.
public enum MPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The node count is outside the supported 3...7 range.
    case invalidNodeCount(Int)
    /// A share set does not have one share per node, or names a node twice or out of range.
    case malformedShares(expected: Int, reason: String)
    /// The opened shares do not lie on one polynomial of degree t; the listed nodes disagree with
    /// the polynomial interpolated from the first t + 1 shares.
    case inconsistentOpening(suspects: [Int])
    /// An inverse of zero was requested.
    case divisionByZero

    public var description: String {
        switch self {
        case .invalidNodeCount(let n):
            return "MPC needs between 3 and 7 nodes, got \(n)"
        case .malformedShares(let expected, let reason):
            return "malformed share set (expected \(expected) shares): \(reason)"
        case .inconsistentOpening(let suspects):
            return "opening aborted: shares of node(s) \(suspects.map(String.init).joined(separator: ", ")) are not on the degree-t polynomial"
        case .divisionByZero:
            return "inverse of zero in F_p"
        }
    }
}
