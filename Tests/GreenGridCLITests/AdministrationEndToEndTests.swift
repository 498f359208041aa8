import Testing

@testable import GreenGridCLIKit

/// `user` and `zone` commands against an in-process exchange.
@Suite struct AdministrationEndToEndTests {
    @Test func createUserThenLogOnAsItAndChangeItsRole() async throws {
        try await withServer { server in
            let created = await greengrid(server, as: "admin", ["user", "create", "alice", "--role", "prosumer", "--zone", "hillside",
                                                                "--feeder", "1", "--new-password", "sunny", "--iterations", "1000", "--json"])
            #expect(created.code == .ok, "\(created)")
            let object = try created.json()
            #expect(object["ok"] as? Bool == true)
            #expect(object["role"] as? String == "prosumer")
            #expect(object["zone"] as? Int == 1)
            let traderId = try #require(object["traderId"] as? Int)
            #expect(traderId >= 100_001)

            let zones = await greengrid(server, as: "alice", password: "sunny", ["zones"])
            #expect(zones.code == .ok, "the new user logs on: \(zones)")

            let changed = await greengrid(server, as: "admin", ["user", "set-role", String(traderId), "consumer"])
            #expect(changed.code == .ok, "\(changed)")
            #expect(changed.out == "trader \(traderId) is now consumer\n")

            let invalid = await greengrid(server, as: "admin", ["user", "set-role", String(traderId), "admin"])
            #expect(invalid.code == .refused)
            #expect(invalid.error.contains("roleChangeInvalid (208)"), "\(invalid)")

            let again = await greengrid(server, as: "admin", ["user", "create", "alice", "--role", "gridOperator", "--new-password", "x",
                                                              "--iterations", "1000"])
            #expect(again.code == .refused)
            #expect(again.error.contains("usernameTaken (900)"), "\(again)")

            let notAdmin = await greengrid(server, as: "prosumer-harbour", ["user", "set-role", String(traderId), "prosumer", "--json"])
            #expect(notAdmin.code == .refused)
            let refusal = try notAdmin.json()
            #expect(refusal["ok"] as? Bool == false)
            #expect((refusal["refused"] as? [String: Any])?["reason"] as? String == "notPermitted")
            #expect((refusal["refused"] as? [String: Any])?["code"] as? Int == 24)
        }
    }

    @Test func listHaltAndResumeZones() async throws {
        try await withServer { server in
            let listed = await greengrid(server, as: "prosumer-harbour", ["zones"])
            #expect(listed.code == .ok, "\(listed)")
            let lines = listed.out.split(separator: "\n").map(String.init)
            #expect(lines.first == "ZONE  NAME           STATUS  FEEDERS  SEQUENCE")
            #expect(lines.count == 5)
            #expect(lines[1].hasPrefix("   0  harbour        open          5"))

            let halted = await greengrid(server, as: "admin", ["zone", "halt", "harbour", "--cancel-resting"])
            #expect(halted.code == .ok, "\(halted)")
            #expect(halted.out == "zone harbour (0) halted; resting orders cancelled\n")

            let json = await greengrid(server, as: "consumer-harbour", ["zones", "--json"])
            let zones = try #require(try json.json()["zones"] as? [[String: Any]])
            #expect(zones.map { $0["name"] as? String } == ["harbour", "hillside", "old-town", "windfarm-coop"])
            #expect(zones[0]["status"] as? String == "halted")
            #expect(zones[1]["status"] as? String == "open")

            let order = await greengrid(server, as: "prosumer-harbour", ["order", "place", "sell", "1kWh", "0.25", "--interval", openInterval()])
            #expect(order.code == .refused)
            #expect(order.error.contains("zoneHalted (300)"), "\(order)")

            let resumed = await greengrid(server, as: "admin", ["zone", "resume", "0"])
            #expect(resumed.code == .ok, "\(resumed)")
            #expect(resumed.out == "zone harbour (0) open\n")

            let twice = await greengrid(server, as: "admin", ["zone", "resume", "harbour"])
            #expect(twice.code == .refused)
            #expect(twice.error.contains("zoneNotHalted (301)"), "\(twice)")

            let unknown = await greengrid(server, as: "admin", ["zone", "halt", "atlantis"])
            #expect(unknown.code == .usage)
            #expect(unknown.error.contains("no zone named 'atlantis'"), "\(unknown)")

            let trader = await greengrid(server, as: "prosumer-harbour", ["zone", "halt", "harbour"])
            #expect(trader.code == .refused)
            #expect(trader.error.contains("notPermitted (24)"), "\(trader)")
        }
    }

    @Test func logonFailuresExitThree() async throws {
        try await withServer { server in
            let wrong = await greengrid(server, as: "admin", password: "guess", ["zones"])
            #expect(wrong.code == .cannotConnect, "\(wrong)")
            #expect(wrong.error.contains("logon rejected"))
        }
    }
}
