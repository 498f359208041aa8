import GreenGridProtocol

/// Where the session stream stands: the session to resume and the last sequence handed to the
/// user. Messages at or below it are duplicates (a resume overlapping what was already seen) and
/// are dropped, which is what makes delivery exactly once across reconnects.
struct ResumeTracker {
    private(set) var sessionId: UInt64 = 0
    private(set) var lastProcessed: UInt64 = 0

    init(resume: ResumePoint?) {
        if let resume {
            sessionId = resume.sessionId
            lastProcessed = resume.lastProcessedSessionSequence
        }
    }

    /// What the next LogonProof asks for; nil for a fresh session.
    var resumePoint: ResumePoint? {
        sessionId == 0 ? nil : ResumePoint(sessionId: sessionId, lastProcessedSessionSequence: lastProcessed)
    }

    /// Adopts the session the server granted; true when it is the one asked to resume.
    mutating func loggedOn(_ accepted: Message.LogonAccepted) -> Bool {
        if sessionId != 0 && accepted.sessionId == sessionId { return true }
        sessionId = accepted.sessionId
        lastProcessed = accepted.replayFromSessionSequence &- 1
        return false
    }

    func isNew(_ sessionSequence: UInt64) -> Bool { sessionSequence > lastProcessed }

    mutating func processed(_ sessionSequence: UInt64) { lastProcessed = sessionSequence }
}
