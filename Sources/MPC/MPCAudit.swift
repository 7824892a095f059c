import Foundation

/// What an audit trail may record about one MPC session: who took part, when, and how it ended.
/// Deliberately has no field for inputs or outputs, so a sink cannot leak them.
public struct MPCAuditRecord: Sendable, Equatable {
    /// How a session ended.
    public enum Outcome: Sendable, Equatable {
        case completed
        /// Aborted, with the error description (which names the offending node, never a value).
        case aborted(reason: String)
    }

    public let protocolName: String
    public let participants: [String]
    public let startedAt: Date
    public let endedAt: Date
    public let outcome: Outcome

    public init(protocolName: String, participants: [String], startedAt: Date, endedAt: Date, outcome: Outcome) {
        self.protocolName = protocolName
        self.participants = participants
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
    }
}

/// Destination for session audit records; the engine wires it to SQLite.
public protocol MPCAuditSink: Sendable {
    func record(_ record: MPCAuditRecord) async
}
