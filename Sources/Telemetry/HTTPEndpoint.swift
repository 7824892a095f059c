import Synchronization
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP response from a route: a status and a body with its content type.
public struct HTTPReply: Sendable {
    public var status: HTTPResponseStatus
    public var contentType: String
    public var body: String

    public init(status: HTTPResponseStatus = .ok, contentType: String = "application/json", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    public static func json(_ body: String, status: HTTPResponseStatus = .ok) -> HTTPReply {
        HTTPReply(status: status, body: body)
    }
}

/// Routes by method and exact path. `/metrics` and `/healthz` are built in; the engine adds its
/// admin routes (status, strategies, reload, pause, kill switch) with ``HTTPEndpoint/route``.
public typealias HTTPRouteHandler = @Sendable (_ body: String) async -> HTTPReply

/// The operations endpoint: Prometheus metrics, health and admin routes, on loopback only.
public final class HTTPEndpoint: Sendable {
    /// Built-in routes answered directly on the event loop: a scrape never waits for the
    /// concurrency pool, however busy it is.
    private let immediate: [String: @Sendable () -> HTTPReply] = [
        "GET /metrics": { HTTPReply(contentType: "text/plain; version=0.0.4", body: MetricsSetup.render()) },
        "GET /healthz": { .json(#"{"status":"ok"}"#) },
    ]
    private let routes: Mutex<[String: HTTPRouteHandler]>
    private let channel: Mutex<Channel?>
    private let group: MultiThreadedEventLoopGroup

    public init() {
        routes = Mutex([:])
        channel = Mutex(nil)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    func immediateReply(method: HTTPMethod, path: String) -> HTTPReply? {
        immediate["\(method.rawValue) \(path)"]?()
    }

    /// Adds or replaces a route (answered on a task; `/metrics` and `/healthz` are built in).
    public func route(_ method: HTTPMethod, _ path: String, _ handler: @escaping HTTPRouteHandler) {
        routes.withLock { $0["\(method.rawValue) \(path)"] = handler }
    }

    func handler(method: HTTPMethod, path: String) -> HTTPRouteHandler? {
        routes.withLock { $0["\(method.rawValue) \(path)"] }
    }

    /// Binds to `host:port` (port 0 picks a free port) and returns the bound port. Only loopback
    /// addresses are accepted: the endpoint has no authentication.
    public func start(host: String = "127.0.0.1", port: Int) async throws -> Int {
        guard host == "127.0.0.1" || host == "::1" || host == "localhost" else {
            throw HTTPEndpointError(message: "metrics/admin endpoint must listen on loopback, not \(host)")
        }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(RequestHandler(endpoint: self))
                }
            }
        let bound: Channel
        do {
            bound = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw HTTPEndpointError(message: "cannot listen on \(host):\(port): \(error)")
        }
        channel.withLock { $0 = bound }
        return bound.localAddress?.port ?? port
    }

    public func stop() async {
        let bound = channel.withLock { value -> Channel? in
            defer { value = nil }
            return value
        }
        try? await bound?.close()
        try? await group.shutdownGracefully()
    }
}

public struct HTTPEndpointError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// One connection: collects a request, runs its route, writes the reply (keep-alive aware).
private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    // Touched only on the channel's event loop.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let endpoint: HTTPEndpoint
    var head: HTTPRequestHead?
    var body = ""

    init(endpoint: HTTPEndpoint) { self.endpoint = endpoint }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            head = request
            body = ""
        case .body(var buffer):
            if body.utf8.count < 1 << 20 { body += buffer.readString(length: buffer.readableBytes) ?? "" }
        case .end:
            guard let request = head else { return }
            head = nil
            let path = String(request.uri.split(separator: "?", maxSplits: 1).first ?? "")
            if let reply = endpoint.immediateReply(method: request.method, path: path) {
                write(reply, keepAlive: request.isKeepAlive, context: context)
                return
            }
            let handler = endpoint.handler(method: request.method, path: path)
            let requestBody = body
            let loop = context.eventLoop
            let contextBox = NIOLoopBound(context, eventLoop: loop)
            Task {
                let reply = await handler?(requestBody)
                    ?? .json(#"{"error":"not found"}"#, status: .notFound)
                loop.execute { self.write(reply, keepAlive: request.isKeepAlive, context: contextBox.value) }
            }
        }
    }

    func write(_ reply: HTTPReply, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: reply.contentType)
        headers.add(name: "Content-Length", value: String(reply.body.utf8.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: reply.status, headers: headers))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: reply.body.utf8.count)
        buffer.writeString(reply.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }
}
