import Foundation
import Metrics
import Testing
@testable import Telemetry

/// An HTTP/1.1 exchange over a loopback TCP socket, its blocking I/O on a Dispatch thread so it
/// never holds a thread of the concurrency pool the server's routes run on.
func httpRequest(port: Int, method: String = "GET", path: String, body: String = "") async throws -> (status: Int, body: String) {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try blockingHTTPRequest(port: port, method: method, path: path, body: body) })
        }
    }
}

/// A blocking HTTP/1.1 exchange (no client library in between); gives up after 30 s.
func blockingHTTPRequest(port: Int, method: String = "GET", path: String, body: String = "") throws -> (status: Int, body: String) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    let request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    _ = request.withCString { send(fd, $0, strlen($0), 0) }
    var response = Data()
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = recv(fd, &chunk, chunk.count, 0)
        if n <= 0 { break }
        response.append(chunk, count: n)
    }
    let text = String(decoding: response, as: UTF8.self)
    let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
    let payload = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
    return (status, payload)
}

@Suite("The metrics and admin endpoint serves over loopback")
struct HTTPEndpointTests {
    @Test func servesMetricsHealthAdminRoutesAnd404() async throws {
        MetricsSetup.bootstrap()
        Counter(label: "cohort_test_events_total", dimensions: [("venue", "sim")]).increment(by: 3)
        let endpoint = HTTPEndpoint()
        endpoint.route(.POST, "/admin/echo") { body in .json("{\"echo\":\"\(body)\"}") }
        let port = try await endpoint.start(port: 0)
        defer { Task { await endpoint.stop() } }
        #expect(port > 0)

        let metrics = try await httpRequest(port: port, path: "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains(#"cohort_test_events_total{venue="sim"} 3"#))

        let health = try await httpRequest(port: port, path: "/healthz")
        #expect(health.status == 200 && health.body == #"{"status":"ok"}"#)

        let echo = try await httpRequest(port: port, method: "POST", path: "/admin/echo", body: "hi")
        #expect(echo.body == #"{"echo":"hi"}"#)

        #expect(try await httpRequest(port: port, path: "/nope").status == 404)
        #expect(try await httpRequest(port: port, method: "POST", path: "/metrics").status == 404)
    }

    @Test func refusesNonLoopbackAddresses() async {
        await #expect(throws: HTTPEndpointError.self) { _ = try await HTTPEndpoint().start(host: "0.0.0.0", port: 0) }
    }
}
