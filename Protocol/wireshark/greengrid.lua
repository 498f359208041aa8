-- GreenGrid protocol dissector for Wireshark / tshark (Lua, Wireshark 3.6 or later).
--
-- Dissects the length-prefixed binary TCP protocol of Protocol/protocol.md, version 1: the 8-byte
-- frame header (u32 length, u16 type, u8 version, u8 flags; all little-endian) and every message's
-- fixed body layout (every type has one body size; StatementChunk's data is a bounded byte block:
-- dataLength, then 16,384 bytes holding that much data and zeros; the metering messages' readings,
-- outcomes and forecast values are fixed-capacity arrays: a count, then that many slots and zeros). Registered on TCP port 7600
-- (the server's default port; change it in Preferences > Protocols > GreenGrid, or use
-- "Decode As..." > TCP port > GREENGRID).
--
--   wireshark -X lua_script:Protocol/wireshark/greengrid.lua capture.pcap
--   tshark    -X lua_script:Protocol/wireshark/greengrid.lua -r capture.pcap -Y greengrid
--
-- Fields are named greengrid.<message>.<field>: the message's name in lower case and the field's
-- name exactly as protocol.md spells it (greengrid.neworder.quantityWh, greengrid.fill.tradeId).
-- Header fields are greengrid.length, greengrid.type, greengrid.version, greengrid.flags, plus
-- the generated greengrid.name (message name) and greengrid.direction.
--
-- The message table below follows protocol.md's tables row by row (offset order); at load time each
-- message's field sizes are summed and checked against its body size.

local greengrid = Proto("greengrid", "GreenGrid Protocol")

local DEFAULT_PORT = 7600
local HEADER_BYTES = 8
local LENGTH_MIN = 4            -- length counts the bytes after itself: type, version, flags, body
local LENGTH_MAX = 65532        -- frameBytesMax (65,536) minus the 4-byte length field
local VERSION = 1

------------------------------------------------------------------------------------------------
-- The messages of version 1 (Protocol/protocol.md, "Messages"): { name, type, unit, enum, meaning }
------------------------------------------------------------------------------------------------
local MESSAGES = {
  { code = 0x0001, name = "LogonRequest", dir = "client", body = 33,
    summary = "First message on a connection: names the user who wants to log on.",
    fields = {
      { "usernameLength", "u8", "", "", "bytes of username used (1 ... 32)" },  -- +0
      { "username", "utf8[32]", "", "", "the user's name: UTF-8, then zeros to 32 bytes" },  -- +1
    } },
  { code = 0x0002, name = "LogonProof", dir = "client", body = 88,
    summary = "Answers the Challenge: proves the client holds the user's derived key, and sets the session's options.",
    fields = {
      { "clientNonce", "bytes[32]", "", "", "32 random bytes chosen by the client for this logon" },  -- +0
      { "proof", "bytes[32]", "", "", "HMAC-SHA256(derived key, server nonce ‖ client nonce ‖ username)" },  -- +32
      { "heartbeatIntervalMs", "u32", "ms", "", "the heartbeat interval the client asks for (0: the server's default)" },  -- +64
      { "flags", "u8", "", "SessionFlags", "bit 0: cancel on disconnect; bits 1–7 reserved, 0" },  -- +68
      { "reserved", "reserved[3]", "", "", "0" },  -- +69
      { "resumeSessionId", "u64", "", "", "the session to resume, or 0 for a fresh session" },  -- +72
      { "resumeFromSessionSequence", "u64", "", "", "the first session sequence wanted (last one processed + 1); 0 if and only if resumeSessionId is 0" },  -- +80
    } },
  { code = 0x0003, name = "Heartbeat", dir = "both", body = 0,
    summary = "Sent by either side when it has sent nothing else for one heartbeat interval, so the peer knows it is alive.",
    fields = {
    } },
  { code = 0x0004, name = "Logout", dir = "both", body = 67,
    summary = "Ends the session's connection with a reason; the receiver closes after it.",
    fields = {
      { "reason", "u16", "", "LogoutReason", "LogoutReason" },  -- +0
      { "textLength", "u8", "", "", "bytes of text used (0 ... 64)" },  -- +2
      { "text", "utf8[64]", "", "", "free text for people and logs: UTF-8, then zeros to 64 bytes" },  -- +3
    } },
  { code = 0x0081, name = "Challenge", dir = "server", body = 60,
    summary = "Answers LogonRequest with a fresh single-use nonce and the user's key-derivation parameters.",
    fields = {
      { "serverNonce", "bytes[32]", "", "", "32 random bytes, fresh for this logon, single use" },  -- +0
      { "salt", "bytes[16]", "", "", "the user's PBKDF2 salt" },  -- +32
      { "iterations", "u32", "", "", "the user's PBKDF2 iteration count (1 ... 10,000,000)" },  -- +48
      { "nonceLifetimeMs", "u32", "ms", "", "how long after sending the server accepts a proof for this nonce" },  -- +52
      { "versionMin", "u8", "", "", "the lowest protocol version the server speaks" },  -- +56
      { "versionMax", "u8", "", "", "the highest protocol version the server speaks" },  -- +57
      { "reserved", "reserved[2]", "", "", "0" },  -- +58
    } },
  { code = 0x0082, name = "LogonAccepted", dir = "server", body = 36,
    summary = "The proof held: the session is open, with its identity, options, and where its stream stands.",
    fields = {
      { "sessionId", "u64", "", "", "the session's id, to resume it later" },  -- +0
      { "traderId", "u32", "", "", "the user's trader id" },  -- +8
      { "heartbeatIntervalMs", "u32", "ms", "", "the interval granted (both sides use it)" },  -- +12
      { "role", "u8", "", "Role", "Role" },  -- +16
      { "flags", "u8", "", "SessionFlags", "the session's flags as granted (bit 0: cancel on disconnect; bits 1–7 reserved, 0)" },  -- +17
      { "zone", "u16", "", "", "the trader's zone (0xFFFF for grid operators and admins)" },  -- +18
      { "replayFromSessionSequence", "u64", "", "", "the first sequence the server replays now (equal to nextSessionSequence when nothing is replayed)" },  -- +20
      { "nextSessionSequence", "u64", "", "", "the sequence of the first message after the replay" },  -- +28
    } },
  { code = 0x0083, name = "LogonRejected", dir = "server", body = 2,
    summary = "The logon failed; the server closes the connection after sending it.",
    fields = {
      { "reason", "u16", "", "LogonRejectReason", "LogonRejectReason" },  -- +0
    } },
  { code = 0x0084, name = "ResumeUnavailable", dir = "server", body = 24,
    summary = "Says which part of the requested resume the server can no longer replay, right after LogonAccepted.",
    fields = {
      { "resumeSessionId", "u64", "", "", "the session the client asked to resume" },  -- +0
      { "requestedFromSessionSequence", "u64", "", "", "the first sequence the client asked for" },  -- +8
      { "oldestAvailableSessionSequence", "u64", "", "", "the oldest sequence still replayable (0: the session itself is gone and a fresh one was opened)" },  -- +16
    } },
  { code = 0x0101, name = "NewOrder", dir = "client", body = 39,
    summary = "Enters an order for one zone and delivery interval.",
    fields = {
      { "clientOrderId", "u64", "", "", "the client's id for the order (unique per trader; 2^64−1 reserved)" },  -- +0
      { "zone", "u16", "", "", "zone" },  -- +8
      { "intervalStartMs", "i64", "ms", "", "delivery interval start (a 15-minute boundary, UTC)" },  -- +10
      { "side", "u8", "", "Side", "Side" },  -- +18
      { "quantityWh", "i64", "Wh", "", "quantity" },  -- +19
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "limit price" },  -- +27
      { "timeInForce", "u8", "", "TimeInForce", "TimeInForce" },  -- +35
      { "source", "u8", "", "EnergySource", "EnergySource: what a sell offers (ignored for buys)" },  -- +36
      { "acceptedSources", "u8", "", "SourceSet", "SourceSet: what a buy accepts (ignored for sells)" },  -- +37
      { "selfTradePrevention", "u8", "", "SelfTradePrevention", "SelfTradePrevention" },  -- +38
    } },
  { code = 0x0102, name = "CancelOrder", dir = "client", body = 10,
    summary = "Cancels one of the trader's resting orders.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "orderId", "u64", "", "", "the exchange's order id" },  -- +2
    } },
  { code = 0x0103, name = "ReplaceOrder", dir = "client", body = 35,
    summary = "Changes a resting order's quantity and price; side and interval are restated and must match.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "orderId", "u64", "", "", "the exchange's order id" },  -- +2
      { "side", "u8", "", "Side", "Side, restated (must match the order)" },  -- +10
      { "intervalStartMs", "i64", "ms", "", "delivery interval, restated (must match the order)" },  -- +11
      { "quantityWh", "i64", "Wh", "", "the new open quantity" },  -- +19
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "the new limit price" },  -- +27
    } },
  { code = 0x0104, name = "MassCancel", dir = "client", body = 18,
    summary = "Cancels all the trader's own resting orders in one zone or all zones, for one interval or all.",
    fields = {
      { "clientRequestId", "u64", "", "", "the client's id for this request, echoed in MassCancelDone" },  -- +0
      { "zone", "u16", "", "", "zone, or 0xFFFF for all zones" },  -- +8
      { "intervalStartMs", "i64", "ms", "", "delivery interval, or 0 for all intervals" },  -- +10
    } },
  { code = 0x0105, name = "OrderStatusRequest", dir = "client", body = 10,
    summary = "Asks for the session's trader's resting orders in a zone or all zones.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in every answer" },  -- +0
      { "zone", "u16", "", "", "zone, or 0xFFFF for all zones" },  -- +8
    } },
  { code = 0x0106, name = "AuctionStart", dir = "client", body = 61,
    summary = "Starts a Dutch auction: the price drops by a step every step interval from start to floor; resting buys at or above it fill.",
    fields = {
      { "clientOrderId", "u64", "", "", "the client's id for the auction, unique per trader like a NewOrder's" },  -- +0
      { "zone", "u16", "", "", "zone" },  -- +8
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +10
      { "quantityWh", "i64", "Wh", "", "the quantity auctioned" },  -- +18
      { "startPriceMicrosPerKWh", "i64", "µ/kWh", "", "the first price" },  -- +26
      { "floorPriceMicrosPerKWh", "i64", "µ/kWh", "", "the lowest price" },  -- +34
      { "stepMicrosPerKWh", "i64", "µ/kWh", "", "how much the price drops at each step" },  -- +42
      { "stepIntervalMs", "i64", "ms", "", "how long each price holds (1,000 ... 3,600,000)" },  -- +50
      { "unsoldAtFloor", "u8", "", "UnsoldPolicy", "UnsoldPolicy: 1 returnToBook, 2 expire (0 is invalid)" },  -- +58
      { "source", "u8", "", "EnergySource", "EnergySource" },  -- +59
      { "forZone", "bool", "", "", "1: a zone auction (grid operators and admins only), booked to the zone's community account; 0: the trader's own energy" },  -- +60
    } },
  { code = 0x0107, name = "AuctionStop", dir = "client", body = 10,
    summary = "Withdraws a running auction; what is unsold expires.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "auctionId", "u64", "", "", "the auction to stop" },  -- +2
    } },
  { code = 0x0181, name = "OrderAccepted", dir = "server", body = 62,
    summary = "The order was accepted (durably journaled) and has its exchange order id.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +8
      { "orderId", "u64", "", "", "the exchange's order id" },  -- +16
      { "clientOrderId", "u64", "", "", "the client's id from NewOrder" },  -- +24
      { "zone", "u16", "", "", "zone" },  -- +32
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +34
      { "side", "u8", "", "Side", "Side" },  -- +42
      { "quantityWh", "i64", "Wh", "", "quantity" },  -- +43
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "limit price" },  -- +51
      { "timeInForce", "u8", "", "TimeInForce", "TimeInForce" },  -- +59
      { "source", "u8", "", "EnergySource", "EnergySource" },  -- +60
      { "acceptedSources", "u8", "", "SourceSet", "SourceSet" },  -- +61
    } },
  { code = 0x0182, name = "OrderRejected", dir = "server", body = 38,
    summary = "A new order, cancel, replace or mass cancel was refused by the exchange's rules.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +8
      { "clientOrderId", "u64", "", "", "the client order id of a NewOrder; 0 for the other requests" },  -- +16
      { "orderId", "u64", "", "", "the order a cancel or replace named; 0 for a new order" },  -- +24
      { "rejectedType", "u16", "", "MessageType", "the message type refused (0x0101 ... 0x0104, 0x0106, 0x0107)" },  -- +32
      { "zone", "u16", "", "", "the zone the request named" },  -- +34
      { "reason", "u16", "", "RejectReason", "RejectReason (README.md)" },  -- +36
    } },
  { code = 0x0183, name = "Fill", dir = "server", body = 99,
    summary = "Some or all of the trader's order traded.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +8
      { "orderId", "u64", "", "", "the trader's order" },  -- +16
      { "clientOrderId", "u64", "", "", "its client order id" },  -- +24
      { "tradeId", "u64", "", "", "the trade's id (the same for both sides)" },  -- +32
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +40
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "trade price (what the seller receives)" },  -- +48
      { "quantityWh", "i64", "Wh", "", "quantity traded" },  -- +56
      { "remainingWh", "i64", "Wh", "", "what the order still has open (0: filled)" },  -- +64
      { "valueMicros", "i64", "µ", "", "quantityWh × price / 1000, rounded half away from zero" },  -- +72
      { "gridFeeMicros", "i64", "µ", "", "the path's grid fee, paid by the buyer (0 on a sell fill)" },  -- +80
      { "path", "i32", "", "", "directed interconnector path index, −1 when both sides are in one zone" },  -- +88
      { "zone", "u16", "", "", "the order's zone" },  -- +92
      { "counterpartyZone", "u16", "", "", "the other side's zone (equal to zone within one zone)" },  -- +94
      { "side", "u8", "", "Side", "Side of the trader's order" },  -- +96
      { "source", "u8", "", "EnergySource", "EnergySource of the energy traded" },  -- +97
      { "liquidity", "u8", "", "Liquidity", "Liquidity: 1 maker (the order was resting), 2 taker" },  -- +98
    } },
  { code = 0x0184, name = "OrderCancelled", dir = "server", body = 43,
    summary = "The order left the book without filling (all or its remainder).",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +8
      { "orderId", "u64", "", "", "the order" },  -- +16
      { "clientOrderId", "u64", "", "", "its client order id" },  -- +24
      { "remainingWh", "i64", "Wh", "", "the quantity cancelled" },  -- +32
      { "zone", "u16", "", "", "zone" },  -- +40
      { "reason", "u8", "", "CancelReason", "CancelReason (README.md)" },  -- +42
    } },
  { code = 0x0185, name = "OrderExpired", dir = "server", body = 42,
    summary = "The order's delivery interval reached gate closure while it rested.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "the gate closure's time" },  -- +8
      { "orderId", "u64", "", "", "the order" },  -- +16
      { "clientOrderId", "u64", "", "", "its client order id" },  -- +24
      { "remainingWh", "i64", "Wh", "", "the quantity that expired" },  -- +32
      { "zone", "u16", "", "", "zone" },  -- +40
    } },
  { code = 0x0186, name = "OrderReplaced", dir = "server", body = 51,
    summary = "The replace took effect; the order keeps its id.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +8
      { "orderId", "u64", "", "", "the order" },  -- +16
      { "clientOrderId", "u64", "", "", "its client order id" },  -- +24
      { "quantityWh", "i64", "Wh", "", "the new open quantity" },  -- +32
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "the new limit price" },  -- +40
      { "zone", "u16", "", "", "zone" },  -- +48
      { "keptPriority", "bool", "", "", "1 when the order kept its place in the queue (a pure decrease)" },  -- +50
    } },
  { code = 0x0187, name = "MassCancelDone", dir = "server", body = 28,
    summary = "Ends a mass cancel, after the OrderCancelled of every order it cancelled.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +8
      { "clientRequestId", "u64", "", "", "from MassCancel" },  -- +16
      { "cancelledCount", "u32", "", "", "how many orders it cancelled" },  -- +24
    } },
  { code = 0x0188, name = "OpenOrder", dir = "server", body = 61,
    summary = "One resting order in the answer to OrderStatusRequest (not in the session stream).",
    fields = {
      { "requestId", "u64", "", "", "from OrderStatusRequest" },  -- +0
      { "orderId", "u64", "", "", "the exchange's order id" },  -- +8
      { "clientOrderId", "u64", "", "", "from NewOrder" },  -- +16
      { "zone", "u16", "", "", "zone" },  -- +24
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +26
      { "side", "u8", "", "Side", "Side" },  -- +34
      { "source", "u8", "", "EnergySource", "EnergySource a sell offers (4, other, for buys)" },  -- +35
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "the order's limit now (after any replace)" },  -- +36
      { "remainingWh", "i64", "Wh", "", "open quantity" },  -- +44
      { "filledWh", "i64", "Wh", "", "traded so far" },  -- +52
      { "cancelOnDisconnect", "bool", "", "", "1 if entered in a cancel-on-disconnect session" },  -- +60
    } },
  { code = 0x0189, name = "OpenOrdersEnd", dir = "server", body = 12,
    summary = "Ends the answer to OrderStatusRequest.",
    fields = {
      { "requestId", "u64", "", "", "from OrderStatusRequest" },  -- +0
      { "count", "u32", "", "", "how many OpenOrder messages came before" },  -- +8
    } },
  { code = 0x018A, name = "AuctionAccepted", dir = "server", body = 93,
    summary = "The auction was accepted (durably journaled), is running, and has its id.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +8
      { "auctionId", "u64", "", "", "the auction's id: the sequence of the command that started it" },  -- +16
      { "clientOrderId", "u64", "", "", "the client's id from AuctionStart" },  -- +24
      { "zone", "u16", "", "", "zone" },  -- +32
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +34
      { "quantityWh", "i64", "Wh", "", "the quantity auctioned" },  -- +42
      { "startPriceMicrosPerKWh", "i64", "µ/kWh", "", "the first price" },  -- +50
      { "floorPriceMicrosPerKWh", "i64", "µ/kWh", "", "the lowest price" },  -- +58
      { "stepMicrosPerKWh", "i64", "µ/kWh", "", "how much the price drops at each step" },  -- +66
      { "stepIntervalMs", "i64", "ms", "", "how long each price holds (1,000 ... 3,600,000)" },  -- +74
      { "nextStepMs", "i64", "ms", "", "when the price drops first" },  -- +82
      { "unsoldAtFloor", "u8", "", "UnsoldPolicy", "UnsoldPolicy: 1 returnToBook, 2 expire (0 is invalid)" },  -- +90
      { "source", "u8", "", "EnergySource", "EnergySource" },  -- +91
      { "byZone", "bool", "", "", "1: a zone auction, booked to the zone's community account; 0: the seller's own energy" },  -- +92
    } },
  { code = 0x018B, name = "AuctionEnded", dir = "server", body = 77,
    summary = "The seller's auction ended: sold out, reached its floor, or stopped.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +8
      { "auctionId", "u64", "", "", "the auction's id: the sequence of the command that started it" },  -- +16
      { "clientOrderId", "u64", "", "", "the client's id from AuctionStart" },  -- +24
      { "zone", "u16", "", "", "zone" },  -- +32
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +34
      { "phase", "u8", "", "AuctionFinalPhase", "4 sold, 5 floorReached, 6 stopped" },  -- +42
      { "stopReason", "u8", "", "AuctionStopReason", "AuctionStopReason for phase 6: 1 gateClosure, 2 halt, 3 cancelled; 0 for phases 4 and 5" },  -- +43
      { "quantityWh", "i64", "Wh", "", "the quantity auctioned" },  -- +44
      { "soldWh", "i64", "Wh", "", "Wh sold" },  -- +52
      { "unsoldWh", "i64", "Wh", "", "Wh not sold (quantityWh - soldWh)" },  -- +60
      { "unsoldOutcome", "u8", "", "AuctionUnsoldOutcome", "where unsoldWh went: 1 returned to the book (a sell order at the floor), 2 expired; 0 when nothing is unsold" },  -- +68
      { "finalPriceMicrosPerKWh", "i64", "µ/kWh", "", "the price when the auction ended" },  -- +69
    } },
  { code = 0x0201, name = "Subscribe", dir = "client", body = 11,
    summary = "Starts market data for a zone (or all), all intervals or one, with or without a snapshot first.",
    fields = {
      { "zone", "u16", "", "", "zone, or 0xFFFF for all zones" },  -- +0
      { "intervalStartMs", "i64", "ms", "", "delivery interval, or 0 for all intervals" },  -- +2
      { "snapshot", "bool", "", "", "1: send a snapshot first; 0: only updates from now on (the client replays)" },  -- +10
    } },
  { code = 0x0202, name = "Unsubscribe", dir = "client", body = 10,
    summary = "Stops what a Subscribe with the same zone and interval started.",
    fields = {
      { "zone", "u16", "", "", "zone, or 0xFFFF for all zones" },  -- +0
      { "intervalStartMs", "i64", "ms", "", "delivery interval, or 0 for all intervals" },  -- +2
    } },
  { code = 0x0203, name = "SnapshotRequest", dir = "client", body = 10,
    summary = "Asks for a fresh snapshot of a subscribed zone (after a gap, or at any time).",
    fields = {
      { "zone", "u16", "", "", "zone, or 0xFFFF for all subscribed zones" },  -- +0
      { "intervalStartMs", "i64", "ms", "", "delivery interval, or 0 for all intervals" },  -- +2
    } },
  { code = 0x0204, name = "ReplayRequest", dir = "client", body = 10,
    summary = "Asks for every update of a subscribed zone from a zone sequence on, then the live stream continues.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "fromZoneSequence", "u64", "", "", "the first zone sequence wanted (last seen + 1)" },  -- +2
    } },
  { code = 0x0205, name = "ZoneListRequest", dir = "client", body = 8,
    summary = "Asks for every zone with its status.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in every ZoneInfo" },  -- +0
    } },
  { code = 0x0206, name = "PriceRequest", dir = "client", body = 18,
    summary = "Asks for one interval's tier, band, tariff and reference price in one zone; answered PriceInfo.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in the PriceInfo" },  -- +0
      { "zone", "u16", "", "", "the zone (not 0xFFFF)" },  -- +8
      { "intervalStartMs", "i64", "ms", "", "a time in the interval asked for (its start names it)" },  -- +10
    } },
  { code = 0x0207, name = "PriceSubscribe", dir = "client", body = 3,
    summary = "Starts or stops pushed PriceInfo for one zone or all.",
    fields = {
      { "zone", "u16", "", "", "zone, or 0xFFFF for all zones" },  -- +0
      { "active", "bool", "", "", "1: start; 0: stop" },  -- +2
    } },
  { code = 0x0281, name = "SnapshotBegin", dir = "server", body = 23,
    summary = "Opens a snapshot: the book as of one zone sequence, in levelCount SnapshotLevel messages.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "zoneSequence", "u64", "", "", "the zone sequence the snapshot is as of" },  -- +2
      { "intervalStartMs", "i64", "ms", "", "the interval asked for, or 0 for all" },  -- +10
      { "levelCount", "u32", "", "", "how many SnapshotLevel messages follow" },  -- +18
      { "zoneStatus", "u8", "", "ZoneStatus", "ZoneStatus" },  -- +22
    } },
  { code = 0x0282, name = "SnapshotLevel", dir = "server", body = 31,
    summary = "One price level of a snapshot: the total open quantity at one price.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +2
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "price" },  -- +10
      { "quantityWh", "i64", "Wh", "", "open quantity at this price" },  -- +18
      { "orderCount", "u32", "", "", "orders at this price" },  -- +26
      { "side", "u8", "", "Side", "Side" },  -- +30
    } },
  { code = 0x0283, name = "SnapshotEnd", dir = "server", body = 10,
    summary = "Closes a snapshot; updates with a higher zone sequence follow.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "zoneSequence", "u64", "", "", "equal to SnapshotBegin's" },  -- +2
    } },
  { code = 0x0284, name = "BookUpdate", dir = "server", body = 47,
    summary = "A price level's new total after a command (0 Wh: the level is gone).",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "zoneSequence", "u64", "", "", "the zone's event sequence of this update (strictly increasing per zone)" },  -- +2
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +10
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +18
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "price" },  -- +26
      { "quantityWh", "i64", "Wh", "", "open quantity at this price now (0: the level is gone)" },  -- +34
      { "orderCount", "u32", "", "", "orders at this price now" },  -- +42
      { "side", "u8", "", "Side", "Side" },  -- +46
    } },
  { code = 0x0285, name = "TradePrint", dir = "server", body = 56,
    summary = "A trade in the zone (a cross-zone trade is printed in both zones).",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "zoneSequence", "u64", "", "", "the zone's event sequence of this update (strictly increasing per zone)" },  -- +2
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +10
      { "tradeId", "u64", "", "", "the trade's id" },  -- +18
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +26
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "trade price" },  -- +34
      { "quantityWh", "i64", "Wh", "", "quantity" },  -- +42
      { "buyZone", "u16", "", "", "the buyer's zone" },  -- +50
      { "sellZone", "u16", "", "", "the seller's zone (equal to buyZone within one zone)" },  -- +52
      { "aggressor", "u8", "", "Side", "Side of the incoming order" },  -- +54
      { "source", "u8", "", "EnergySource", "EnergySource" },  -- +55
    } },
  { code = 0x0286, name = "IntervalStatus", dir = "server", body = 27,
    summary = "A delivery interval opened for trading or reached gate closure in the zone.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "zoneSequence", "u64", "", "", "the zone's event sequence of this update (strictly increasing per zone)" },  -- +2
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +10
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +18
      { "status", "u8", "", "IntervalState", "IntervalState: 1 open, 2 gate closed" },  -- +26
    } },
  { code = 0x0287, name = "ZoneStatusUpdate", dir = "server", body = 19,
    summary = "The grid operator halted or resumed trading in the zone.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "zoneSequence", "u64", "", "", "the zone's event sequence of this update (strictly increasing per zone)" },  -- +2
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +10
      { "status", "u8", "", "ZoneStatus", "ZoneStatus: 1 open, 2 halted" },  -- +18
    } },
  { code = 0x0288, name = "ReplayUnavailable", dir = "server", body = 18,
    summary = "The server can no longer replay from the zone sequence asked for; take a snapshot instead.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "fromZoneSequence", "u64", "", "", "from ReplayRequest" },  -- +2
      { "oldestAvailableZoneSequence", "u64", "", "", "the oldest zone sequence the server can still replay" },  -- +10
    } },
  { code = 0x0289, name = "ZoneInfo", dir = "server", body = 56,
    summary = "One zone in the answer to ZoneListRequest; zoneCount of them come, zones in order.",
    fields = {
      { "requestId", "u64", "", "", "from ZoneListRequest" },  -- +0
      { "zone", "u16", "", "", "this zone's index" },  -- +8
      { "zoneCount", "u16", "", "", "how many zones the exchange has" },  -- +10
      { "status", "u8", "", "ZoneStatus", "ZoneStatus: 1 open, 2 halted" },  -- +12
      { "nameLength", "u8", "", "", "bytes of name used (1 ... 32)" },  -- +13
      { "name", "utf8[32]", "", "", "the zone's name: UTF-8, then zeros to 32 bytes" },  -- +14
      { "feederCount", "u16", "", "", "feeders in the zone" },  -- +46
      { "zoneSequence", "u64", "", "", "the zone's last published market-data sequence (0: none yet)" },  -- +48
    } },
  { code = 0x028A, name = "PriceInfo", dir = "server", body = 107,
    summary = "One interval's time-of-use tier, effective band, grid tariff and reference price (an answer, or pushed).",
    -- Fields marked when = bit are shown only when that bit of flags is set; otherwise they must be 0.
    fields = {
      { "requestId", "u64", "", "", "from PriceRequest; 0 when pushed to subscribers" },  -- +0
      { "zone", "u16", "", "", "the zone" },  -- +8
      { "intervalStartMs", "i64", "ms", "", "the interval (a 15-minute boundary, UTC)" },  -- +10
      { "tierLength", "u8", "", "", "bytes of tier used (0 ... 16; 0: the zone has no time-of-use tiers)" },  -- +18
      { "tier", "utf8[16]", "", "", "the interval's time-of-use tier: UTF-8, then zeros to 16 bytes" },  -- +19
      { "floorMicrosPerKWh", "i64", "µ/kWh", "", "the interval's effective floor: the tier's within the zone's" },  -- +35
      { "capMicrosPerKWh", "i64", "µ/kWh", "", "the interval's effective cap: the tier's within the zone's" },  -- +43
      { "flags", "u8", "", "PriceInfoFlags", "bit 0: gridTariffMicrosPerKWh is set; bit 1: a reference price is set; bits 2-7 reserved" },  -- +51
      { "gridTariffMicrosPerKWh", "i64", "µ/kWh", "", "what a consumer pays the grid in this interval", when = 1 },  -- +52
      { "strategy", "u8", "", "ReferencePriceStrategy", "ReferencePriceConfig.Strategy: 1 tradeBased, 2 bookBased, 3 supplyDemand", when = 2 },  -- +60
      { "basis", "u8", "", "ReferencePriceBasis", "ReferencePrice.Basis: what the price rests on", when = 2 },  -- +61
      { "fallback", "u8", "", "ReferencePriceFallback", "ReferencePrice.Fallback: why bookBased did not use the mid (0 none)", when = 2 },  -- +62
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "the reference price, on the zone's tick, inside the band", when = 2 },  -- +63
      { "tradeCount", "u32", "", "", "trades the price rests on: those averaged, 1 for the last trade, else 0", when = 2 },  -- +71
      { "quantityWh", "i64", "Wh", "", "the Wh of those trades, or the Wh matched at the clearing price", when = 2 },  -- +75
      { "supplyWh", "i64", "Wh", "", "supplyDemand: the supply curve's total, forecast production included; else 0", when = 2 },  -- +83
      { "demandWh", "i64", "Wh", "", "supplyDemand: the demand curve's total, forecast load included; else 0", when = 2 },  -- +91
      { "asOfMs", "i64", "ms", "", "the server's clock when the figures were taken" },  -- +99
    },
    -- What each flag bit makes present.
    optional = { [1] = "gridTariffMicrosPerKWh", [2] = "reference" } },
  { code = 0x028B, name = "AuctionUpdate", dir = "server", body = 102,
    summary = "A running auction started, stepped down or filled bids (also inside a snapshot, with the snapshot's zoneSequence).",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "zoneSequence", "u64", "", "", "the zone's event sequence of this update (strictly increasing per zone)" },  -- +2
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +10
      { "auctionId", "u64", "", "", "the auction's id: the sequence of the command that started it" },  -- +18
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +26
      { "phase", "u8", "", "AuctionRunningPhase", "1 started, 2 stepped, 3 filled" },  -- +34
      { "byZone", "bool", "", "", "1: a zone auction, booked to the zone's community account; 0: the seller's own energy" },  -- +35
      { "source", "u8", "", "EnergySource", "EnergySource" },  -- +36
      { "quantityWh", "i64", "Wh", "", "the quantity auctioned" },  -- +37
      { "remainingWh", "i64", "Wh", "", "what is still for sale" },  -- +45
      { "startPriceMicrosPerKWh", "i64", "µ/kWh", "", "the first price" },  -- +53
      { "floorPriceMicrosPerKWh", "i64", "µ/kWh", "", "the lowest price" },  -- +61
      { "stepMicrosPerKWh", "i64", "µ/kWh", "", "how much the price drops at each step" },  -- +69
      { "stepIntervalMs", "i64", "ms", "", "how long each price holds (1,000 ... 3,600,000)" },  -- +77
      { "currentPriceMicrosPerKWh", "i64", "µ/kWh", "", "the price now: a buy at or above it fills at it" },  -- +85
      { "nextStepMs", "i64", "ms", "", "when the price drops next" },  -- +93
      { "unsoldAtFloor", "u8", "", "UnsoldPolicy", "UnsoldPolicy: 1 returnToBook, 2 expire (0 is invalid)" },  -- +101
    } },
  { code = 0x028C, name = "AuctionResult", dir = "server", body = 71,
    summary = "An auction in the zone ended; nothing more is sent for it.",
    fields = {
      { "zone", "u16", "", "", "zone" },  -- +0
      { "zoneSequence", "u64", "", "", "the zone's event sequence of this update (strictly increasing per zone)" },  -- +2
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the event (the command's sequencer time)" },  -- +10
      { "auctionId", "u64", "", "", "the auction's id: the sequence of the command that started it" },  -- +18
      { "intervalStartMs", "i64", "ms", "", "delivery interval" },  -- +26
      { "phase", "u8", "", "AuctionFinalPhase", "4 sold, 5 floorReached, 6 stopped" },  -- +34
      { "stopReason", "u8", "", "AuctionStopReason", "AuctionStopReason for phase 6: 1 gateClosure, 2 halt, 3 cancelled; 0 for phases 4 and 5" },  -- +35
      { "byZone", "bool", "", "", "1: a zone auction, booked to the zone's community account; 0: the seller's own energy" },  -- +36
      { "source", "u8", "", "EnergySource", "EnergySource" },  -- +37
      { "quantityWh", "i64", "Wh", "", "the quantity auctioned" },  -- +38
      { "soldWh", "i64", "Wh", "", "Wh sold" },  -- +46
      { "unsoldWh", "i64", "Wh", "", "Wh not sold (quantityWh - soldWh)" },  -- +54
      { "unsoldOutcome", "u8", "", "AuctionUnsoldOutcome", "where unsoldWh went: 1 returned to the book (a sell order at the floor), 2 expired; 0 when nothing is unsold" },  -- +62
      { "finalPriceMicrosPerKWh", "i64", "µ/kWh", "", "the price when the auction ended" },  -- +63
    } },
  { code = 0x0301, name = "MeterReadings", dir = "client", body = 5386,
    summary = "A gateway's batch of 1 ... 128 meter readings; answered ReadingsAck once durable, or MeteringRejected.",
    fields = {
      { "batchId", "u64", "", "", "the gateway's id for this batch, echoed in ReadingsAck (or MeteringRejected)" },  -- +0
      { "count", "u16", "", "", "readings in the batch (1 ... 128)" },  -- +8
      { "readings", "MeterReading[128]", "", "", "128 slots of 42 bytes: the first count hold the readings, the rest are zero",  -- +10
        count = "count", slot = {
          { "meterId", "u64", "", "", "the meter (registered with RegisterMeter)" },  -- slot +0
          { "timestampMs", "i64", "ms", "", "when the meter took the reading, by its own clock" },  -- slot +8
          { "importWh", "i64", "Wh", "", "OBIS 1.8.0: total active energy drawn from the grid (register)" },  -- slot +16
          { "exportWh", "i64", "Wh", "", "OBIS 2.8.0: total active energy fed into the grid (register)" },  -- slot +24
          { "powerW", "i64", "W", "", "instantaneous active power, positive importing, negative exporting; i64 minimum: not measured" },  -- slot +32
          { "status", "u16", "", "MeterStatus", "MeterStatus bits: 0 clockNotSynchronised, 1 powerFailureSinceLast, 2 tamperAlarm, 3 batteryLow; 4-15 reserved" },  -- slot +40
        } },
    } },
  { code = 0x0302, name = "RegisterMeter", dir = "client", body = 39,
    summary = "Adds a meter to the registry: its owner, its gateway, where it is connected and its rated power.",
    fields = {
      { "requestId", "u64", "", "", "the sender's id for this request, echoed in the answer" },  -- +0
      { "meterId", "u64", "", "", "the meter's id, unique in the registry" },  -- +8
      { "ownerId", "u32", "", "", "the trader (prosumer or consumer) the meter belongs to" },  -- +16
      { "gatewayId", "u32", "", "", "the user with the gateway role that sends the meter's readings" },  -- +20
      { "zone", "u16", "", "", "the zone the meter is connected in" },  -- +24
      { "feederId", "u32", "", "", "the feeder it is connected to" },  -- +26
      { "kind", "u8", "", "MeterKind", "MeterKind" },  -- +30
      { "ratedPowerW", "i64", "W", "", "the connection's rated power (1 ... 100,000,000 W)" },  -- +31
    } },
  { code = 0x0303, name = "ZoneEnergySubscribe", dir = "client", body = 3,
    summary = "Starts or stops the live ZoneEnergy figures of one zone or all.",
    fields = {
      { "zone", "u16", "", "", "zone, or 0xFFFF for all zones" },  -- +0
      { "active", "bool", "", "", "1: start; 0: stop" },  -- +2
    } },
  { code = 0x0304, name = "ForecastRequest", dir = "client", body = 21,
    summary = "Asks for a production forecast of a zone or of one meter.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in the answer" },  -- +0
      { "zone", "u16", "", "", "the zone" },  -- +8
      { "meterId", "u64", "", "", "a meter of the zone, or 0 for the whole zone" },  -- +10
      { "method", "u8", "", "ForecastMethodCode", "ForecastMethodCode: 1 smartPersistence, 2 exponentialSmoothing" },  -- +18
      { "intervals", "u16", "", "", "how many 15-minute intervals (1 ... 192, a server check)" },  -- +19
    } },
  { code = 0x0381, name = "ReadingsAck", dir = "server", body = 408,
    summary = "A batch is durable in the metering journal: one outcome per reading, in the batch's order.",
    fields = {
      { "batchId", "u64", "", "", "from MeterReadings" },  -- +0
      { "sequence", "u64", "", "", "the metering journal's sequence of the batch record" },  -- +8
      { "count", "u16", "", "", "outcomes (1 ... 128): the batch's count" },  -- +16
      { "accepted", "u16", "", "", "outcomes accepted or duplicate: count - flagged - rejected" },  -- +18
      { "flagged", "u16", "", "", "outcomes flagged (stored, with flags)" },  -- +20
      { "rejected", "u16", "", "", "outcomes rejected (recorded raw, not used)" },  -- +22
      { "outcomes", "Outcome[128]", "", "", "128 slots of 3 bytes: the first count hold the outcomes, the rest are zero",  -- +24
        count = "count", slot = {
          { "outcome", "u8", "", "ReadingOutcomeCode", "ReadingOutcomeCode: 0 accepted, 1 duplicate, 2 flagged, 3 rejected" },  -- slot +0
          { "reason", "u16", "", "OutcomeReason", "flagged: ReadingFlags bits; rejected: ReadingRejection code; otherwise 0" },  -- slot +1
        } },
    } },
  { code = 0x0382, name = "MeterRegistered", dir = "server", body = 24,
    summary = "A meter is registered, durably.",
    fields = {
      { "requestId", "u64", "", "", "from RegisterMeter" },  -- +0
      { "meterId", "u64", "", "", "the meter registered" },  -- +8
      { "sequence", "u64", "", "", "the metering journal's sequence of the registration" },  -- +16
    } },
  { code = 0x0383, name = "MeteringRejected", dir = "server", body = 10,
    summary = "A RegisterMeter or ForecastRequest, or a whole MeterReadings batch, was refused.",
    fields = {
      { "requestId", "u64", "", "", "from RegisterMeter or ForecastRequest, or MeterReadings' batchId" },  -- +0
      { "reason", "u16", "", "MeteringRejectReason", "MeteringRejectReason" },  -- +8
    } },
  { code = 0x0384, name = "ZoneEnergy", dir = "server", body = 39,
    summary = "A zone's metered energy in one 15-minute interval so far.",
    fields = {
      { "zone", "u16", "", "", "the zone" },  -- +0
      { "intervalStartMs", "i64", "ms", "", "the interval (a 15-minute boundary, UTC)" },  -- +2
      { "importWh", "i64", "Wh", "", "energy the zone's meters drew from the grid in the interval so far (consumption)" },  -- +10
      { "exportWh", "i64", "Wh", "", "energy the zone's meters fed into the grid in the interval so far (production)" },  -- +18
      { "meters", "u32", "", "", "meters with data in the interval" },  -- +26
      { "quality", "u8", "", "IntervalQuality", "IntervalQuality bits: 0 estimated, 1 spansLongGap; 2-7 reserved" },  -- +30
      { "asOfMs", "i64", "ms", "", "the server's clock when the figures were taken" },  -- +31
    } },
  { code = 0x0385, name = "Forecast", dir = "server", body = 1565,
    summary = "Expected production per 15-minute interval, from the next interval boundary after the server's clock.",
    fields = {
      { "requestId", "u64", "", "", "from ForecastRequest" },  -- +0
      { "zone", "u16", "", "", "from ForecastRequest" },  -- +8
      { "meterId", "u64", "", "", "from ForecastRequest (0: the whole zone)" },  -- +10
      { "method", "u8", "", "ForecastMethodCode", "ForecastMethodCode" },  -- +18
      { "firstIntervalStartMs", "i64", "ms", "", "the start of the first interval forecast" },  -- +19
      { "intervals", "u16", "", "", "intervals forecast (1 ... 192)" },  -- +27
      { "productionWh", "i64[192]", "", "", "192 slots: the first intervals hold each interval's expected production, the rest are zero",  -- +29
        count = "intervals", slot = {
          { "productionWh", "i64", "Wh", "", "expected production of the interval" },  -- slot +0
        } },
    } },
  { code = 0x0401, name = "BalanceRequest", dir = "client", body = 8,
    summary = "Asks for the session user's wallet balances.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in the answer" },  -- +0
    } },
  { code = 0x0402, name = "DepositRequest", dir = "client", body = 16,
    summary = "A simulated payment into the session user's available balance; idempotent by requestId.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this movement (its idempotency key), echoed in the answer" },  -- +0
      { "amountMicros", "i64", "µ", "", "the amount (1 ... 10^15)" },  -- +8
    } },
  { code = 0x0403, name = "WithdrawRequest", dir = "client", body = 16,
    summary = "A simulated payment out of the session user's available balance; idempotent by requestId.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this movement (its idempotency key), echoed in the answer" },  -- +0
      { "amountMicros", "i64", "µ", "", "the amount (1 ... 10^15, at most the available balance)" },  -- +8
    } },
  { code = 0x0404, name = "HistoryRequest", dir = "client", body = 26,
    summary = "Asks for the journal entries of the session user's wallet in a time range, oldest first.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in every answer" },  -- +0
      { "fromMs", "i64", "ms", "", "the range's start (inclusive)" },  -- +8
      { "toMs", "i64", "ms", "", "the range's end (exclusive; above fromMs)" },  -- +16
      { "maxEntries", "u16", "", "", "the most HistoryEntry messages wanted (1 ... 1,000)" },  -- +24
    } },
  { code = 0x0405, name = "StatementRequest", dir = "client", body = 12,
    summary = "Asks for the session user's monthly statement as a CSV or HTML document.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in every answer" },  -- +0
      { "year", "u16", "", "", "the statement's year (UTC)" },  -- +8
      { "month", "u8", "", "", "the statement's month (1 ... 12, UTC)" },  -- +10
      { "format", "u8", "", "StatementFormat", "StatementFormat: 1 csv, 2 html" },  -- +11
    } },
  { code = 0x0481, name = "Balance", dir = "server", body = 44,
    summary = "The answer to BalanceRequest: the user's balances as of one journal sequence.",
    fields = {
      { "requestId", "u64", "", "", "from BalanceRequest" },  -- +0
      { "userId", "u32", "", "", "the user (its trader id)" },  -- +8
      { "availableMicros", "i64", "µ", "", "money the user may spend or withdraw" },  -- +12
      { "reservedMicros", "i64", "µ", "", "money held for resting buy orders" },  -- +20
      { "escrowMicros", "i64", "µ", "", "money held for trades awaiting settlement" },  -- +28
      { "asOfSequence", "u64", "", "", "the last journal sequence the figures include" },  -- +36
    } },
  { code = 0x0482, name = "FundsMoved", dir = "server", body = 41,
    summary = "A deposit or withdrawal is durable in the journal (sent again, unchanged, for a repeated request).",
    fields = {
      { "requestId", "u64", "", "", "from DepositRequest or WithdrawRequest" },  -- +0
      { "kind", "u8", "", "FundsMovement", "FundsMovement: 1 deposit, 2 withdrawal" },  -- +8
      { "amountMicros", "i64", "µ", "", "the amount moved" },  -- +9
      { "availableAfterMicros", "i64", "µ", "", "the available balance right after the movement" },  -- +17
      { "sequence", "u64", "", "", "the journal sequence of the movement" },  -- +25
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the movement (the command's sequencer time)" },  -- +33
    } },
  { code = 0x0483, name = "WalletRejected", dir = "server", body = 10,
    summary = "A wallet request was refused; for a history or statement request it is the whole answer.",
    fields = {
      { "requestId", "u64", "", "", "from the request" },  -- +0
      { "reason", "u16", "", "WalletRejectReason", "WalletRejectReason" },  -- +8
    } },
  { code = 0x0484, name = "HistoryEntry", dir = "server", body = 65,
    summary = "One journal entry of the user's wallet in the answer to HistoryRequest, in sequence order.",
    fields = {
      { "requestId", "u64", "", "", "from HistoryRequest" },  -- +0
      { "sequence", "u64", "", "", "the journal sequence of the entry" },  -- +8
      { "timestampMs", "i64", "ms", "", "when the exchange stamped the entry (the command's sequencer time)" },  -- +16
      { "kind", "u8", "", "HistoryEntryKind", "HistoryEntryKind" },  -- +24
      { "reference", "u64", "", "", "order id (reserve, release), trade id (escrow, settlementPaid, settlementReceived, refund) or request id (deposit, withdrawal)" },  -- +25
      { "quantityWh", "i64", "Wh", "", "the energy the entry concerns (0 for deposits and withdrawals)" },  -- +33
      { "availableDeltaMicros", "i64", "µ", "", "the change of the available balance" },  -- +41
      { "reservedDeltaMicros", "i64", "µ", "", "the change of the reserved balance" },  -- +49
      { "escrowDeltaMicros", "i64", "µ", "", "the change of the escrow balance" },  -- +57
    } },
  { code = 0x0485, name = "HistoryEnd", dir = "server", body = 13,
    summary = "Ends the answer to HistoryRequest.",
    fields = {
      { "requestId", "u64", "", "", "from HistoryRequest" },  -- +0
      { "count", "u32", "", "", "how many HistoryEntry messages came before" },  -- +8
      { "more", "bool", "", "", "1: entries in the range beyond maxEntries remain" },  -- +12
    } },
  { code = 0x0486, name = "StatementChunk", dir = "server", body = 16398,
    summary = "One piece of a statement document: dataLength bytes at offset, then zeros to 16,384 bytes.",
    fields = {
      { "requestId", "u64", "", "", "from StatementRequest" },  -- +0
      { "offset", "u32", "", "", "where data starts in the document: 0, then the previous chunk's offset + dataLength" },  -- +8
      { "dataLength", "u16", "", "", "bytes of data used (1 ... 16,384; every chunk but the last is full)" },  -- +12
      { "data", "bytes[16384]", "", "", "the document's bytes, then zeros to 16,384 bytes" },  -- +14
    } },
  { code = 0x0487, name = "StatementEnd", dir = "server", body = 17,
    summary = "Ends a statement: its format, size and CRC-32C, which the client checks.",
    fields = {
      { "requestId", "u64", "", "", "from StatementRequest" },  -- +0
      { "format", "u8", "", "StatementFormat", "StatementFormat: 1 csv, 2 html" },  -- +8
      { "totalBytes", "u32", "", "", "the document's size: the sum of the chunks' dataLength" },  -- +9
      { "crc32c", "u32", "", "", "CRC-32C (Castagnoli) of the whole document" },  -- +13
    } },
  { code = 0x0501, name = "AlertSet", dir = "client", body = 36,
    summary = "Sets a price alert on a zone's reference price, best bid or best ask, for one delivery interval or the zone's front interval; answered AlertAccepted once durable, or AlertRejected.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in the answer" },  -- +0
      { "zone", "u16", "", "", "the zone" },  -- +8
      { "intervalStartMs", "i64", "ms", "", "a delivery interval (a 15-minute boundary, UTC, not started yet), or 0: the zone's front interval" },  -- +10
      { "metric", "u8", "", "AlertMetric", "AlertMetric: 1 reference, 2 bestBid, 3 bestAsk" },  -- +18
      { "direction", "u8", "", "AlertDirection", "AlertDirection: 1 above (fires at price ≥ threshold), 2 below (price ≤ threshold)" },  -- +19
      { "thresholdMicrosPerKWh", "i64", "µ/kWh", "", "the threshold (0 ... 10^9)" },  -- +20
      { "rearmMicrosPerKWh", "i64", "µ/kWh", "", "the re-arm band (0 ... 10^8; the band used is max(rearm, 1))" },  -- +28
    } },
  { code = 0x0502, name = "AlertDelete", dir = "client", body = 16,
    summary = "Deletes one of the session user's alerts; answered AlertAccepted or AlertRejected.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in the answer" },  -- +0
      { "alertId", "u64", "", "", "the alert (from AlertAccepted or AlertInfo)" },  -- +8
    } },
  { code = 0x0503, name = "AlertListRequest", dir = "client", body = 8,
    summary = "Asks for the session user's alerts; answered AlertInfo per alert, then AlertListEnd.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in every answer" },  -- +0
    } },
  { code = 0x0504, name = "InboxRequest", dir = "client", body = 18,
    summary = "Asks for the session user's notifications after a sequence, oldest first; answered Notification per notification, then InboxEnd.",
    fields = {
      { "requestId", "u64", "", "", "the client's id for this request, echoed in every answer" },  -- +0
      { "afterSequence", "u64", "", "", "the last sequence the client has seen (0: from the oldest kept)" },  -- +8
      { "maxNotifications", "u16", "", "", "the most Notification messages wanted (1 ... 100; the server clamps other values into that range)" },  -- +16
    } },
  { code = 0x0581, name = "AlertAccepted", dir = "server", body = 16,
    summary = "An AlertSet or AlertDelete is done, durable in the alerts journal.",
    fields = {
      { "requestId", "u64", "", "", "from AlertSet or AlertDelete" },  -- +0
      { "alertId", "u64", "", "", "the new alert's id (AlertSet) or the deleted alert's (AlertDelete)" },  -- +8
    } },
  { code = 0x0582, name = "AlertRejected", dir = "server", body = 10,
    summary = "An AlertSet or AlertDelete was refused; nothing changed.",
    fields = {
      { "requestId", "u64", "", "", "from AlertSet or AlertDelete" },  -- +0
      { "reason", "u16", "", "AlertRejection", "AlertRejection" },  -- +8
    } },
  { code = 0x0583, name = "AlertInfo", dir = "server", body = 69,
    summary = "One of the user's alerts in the answer to AlertListRequest, in alert id order.",
    fields = {
      { "requestId", "u64", "", "", "from AlertListRequest" },  -- +0
      { "alertId", "u64", "", "", "the alert" },  -- +8
      { "zone", "u16", "", "", "the zone" },  -- +16
      { "intervalStartMs", "i64", "ms", "", "the alert's delivery interval, or 0: the zone's front interval" },  -- +18
      { "metric", "u8", "", "AlertMetric", "AlertMetric" },  -- +26
      { "direction", "u8", "", "AlertDirection", "AlertDirection" },  -- +27
      { "thresholdMicrosPerKWh", "i64", "µ/kWh", "", "the threshold" },  -- +28
      { "rearmMicrosPerKWh", "i64", "µ/kWh", "", "the re-arm band as set" },  -- +36
      { "createdAtMs", "i64", "ms", "", "when the server accepted the alert" },  -- +44
      { "triggered", "bool", "", "", "1: the alert has fired and not re-armed since; 0: armed" },  -- +52
      { "triggeredPriceMicrosPerKWh", "i64", "µ/kWh", "", "the price it fired at (0 when triggered is 0)", zero_unless = "triggered" },  -- +53
      { "triggeredAtMs", "i64", "ms", "", "when it fired: the evaluation's time (0 when triggered is 0)", zero_unless = "triggered" },  -- +61
    } },
  { code = 0x0584, name = "AlertListEnd", dir = "server", body = 10,
    summary = "Ends the answer to AlertListRequest.",
    fields = {
      { "requestId", "u64", "", "", "from AlertListRequest" },  -- +0
      { "count", "u16", "", "", "how many AlertInfo messages came before (0 ... 20)" },  -- +8
    } },
  { code = 0x0585, name = "Notification", dir = "server", body = 60,
    summary = "An alert fired: pushed with requestId 0 to every connected session of its owner, and sent again from the inbox in answer to InboxRequest.",
    fields = {
      { "requestId", "u64", "", "", "from InboxRequest; 0 when pushed" },  -- +0
      { "sequence", "u64", "", "", "the user's notification number: 1, 2, … without gaps" },  -- +8
      { "alertId", "u64", "", "", "the alert that fired (it may have been deleted since)" },  -- +16
      { "zone", "u16", "", "", "the zone" },  -- +24
      { "intervalStartMs", "i64", "ms", "", "the interval whose price crossed (for a front alert, the front interval at that moment)" },  -- +26
      { "metric", "u8", "", "AlertMetric", "AlertMetric" },  -- +34
      { "direction", "u8", "", "AlertDirection", "AlertDirection" },  -- +35
      { "thresholdMicrosPerKWh", "i64", "µ/kWh", "", "the alert's threshold" },  -- +36
      { "priceMicrosPerKWh", "i64", "µ/kWh", "", "the price that crossed it" },  -- +44
      { "triggeredAtMs", "i64", "ms", "", "when: the evaluation's time", zero_unless = "triggered" },  -- +52
    } },
  { code = 0x0586, name = "InboxEnd", dir = "server", body = 18,
    summary = "Ends the answer to InboxRequest.",
    fields = {
      { "requestId", "u64", "", "", "from InboxRequest" },  -- +0
      { "count", "u16", "", "", "how many Notification messages came before" },  -- +8
      { "lastSequence", "u64", "", "", "the user's latest notification sequence (0: none yet)" },  -- +10
    } },
  { code = 0x0601, name = "CreateUser", dir = "client", body = 100,
    summary = "An admin registers a user with a derived key computed on the admin's side, so passwords never travel.",
    fields = {
      { "requestId", "u64", "", "", "the admin's id for this request, echoed in the reply" },  -- +0
      { "usernameLength", "u8", "", "", "bytes of username used (1 ... 32)" },  -- +8
      { "username", "utf8[32]", "", "", "the new user's name: UTF-8, then zeros to 32 bytes" },  -- +9
      { "role", "u8", "", "Role", "Role" },  -- +41
      { "zone", "u16", "", "", "the user's zone (0xFFFF for grid operators and admins)" },  -- +42
      { "feeder", "i32", "", "", "feeder index in the zone (−1 for grid operators and admins)" },  -- +44
      { "iterations", "u32", "", "", "PBKDF2 iterations (1 ... 10,000,000)" },  -- +48
      { "salt", "bytes[16]", "", "", "the user's PBKDF2 salt (random, 16 bytes)" },  -- +52
      { "derivedKey", "bytes[32]", "", "", "PBKDF2-HMAC-SHA256(password, salt, iterations, 32 bytes)" },  -- +68
    } },
  { code = 0x0602, name = "SetRole", dir = "client", body = 13,
    summary = "An admin changes a user's role.",
    fields = {
      { "requestId", "u64", "", "", "the admin's id for this request" },  -- +0
      { "traderId", "u32", "", "", "the user" },  -- +8
      { "role", "u8", "", "Role", "Role" },  -- +12
    } },
  { code = 0x0603, name = "HaltZone", dir = "client", body = 11,
    summary = "A grid operator stops trading in a zone, optionally cancelling every resting order.",
    fields = {
      { "requestId", "u64", "", "", "the operator's id for this request" },  -- +0
      { "zone", "u16", "", "", "zone" },  -- +8
      { "cancelResting", "bool", "", "", "1: also cancel every resting order in the zone" },  -- +10
    } },
  { code = 0x0604, name = "ResumeZone", dir = "client", body = 10,
    summary = "A grid operator reopens a halted zone.",
    fields = {
      { "requestId", "u64", "", "", "the operator's id for this request" },  -- +0
      { "zone", "u16", "", "", "zone" },  -- +8
    } },
  { code = 0x0681, name = "UserCreated", dir = "server", body = 28,
    summary = "CreateUser succeeded.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the server created the user" },  -- +8
      { "requestId", "u64", "", "", "from CreateUser" },  -- +16
      { "traderId", "u32", "", "", "the new user's trader id" },  -- +24
    } },
  { code = 0x0682, name = "AdminAccepted", dir = "server", body = 26,
    summary = "SetRole, HaltZone or ResumeZone took effect.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the request took effect" },  -- +8
      { "requestId", "u64", "", "", "from the request" },  -- +16
      { "requestType", "u16", "", "MessageType", "the request's message type (0x0602 ... 0x0604)" },  -- +24
    } },
  { code = 0x0683, name = "AdminRejected", dir = "server", body = 28,
    summary = "An administration or grid-operation request was refused.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the request was refused" },  -- +8
      { "requestId", "u64", "", "", "from the request" },  -- +16
      { "requestType", "u16", "", "MessageType", "the request's message type (0x0601 ... 0x0604)" },  -- +24
      { "reason", "u16", "", "AdminRejectReason", "AdminRejectReason" },  -- +26
    } },
  { code = 0x0F00, name = "ProtocolReject", dir = "server", body = 71,
    summary = "A frame or message was refused below the business rules: framing, decoding, or session state.",
    fields = {
      { "sessionSequence", "u64", "", "", "this message's place in the session stream (from 1)" },  -- +0
      { "timestampMs", "i64", "ms", "", "when the server refused the frame" },  -- +8
      { "rejectedType", "u16", "", "MessageType", "the type of the refused frame (0 when the header was unreadable)" },  -- +16
      { "reason", "u16", "", "ProtocolRejectReason", "ProtocolRejectReason" },  -- +18
      { "fieldOffset", "u16", "", "", "frame offset of the offending field (0xFFFF: none)" },  -- +20
      { "textLength", "u8", "", "", "bytes of text used (0 ... 48)" },  -- +22
      { "text", "utf8[48]", "", "", "the offending field's name or a short explanation: UTF-8, then zeros to 48 bytes" },  -- +23
    } },
}

------------------------------------------------------------------------------------------------
-- Enumerations (Protocol/README.md and protocol.md "Codes the protocol adds")
------------------------------------------------------------------------------------------------
local ENUMS = {
    Side = { [1] = "buy", [2] = "sell" },
    EnergySource = { [0] = "solar", [1] = "wind", [2] = "battery", [3] = "hydro", [4] = "other (grid mix)" },
    TimeInForce = { [1] = "goodTillGateClosure", [2] = "immediateOrCancel", [3] = "fillOrKill" },
    SelfTradePrevention = { [1] = "cancelResting", [2] = "cancelIncoming", [3] = "cancelBoth" },
    Role = { [1] = "prosumer", [2] = "consumer", [3] = "gridOperator", [4] = "admin", [5] = "gateway" },
    MeterKind = {
        [0] = "solar", [1] = "wind", [2] = "battery", [3] = "householdLoad", [4] = "businessLoad", [5] = "bidirectional",
    },
    MeteringRejectReason = {
        [1] = "unknownMeter", [2] = "duplicateMeterId", [3] = "ratedPowerInvalid", [4] = "registryFull",
        [5] = "unknownZone", [6] = "unknownOwner", [7] = "unknownGateway", [8] = "invalidRequest", [9] = "notReady",
        [10] = "notYourMeter", [11] = "ownerZoneMismatch",
    },
    ForecastMethodCode = { [1] = "smartPersistence", [2] = "exponentialSmoothing" },
    ReadingOutcomeCode = { [0] = "accepted", [1] = "duplicate", [2] = "flagged", [3] = "rejected" },
    ReadingRejection = {
        [1] = "unknownMeter", [2] = "registerOutOfRange", [3] = "timestampInFuture", [4] = "timestampTooOld",
        [5] = "conflictingDuplicate", [6] = "outOfOrderOutsideWindow", [7] = "importRegisterDecreased",
        [8] = "exportRegisterDecreased", [9] = "importSpike", [10] = "exportSpike", [11] = "notYourMeter",
    },
    ZoneStatus = { [1] = "open", [2] = "halted" },
    UnsoldPolicy = { [1] = "returnToBook", [2] = "expire" },
    AuctionStopReason = { [0] = "none", [1] = "gateClosure", [2] = "halt", [3] = "cancelled" },
    AuctionUnsoldOutcome = { [0] = "none", [1] = "returnedToBook", [2] = "expired" },
    AuctionRunningPhase = { [1] = "started", [2] = "stepped", [3] = "filled" },
    AuctionFinalPhase = { [4] = "sold", [5] = "floorReached", [6] = "stopped" },
    IntervalState = { [1] = "open", [2] = "gateClosed" },
    Liquidity = { [1] = "maker", [2] = "taker" },
    CancelReason = {
        [1] = "byTrader", [2] = "zoneHalted", [3] = "selfTradePrevention",
        [4] = "immediateOrCancelRemainder", [5] = "fillOrKillNotFillable",
        [6] = "cancelOnDisconnect", [7] = "roleChanged",
    },
    RejectReason = {
        [100] = "quantityNotPositive", [101] = "priceNotOnTick", [102] = "priceOutsideBand",
        [103] = "intervalMisaligned", [104] = "intervalNotYetOpen", [105] = "gateClosed",
        [106] = "unknownZone", [107] = "sourceSetInvalid", [108] = "duplicateClientOrderId",
        [109] = "clientOrderIdInvalid", [110] = "meterReadingInvalid", [111] = "auctionScheduleInvalid",
        [200] = "unknownParticipant", [201] = "roleCannotTrade", [202] = "roleCannotSell",
        [203] = "wrongZoneForParticipant", [204] = "notOrderOwner", [205] = "roleCannotOperateGrid",
        [206] = "participantAlreadyRegistered", [207] = "unknownFeeder", [208] = "roleChangeInvalid",
        [300] = "zoneHalted", [301] = "zoneNotHalted",
        [400] = "priceAboveCap", [401] = "priceBelowFloor", [402] = "orderTooLarge",
        [500] = "insufficientFunds", [501] = "walletAmountInvalid", [502] = "walletRequestConflict",
        [503] = "noWallet", [504] = "reservationTooLarge",
        [600] = "unknownOrder", [601] = "replaceChangesNothing", [602] = "replaceDoesNotMatchOrder",
        [700] = "tooManyOpenOrders", [701] = "tooManyAuctions",
    },
    LogonRejectReason = {
        [1] = "badCredentials", [2] = "nonceExpired", [3] = "resumeInvalid",
        [4] = "tooManyConnections", [5] = "serverUnavailable",
    },
    LogoutReason = {
        [1] = "userRequested", [2] = "heartbeatTimeout", [3] = "logonTimeout", [4] = "protocolError",
        [5] = "sessionTakenOver", [6] = "slowConsumer", [7] = "rateLimitExceeded",
        [8] = "serverShutdown", [9] = "administrative",
    },
    AdminRejectReason = {
        [106] = "unknownZone", [205] = "roleCannotOperateGrid", [207] = "unknownFeeder",
        [208] = "roleChangeInvalid", [301] = "zoneNotHalted", [900] = "usernameTaken", [901] = "unknownUser",
        [902] = "keyParametersRejected", [903] = "placementInvalid", [904] = "tooManyUsers",
    },
    WalletRejectReason = {
        [1] = "insufficientFunds", [2] = "invalidAmount", [3] = "conflict", [4] = "noWallet",
        [5] = "invalidPeriod", [6] = "statementTooLarge", [7] = "notReady",
    },
    StatementFormat = { [1] = "csv", [2] = "html" },
    AlertMetric = { [1] = "reference", [2] = "bestBid", [3] = "bestAsk" },
    AlertDirection = { [1] = "above", [2] = "below" },
    AlertRejection = {
        [10] = "unknownZone", [11] = "intervalNotAligned", [12] = "intervalStarted", [13] = "thresholdOutOfRange",
        [14] = "rearmOutOfRange", [20] = "tooManyAlerts", [21] = "alertBookFull", [30] = "unknownAlert", [31] = "notOwner",
    },
    FundsMovement = { [1] = "deposit", [2] = "withdrawal" },
    HistoryEntryKind = {
        [1] = "deposit", [2] = "withdrawal", [3] = "reserve", [4] = "release", [5] = "escrow",
        [6] = "settlementPaid", [7] = "settlementReceived", [8] = "refund",
    },
    ProtocolRejectReason = {
        [1] = "frameTooSmall", [2] = "frameTooLarge", [3] = "unsupportedVersion", [4] = "unknownType",
        [5] = "wrongDirection",
        [10] = "bodyTruncated", [11] = "bodyTrailingBytes", [12] = "invalidValue",
        [13] = "reservedNotZero", [14] = "stringTooLong", [15] = "stringInvalid",
        [20] = "notLoggedOn", [21] = "alreadyLoggedOn", [22] = "logonOutOfOrder",
        [23] = "rateLimited", [24] = "notPermitted",
        [30] = "unknownZone", [31] = "subscriptionLimit", [32] = "notSubscribed",
    },
    ReferencePriceStrategy = { [1] = "tradeBased", [2] = "bookBased", [3] = "supplyDemand" },
    ReferencePriceBasis = {
        [1] = "volumeWeightedTrades", [2] = "midpoint", [3] = "lastTrade", [4] = "bestBid", [5] = "bestAsk",
        [6] = "clearing", [7] = "noCrossing", [8] = "supplyOnly", [9] = "demandOnly",
    },
    ReferencePriceFallback = {
        [0] = "none", [1] = "bidSideEmpty", [2] = "askSideEmpty", [3] = "bookEmpty", [4] = "bookCrossed",
        [5] = "spreadTooWide",
    },
    MessageType = {},   -- filled from MESSAGES below
}
local BOOL_NAMES = { [0] = "false", [1] = "true" }
local SOURCE_BITS = { "solar", "wind", "battery", "hydro", "other" }   -- bit n = EnergySource n
local DIRECTION_TEXT = { client = "client → server", server = "server → client", both = "both ways" }
local UNIT_TEXT = { ["ms"] = "ms", ["Wh"] = "Wh", ["W"] = "W", ["µ/kWh"] = "micros per kWh", ["µ"] = "micros" }
-- Bit sets: the names of bits 0, 1, ... (the other bits are reserved and must be 0).
local BITS = {
    MeterStatus = { "clockNotSynchronised", "powerFailureSinceLast", "tamperAlarm", "batteryLow" },
    IntervalQuality = { "estimated", "spansLongGap" },
    ReadingFlags = { "registerRollover", "frozenRegisters", "meterAlarm", "estimated" },
    PriceInfoFlags = { "tariff", "reference" },
}
local POWER_NOT_MEASURED = Int64(0, 0x80000000)   -- i64 minimum: a reading's powerW when not measured

local by_code = {}
for _, m in ipairs(MESSAGES) do
    by_code[m.code] = m
    ENUMS.MessageType[m.code] = m.name
end

------------------------------------------------------------------------------------------------
-- Protocol fields
------------------------------------------------------------------------------------------------
local pf = {
    length = ProtoField.uint32("greengrid.length", "Length", base.DEC, nil, nil,
        "Bytes after the length field: 4 + body bytes (4 ... 65,532)"),
    type = ProtoField.uint16("greengrid.type", "Message type", base.HEX, ENUMS.MessageType, nil,
        "Message type code"),
    version = ProtoField.uint8("greengrid.version", "Version", base.DEC, nil, nil, "Protocol version of this frame (1)"),
    flags = ProtoField.uint8("greengrid.flags", "Header flags", base.HEX, nil, nil, "Reserved, 0"),
    body = ProtoField.bytes("greengrid.body", "Body", base.NONE, "The message body (undecoded)"),
    name = ProtoField.string("greengrid.name", "Message", base.ASCII, "The message type's name (generated)"),
    direction = ProtoField.string("greengrid.direction", "Direction", base.ASCII,
        "client → server or server → client, from the TCP ports (generated)"),
    frame_bytes = ProtoField.uint32("greengrid.frame_bytes", "Frame bytes", base.DEC, nil, nil,
        "Whole frame size including the length field (generated)"),
    cancel_on_disconnect = ProtoField.bool("greengrid.sessionflags.cancelOnDisconnect", "Cancel on disconnect", 8,
        nil, 0x01, "Session flags bit 0"),
}
for bit, source in ipairs(SOURCE_BITS) do
    pf["source_" .. source] = ProtoField.bool("greengrid.sourceset." .. source, source, 8, { "accepted", "not accepted" },
        bit32.lshift(1, bit - 1), "SourceSet bit " .. (bit - 1) .. ": EnergySource " .. source)
end

local INT_FIELD = {
    u8 = ProtoField.uint8, u16 = ProtoField.uint16, u32 = ProtoField.uint32, u64 = ProtoField.uint64,
    i32 = ProtoField.int32, i64 = ProtoField.int64, bool = ProtoField.uint8,
}
local INT_SIZE = { u8 = 1, u16 = 2, u32 = 4, u64 = 8, i32 = 4, i64 = 8, bool = 1 }

-- Builds one field's ProtoField and layout entry (size, kind) from a table row.
local function build_field(m, prefix, row, offset)
    local fname, ftype, unit, enum, meaning = row[1], row[2], row[3], row[4], row[5]
    local label = fname
    local blurb = m.name .. "." .. fname .. ": " .. meaning
    if unit ~= "" then
        label = fname .. " (" .. UNIT_TEXT[unit] .. ")"
        blurb = blurb .. " [unit: " .. UNIT_TEXT[unit] .. "]"
    end
    local size, kind, field
    local array_size = tonumber(ftype:match("%[(%d+)%]"))
    if row.slot then
        -- A fixed-capacity array: count (an earlier field) slots used, the rest zero. Each slot's fields
        -- are fields of their own (greengrid.<message>.<slot field>); the zeros are <message>.unused.
        local slot_layout, slot_size = {}, 0
        for _, slot_row in ipairs(row.slot) do
            local entry = build_field(m, prefix, slot_row, slot_size)
            slot_layout[#slot_layout + 1] = entry
            slot_size = slot_size + entry.size
        end
        size, kind = array_size * slot_size, "array"
        if pf[prefix .. "unused"] == nil then
            pf[prefix .. "unused"] = ProtoField.bytes(prefix .. "unused", "unused slots", base.NONE,
                m.name .. ".unused: the slots of " .. fname .. " beyond its count, all zero")
        end
        return { name = fname, offset = offset, size = size, kind = kind, unit = unit, enum = enum, count = row.count,
            capacity = array_size, slot_size = slot_size, slot = slot_layout, unused = pf[prefix .. "unused"] }
    elseif INT_FIELD[ftype] then
        size, kind = INT_SIZE[ftype], ftype
        local vs, display = nil, base.DEC
        if ftype == "bool" then vs = BOOL_NAMES
        elseif enum == "MessageType" or enum == "SessionFlags" or enum == "SourceSet" or BITS[enum] then
            display = base.HEX
            if enum == "MessageType" then vs = ENUMS.MessageType end
        elseif enum == "OutcomeReason" then
            vs = nil   -- flags or a rejection code, named by the dissector after the outcome
        elseif enum ~= "" then vs = assert(ENUMS[enum], "no enum " .. enum)
        elseif fname:match("^crc") then display = base.HEX end
        if ftype == "u64" or ftype == "i64" then
            field = INT_FIELD[ftype](prefix .. fname, label, display, nil, nil, blurb)
        else
            field = INT_FIELD[ftype](prefix .. fname, label, display, vs, nil, blurb)
        end
    elseif ftype:match("^utf8%[") then
        size, kind = array_size, "string"
        field = ProtoField.string(prefix .. fname, label, base.UNICODE, blurb)
    elseif ftype:match("^bytes%[") or ftype:match("^reserved%[") then
        size, kind = array_size, ftype:match("^(%a+)")
        field = ProtoField.bytes(prefix .. fname, label, base.NONE, blurb)
    else
        error("GreenGrid: unknown field type " .. ftype .. " in " .. m.name)
    end
    pf[prefix .. fname] = field
    return { name = fname, offset = offset, size = size, kind = kind, unit = unit, enum = enum, field = field }
end

-- Builds each message's ProtoFields and checks its table adds up to its body size.
for _, m in ipairs(MESSAGES) do
    local prefix = "greengrid." .. m.name:lower() .. "."
    local offset = 0
    m.layout = {}
    m.groups = {}
    for _, row in ipairs(m.fields) do
        local entry = build_field(m, prefix, row, offset)
        entry.when = row.when
        entry.zero_unless = row.zero_unless
        if row.when then
            -- The byte range a flag bit makes present (its fields are contiguous).
            local g = m.groups[row.when]
            if g == nil then m.groups[row.when] = { offset = offset, size = entry.size }
            else g.size = offset + entry.size - g.offset end
        end
        m.layout[#m.layout + 1] = entry
        offset = offset + entry.size
    end
    assert(offset == m.body, "GreenGrid: " .. m.name .. " fields add up to " .. offset .. ", not " .. m.body)
end

local field_list = {}
for _, f in pairs(pf) do field_list[#field_list + 1] = f end
greengrid.fields = field_list

------------------------------------------------------------------------------------------------
-- Expert info
------------------------------------------------------------------------------------------------
local ex = {
    too_small = ProtoExpert.new("greengrid.expert.frame_too_small", "Frame too small: length below 4 (framing error, the stream cannot be resynchronised)",
        expert.group.MALFORMED, expert.severity.ERROR),
    too_large = ProtoExpert.new("greengrid.expert.frame_too_large", "Frame too large: length above 65,532 (frame above 65,536 bytes; framing error, the stream cannot be resynchronised)",
        expert.group.MALFORMED, expert.severity.ERROR),
    version = ProtoExpert.new("greengrid.expert.unsupported_version", "Unsupported protocol version",
        expert.group.PROTOCOL, expert.severity.ERROR),
    unknown_type = ProtoExpert.new("greengrid.expert.unknown_type", "Unknown message type",
        expert.group.PROTOCOL, expert.severity.ERROR),
    flags = ProtoExpert.new("greengrid.expert.flags_not_zero", "Header flags are reserved and must be 0",
        expert.group.PROTOCOL, expert.severity.WARN),
    body_size = ProtoExpert.new("greengrid.expert.body_size", "Body size differs from the message type's one size",
        expert.group.MALFORMED, expert.severity.ERROR),
    invalid = ProtoExpert.new("greengrid.expert.invalid_value", "Invalid value (unknown enumeration code, bool other than 0 or 1, value out of range)",
        expert.group.PROTOCOL, expert.severity.WARN),
    reserved = ProtoExpert.new("greengrid.expert.reserved_not_zero", "Reserved bytes, bits or string padding not 0",
        expert.group.PROTOCOL, expert.severity.WARN),
    string = ProtoExpert.new("greengrid.expert.string_too_long", "String length above the field's capacity",
        expert.group.MALFORMED, expert.severity.WARN),
    direction = ProtoExpert.new("greengrid.expert.wrong_direction", "Message sent in the wrong direction",
        expert.group.PROTOCOL, expert.severity.WARN),
}
greengrid.experts = { ex.too_small, ex.too_large, ex.version, ex.unknown_type, ex.flags, ex.body_size,
    ex.invalid, ex.reserved, ex.string, ex.direction }


------------------------------------------------------------------------------------------------
-- Dissection
------------------------------------------------------------------------------------------------
local function utc_text(ms)
    -- Int64 milliseconds since 1970 as ISO 8601 UTC (os.date takes whole seconds).
    local n = ms:tonumber()
    if n == 0 then return nil end
    local seconds = math.floor(n / 1000)
    local ok, text = pcall(os.date, "!%Y-%m-%dT%H:%M:%S", seconds)
    if not ok or text == nil then return nil end
    return string.format("%s.%03dZ", text, n - seconds * 1000)
end

local function decimal_micros(value)
    -- Int64 micro-units as a decimal amount with 6 places.
    local negative = value < Int64(0)
    local magnitude = negative and -value or value
    local units = magnitude / Int64(1000000)
    local micros = magnitude % Int64(1000000)
    return string.format("%s%s.%06d", negative and "-" or "", tostring(units), micros:tonumber())
end

local function all_zero(range)
    for i = 0, range:len() - 1 do
        if range(i, 1):uint() ~= 0 then return false end
    end
    return true
end

-- Names the set bits of value from names (bit 0 first); returns the text and whether reserved bits are set.
local function bit_names(value, names)
    local set = {}
    for bit, name in ipairs(names) do
        if bit32.band(value, bit32.lshift(1, bit - 1)) ~= 0 then set[#set + 1] = name end
    end
    local reserved = bit32.rshift(value, #names) ~= 0
    return (#set > 0 and table.concat(set, ", ") or "none"), reserved
end

-- Adds one integer field (values holds the fields read so far in the message or slot); returns its value.
local function dissect_int(f, range, tree, values)
    local item = tree:add_le(f.field, range)
    local value
    if f.kind == "u64" then value = range:le_uint64()
    elseif f.kind == "i64" then value = range:le_int64()
    elseif f.kind == "i32" then value = range:le_int()
    else value = range:le_uint() end
    values[f.name] = value

    if f.kind == "bool" then
        if value > 1 then item:add_proto_expert_info(ex.invalid, f.name .. " is a bool: 0 or 1") end
    elseif f.enum == "SessionFlags" then
        item:add_le(pf.cancel_on_disconnect, range)
        if bit32.band(value, 0xFE) ~= 0 then
            item:add_proto_expert_info(ex.reserved, "session flags bits 1-7 are reserved")
        end
    elseif f.enum == "SourceSet" then
        local names = {}
        for bit, source in ipairs(SOURCE_BITS) do
            item:add_le(pf["source_" .. source], range)
            if bit32.band(value, bit32.lshift(1, bit - 1)) ~= 0 then names[#names + 1] = source end
        end
        item:append_text(" (" .. (#names > 0 and table.concat(names, ", ") or "none") .. ")")
        if bit32.band(value, 0xE0) ~= 0 then
            item:add_proto_expert_info(ex.reserved, "SourceSet bits 5-7 are reserved")
        end
    elseif BITS[f.enum] then
        local text, reserved = bit_names(value, BITS[f.enum])
        item:append_text(" (" .. text .. ")")
        if reserved then
            item:add_proto_expert_info(ex.reserved, string.format("%s: bits %d and above are reserved", f.enum, #BITS[f.enum]))
        end
    elseif f.enum == "OutcomeReason" then
        -- What the reason holds depends on the slot's outcome code, read just before it.
        local outcome = values.outcome
        if outcome == 2 then
            local text, reserved = bit_names(value, BITS.ReadingFlags)
            item:append_text(" (ReadingFlags: " .. text .. ")")
            if reserved or value == 0 then
                item:add_proto_expert_info(ex.invalid, "a flagged outcome's reason is defined ReadingFlags bits, not 0")
            end
        elseif outcome == 3 then
            local name = ENUMS.ReadingRejection[value]
            if name then item:append_text(" (ReadingRejection: " .. name .. ")")
            else item:add_proto_expert_info(ex.invalid, string.format("reason: %d is not a ReadingRejection code", value)) end
        elseif value ~= 0 then
            item:add_proto_expert_info(ex.invalid, "an accepted or duplicate outcome's reason is 0")
        end
    elseif f.enum ~= "" then
        if ENUMS[f.enum][value] == nil then
            item:add_proto_expert_info(ex.invalid, string.format("%s: %d is not a %s code", f.name, value, f.enum))
        end
    elseif f.kind == "u16" and f.name:match("[zZ]one$") and value == 0xFFFF then
        item:append_text(" (all zones / no zone)")
    elseif f.kind == "i64" and f.name:match("Ms$") then
        local text = utc_text(value)
        if text then
            item:append_text(" (" .. text .. ")")
        elseif f.name == "intervalStartMs" then
            item:append_text(" (all intervals)")
        end
    elseif f.unit == "W" and f.kind == "i64" and value == POWER_NOT_MEASURED then
        item:append_text(" (not measured)")
    elseif f.unit == "µ/kWh" then
        item:append_text(" (" .. decimal_micros(value) .. " per kWh)")
    elseif f.unit == "µ" then
        item:append_text(" (" .. decimal_micros(value) .. ")")
    end
    if f.zero_unless and values[f.zero_unless] == 0 and value ~= Int64(0) then
        -- AlertInfo: the triggered price and time are 0 unless triggered is 1.
        item:add_proto_expert_info(ex.reserved, string.format("%s must be 0 while %s is 0", f.name, f.zero_unless))
    end
    if f.name == "path" and value < -1 then
        item:add_proto_expert_info(ex.invalid, "path must be -1 or above")
    end
    return value
end

-- A fixed-capacity array: the slots its count uses, each field by field, then the unused slots (zeros).
local function dissect_array(m, f, range, tree, values)
    local count = values[f.count] or 0
    local item = tree:add(greengrid, range, string.format("%s: %d of %d slots of %d bytes", f.name, count, f.capacity, f.slot_size))
    if count < 1 or count > f.capacity then
        item:add_proto_expert_info(ex.invalid, string.format("%s %d is outside 1 ... %d", f.count, count, f.capacity))
        return
    end
    local tally = { [0] = 0, [1] = 0, [2] = 0, [3] = 0 }
    for i = 0, count - 1 do
        local slot_range = range(i * f.slot_size, f.slot_size)
        local slot_tree = item:add(greengrid, slot_range, string.format("%s[%d]", f.name, i))
        local slot_values = {}
        local texts = {}
        for _, sf in ipairs(f.slot) do
            local value = dissect_int(sf, slot_range(sf.offset, sf.size), slot_tree, slot_values)
            if sf.name == "meterId" or sf.name == "productionWh" then texts[#texts + 1] = sf.name .. " " .. tostring(value) end
            if sf.name == "outcome" then
                texts[#texts + 1] = ENUMS.ReadingOutcomeCode[value] or tostring(value)
                if tally[value] then tally[value] = tally[value] + 1 end
            end
        end
        if #texts > 0 then slot_tree:append_text(": " .. table.concat(texts, ", ")) end
    end
    if count < f.capacity then
        local unused = range(count * f.slot_size)
        local unused_item = item:add(f.unused, unused)
        unused_item:append_text(string.format(" (%d slots)", f.capacity - count))
        if not all_zero(unused) then
            unused_item:add_proto_expert_info(ex.reserved, f.name .. ": a slot beyond " .. f.count .. " is not zero")
        end
    end
    if f.name == "outcomes" and values.accepted ~= nil then
        -- ReadingsAck's counts must be the counts of its outcomes.
        if values.accepted ~= tally[0] + tally[1] or values.flagged ~= tally[2] or values.rejected ~= tally[3] then
            item:add_proto_expert_info(ex.invalid, string.format(
                "the counts (accepted %d, flagged %d, rejected %d) disagree with the outcomes (%d, %d, %d)",
                values.accepted, values.flagged, values.rejected, tally[0] + tally[1], tally[2], tally[3]))
        end
    end
end

local function dissect_body(m, body, pinfo, tree)
    local values = {}
    local absent = {}
    for _, f in ipairs(m.layout) do
        local range = body(f.offset, f.size)
        if f.when and bit32.band(values.flags or 0, f.when) == 0 then
            -- An optional part whose flag bit is clear: not shown field by field; it must be all zero.
            if not absent[f.when] then
                absent[f.when] = true
                local g = m.groups[f.when]
                local group = body(g.offset, g.size)
                local item = tree:add(greengrid, group, string.format("%s: not set (flags bit %d clear)", m.optional[f.when],
                    f.when == 1 and 0 or 1))
                if not all_zero(group) then
                    item:add_proto_expert_info(ex.reserved, m.optional[f.when] .. ": must be 0 while its flag is clear")
                end
            end
        elseif f.kind == "string" then
            local used = values[f.name .. "Length"] or 0
            local capacity = f.size
            local shown = math.min(used, capacity)
            local text = shown > 0 and range(0, shown):string(ENC_UTF_8) or ""
            local item = tree:add(f.field, range, text)
            if used > capacity then
                item:add_proto_expert_info(ex.string, string.format("%sLength %d is above the capacity %d", f.name, used, capacity))
            elseif shown < capacity and not all_zero(range(shown)) then
                item:add_proto_expert_info(ex.reserved, f.name .. ": padding after the string is not zero")
            end
        elseif f.kind == "bytes" and values[f.name .. "Length"] ~= nil then
            -- A bounded byte block (StatementChunk's data): its length field, then the data and zeros.
            local used = values[f.name .. "Length"]
            local capacity = f.size
            if used < 1 or used > capacity then
                local item = tree:add(f.field, range)
                item:add_proto_expert_info(ex.invalid, string.format("%sLength %d is outside 1 ... %d", f.name, used, capacity))
            else
                local item = tree:add(f.field, range(0, used))
                item:append_text(string.format(" (%d of %d bytes)", used, capacity))
                if used < capacity and not all_zero(range(used)) then
                    item:add_proto_expert_info(ex.reserved, f.name .. ": padding after the data is not zero")
                end
            end
        elseif f.kind == "bytes" then
            tree:add(f.field, range)
        elseif f.kind == "reserved" then
            local item = tree:add(f.field, range)
            if not all_zero(range) then item:add_proto_expert_info(ex.reserved) end
        elseif f.kind == "array" then
            dissect_array(m, f, range, tree, values)
        else
            dissect_int(f, range, tree, values)
        end
    end
end

-- Dissects one whole frame (tvb holds exactly it); returns the message name for the Info column.
local function dissect_frame(tvb, pinfo, tree, to_server)
    local length = tvb(0, 4):le_uint()
    local code = tvb(4, 2):le_uint()
    local version = tvb(6, 1):uint()
    local flags = tvb(7, 1):uint()
    local m = by_code[code]
    local name = m and m.name or string.format("Unknown(0x%04x)", code)

    local item = tree:add(greengrid, tvb(), string.format("GreenGrid %s (0x%04x)", name, code))
    item:add_le(pf.length, tvb(0, 4))
    local type_item = item:add_le(pf.type, tvb(4, 2))
    local version_item = item:add(pf.version, tvb(6, 1))
    local flags_item = item:add(pf.flags, tvb(7, 1))
    item:add(pf.name, name):set_generated()
    local direction = to_server and "client → server" or "server → client"
    item:add(pf.direction, direction):set_generated()
    item:add(pf.frame_bytes, tvb:len()):set_generated()
    item:append_text(", " .. direction)

    if flags ~= 0 then flags_item:add_proto_expert_info(ex.flags) end
    local body = tvb:len() > HEADER_BYTES and tvb(HEADER_BYTES) or nil
    local body_bytes = length - 4

    if version ~= VERSION then
        version_item:add_proto_expert_info(ex.version, string.format("Unsupported protocol version %d (this dissector knows version %d)", version, VERSION))
        if body then item:add(pf.body, body) end
        return name .. " (v" .. version .. ")"
    end
    if m == nil then
        type_item:add_proto_expert_info(ex.unknown_type, string.format("Unknown message type 0x%04x in version %d", code, version))
        if body then item:add(pf.body, body) end
        return name
    end
    if (m.dir == "client" and not to_server) or (m.dir == "server" and to_server) then
        type_item:add_proto_expert_info(ex.direction, string.format("%s is sent %s only", m.name, DIRECTION_TEXT[m.dir]))
    end
    local subtree = item:add(greengrid, body or tvb(0, 0), string.format("%s: %s (%d bytes)", m.name, DIRECTION_TEXT[m.dir], m.body))
    if body_bytes ~= m.body then
        subtree:add_proto_expert_info(ex.body_size, string.format("%s body is %d bytes, must be %d", m.name, body_bytes, m.body))
        if body then subtree:add(pf.body, body) end
        return name .. " [bad size]"
    end
    if m.body > 0 then dissect_body(m, body, pinfo, subtree) end
    return name
end

function greengrid.dissector(tvb, pinfo, tree)
    local total = tvb:len()
    local port = pinfo.match_uint
    if port == nil or port == 0 then port = DEFAULT_PORT end
    local to_server = pinfo.dst_port == port
    local offset = 0
    local names = {}

    while offset < total do
        local remaining = total - offset
        if remaining < 4 then
            -- Not even the length field: ask TCP for one more segment.
            pinfo.desegment_offset = offset
            pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
            break
        end
        local length = tvb(offset, 4):le_uint()
        if length < LENGTH_MIN or length > LENGTH_MAX then
            -- A framing error: refuse from the length alone; nothing after it can be delimited.
            local item = tree:add(greengrid, tvb(offset), "GreenGrid framing error")
            item:add_le(pf.length, tvb(offset, 4))
            item:add_proto_expert_info(length < LENGTH_MIN and ex.too_small or ex.too_large,
                string.format("length %d is outside 4 ... 65,532 (frame %d bytes, maximum 65,536)", length, length + 4))
            names[#names + 1] = length < LENGTH_MIN and "[frameTooSmall]" or "[frameTooLarge]"
            offset = total
            break
        end
        local frame_bytes = 4 + length
        if remaining < frame_bytes then
            -- The frame continues in later segments: have TCP reassemble exactly what is missing.
            pinfo.desegment_offset = offset
            pinfo.desegment_len = frame_bytes - remaining
            break
        end
        local frame_tvb = tvb(offset, frame_bytes):tvb()
        names[#names + 1] = dissect_frame(frame_tvb, pinfo, tree, to_server)
        offset = offset + frame_bytes
    end

    if #names > 0 then
        -- TCP may call the dissector more than once per packet (a reassembled frame, then the rest
        -- of the segment): the second call appends to the first one's Info.
        if tostring(pinfo.cols.protocol) == "GreenGrid" then
            pinfo.cols.info:append(", " .. table.concat(names, ", "))
        else
            pinfo.cols.protocol = "GreenGrid"
            pinfo.cols.info = (to_server and "C→S " or "S→C ") .. table.concat(names, ", ")
        end
    end
    return total
end

-- The server's default port; any other port through "Decode As..." (TCP port > GREENGRID), or
-- tshark -d tcp.port==PORT,greengrid. (A Lua port preference is deliberately not used: re-registering
-- on a preference change would remove a Decode As entry on the old port.)
local tcp_port = DissectorTable.get("tcp.port")
tcp_port:add(DEFAULT_PORT, greengrid)
tcp_port:add_for_decode_as(greengrid)
