import GreenGridDomain
import GreenGridProtocol

extension ExchangeServer {
    /// Refuses an administration request in the asking session's stream: in request order when
    /// refused on arrival, at once when the refusal comes with the engine's answers (`inOrder` false).
    func adminRejected(_ stream: SessionStream, requestId: UInt64, type: MessageType, _ reason: AdminRejectReason, inOrder: Bool = true) {
        let now = WallClock.nowMs()
        let make: (UInt64) -> Message = { sequence in
            .adminRejected(Message.AdminRejected(sessionSequence: sequence, timestampMs: now, requestId: requestId, requestType: type,
                                                 reason: reason))
        }
        if inOrder { answerInOrder(stream, make) } else { sendInStream(stream, make) }
    }

    /// HaltZone or ResumeZone: a domain command in the operator's name; the answer comes with its events.
    func operate(_ type: MessageType, requestId: UInt64, zone: UInt16, session: ServerSession, _ command: (TraderId) -> Command) {
        guard let stream = session.stream, let operatorId = session.credential?.participant.traderId else { return }
        guard Int(zone) < market.zones.count else {
            adminRejected(stream, requestId: requestId, type: type, .unknownZone)
            return
        }
        log.info("grid_operation", [("type", .string(type.name)), ("zone", .int(Int64(zone))), ("operator", .int(Int64(operatorId)))])
        enqueue(command(operatorId), tag: .admin(stream: stream, requestId: requestId, type: type))
    }

    /// CreateUser: checked, stored durably in the users file, registered with the engine, answered with UserCreated.
    func createUser(_ request: Message.CreateUser, session: ServerSession) {
        guard let stream = session.stream else { return }
        let type = MessageType.createUser
        let trader = request.role.mayTrade
        if trader {
            guard Int(request.zone) < market.zones.count else {
                adminRejected(stream, requestId: request.requestId, type: type, .unknownZone)
                return
            }
            guard request.feeder >= 0 && Int(request.feeder) < market.zones[Int(request.zone)].feederCount else {
                adminRejected(stream, requestId: request.requestId, type: type, .unknownFeeder)
                return
            }
        } else if request.zone != ProtocolConstants.noZone || request.feeder != -1 {
            adminRejected(stream, requestId: request.requestId, type: type, .placementInvalid)
            return
        }
        guard Int(request.iterations) >= configuration.userIterationsMin else {
            adminRejected(stream, requestId: request.requestId, type: type, .keyParametersRejected)
            return
        }
        let traderId = nextTraderId()
        let participant = Participant(traderId: traderId, role: request.role, zone: trader ? Int(request.zone) : 0,
                                      feeder: trader ? Int(request.feeder) : -1)
        let credential = Credential(username: request.username, participant: participant, salt: request.salt,
                                    iterations: Int(request.iterations), derivedKey: request.derivedKey)
        var updated = credentials
        do throws(CredentialProblem) {
            try updated.add(credential)
        } catch {
            let reason: AdminRejectReason
            switch error {
            case .usernameTaken: reason = .usernameTaken
            case .storeFull: reason = .tooManyUsers
            case .usernameInvalid, .traderIdTaken: reason = .placementInvalid
            case .saltInvalid, .iterationsOutOfRange, .keyInvalid: reason = .keyParametersRejected
            }
            adminRejected(stream, requestId: request.requestId, type: type, reason)
            return
        }
        guard persistUsers(updated, adding: request.username) else {
            adminRejected(stream, requestId: request.requestId, type: type, .tooManyUsers)
            return
        }
        credentials = updated
        // Queued before anything the new user can send, so the engine knows them before their first
        // order; UserCreated goes out once the registration is durable.
        enqueue(.registerParticipant(participant), tag: .userRegistered(stream: stream, requestId: request.requestId, traderId: traderId))
        log.info("user_created", [("user", .string(request.username)), ("trader", .int(Int64(traderId))),
                                  ("role", .string("\(request.role)")), ("by", .string(session.credential?.username ?? ""))])
    }

    /// SetRole: changes the role the user logs on with (stored if the user is in the users file);
    /// the user's open connections get Logout (administrative), so they log on again under the new role.
    /// A trader's role is also the engine's (it decides which sides they may enter), so between
    /// prosumer and consumer the engine changes it first, durably; between grid operator and admin
    /// only the server's record changes. Trading and non-trading roles do not mix (placements differ).
    func setRole(_ request: Message.SetRole, session: ServerSession) {
        guard let stream = session.stream else { return }
        let type = MessageType.setRole
        guard let credential = credentials.credential(trader: request.traderId) else {
            adminRejected(stream, requestId: request.requestId, type: type, .unknownUser)
            return
        }
        let current = credential.participant.role
        // Traders change among traders, operators and admins between them; a gateway stays a
        // gateway (its meters are registered to it, and a person's account is not a device's).
        guard current.mayTrade == request.role.mayTrade, (current == .gateway) == (request.role == .gateway) else {
            adminRejected(stream, requestId: request.requestId, type: type, .roleChangeInvalid)
            return
        }
        if current.mayTrade {
            enqueue(.setRole(traderId: request.traderId, zone: credential.participant.zone, role: request.role),
                    tag: .roleChange(stream: stream, requestId: request.requestId, traderId: request.traderId, role: request.role))
            return
        }
        roleChanged(traderId: request.traderId, role: request.role, stream: stream, requestId: request.requestId,
                    timestampMs: WallClock.nowMs(), inOrder: true)
    }

    /// The role change is decided (and, for traders, durable in the engine): record it and answer.
    func roleChanged(traderId: TraderId, role: Role, stream: SessionStream, requestId: UInt64, timestampMs: Int64, inOrder: Bool) {
        let type = MessageType.setRole
        guard let credential = credentials.credential(trader: traderId) else {
            adminRejected(stream, requestId: requestId, type: type, .unknownUser, inOrder: inOrder)
            return
        }
        var updated = credentials
        _ = updated.setRole(role, for: credential.username)
        guard persistUsers(updated, adding: nil) else {
            // The engine may already hold the new role; the users file keeps the old one until a retry succeeds.
            log.error("role_not_stored", [("user", .string(credential.username)), ("role", .string("\(role)"))])
            adminRejected(stream, requestId: requestId, type: type, .tooManyUsers, inOrder: inOrder)
            return
        }
        credentials = updated
        log.info("role_set", [("user", .string(credential.username)), ("role", .string("\(role)"))])
        let make: (UInt64) -> Message = { sequence in
            .adminAccepted(Message.AdminAccepted(sessionSequence: sequence, timestampMs: timestampMs, requestId: requestId, requestType: type))
        }
        if inOrder { answerInOrder(stream, make) } else { sendInStream(stream, make) }
        for other in sessions.values where other.isLoggedOn && !other.closing && other.credential?.participant.traderId == traderId {
            end(other, .administrative)
        }
    }

    func nextTraderId() -> TraderId {
        var highest: TraderId = 100_000
        for name in storedUsers {
            if let id = credentials.credential(named: name)?.participant.traderId { highest = max(highest, id) }
        }
        while credentials.credential(trader: highest + 1) != nil { highest += 1 }
        return highest + 1
    }

    /// Writes the stored users (with `adding`) to the users file; false if that failed.
    func persistUsers(_ store: CredentialStore, adding username: String?) -> Bool {
        var names = storedUsers
        if let username { names.append(username) }
        if let usersFile {
            do {
                try usersFile.save(names.compactMap { store.credential(named: $0) })
            } catch {
                log.error("users_file_write_failed", [("error", .string("\(error)"))])
                return false
            }
        }
        storedUsers = names
        return true
    }
}
