import GreenGridDomain

/// What identifies a request's first answer on the session stream: a new order's answer carries
/// its client order id; a cancel's or replace's carries the exchange's order id.
enum TCPAnswerKey: Hashable, Sendable {
    case newOrder(ClientOrderId)
    case cancel(OrderId)
    case replace(OrderId)
}
