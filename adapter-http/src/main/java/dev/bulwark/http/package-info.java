/**
 * MCP Streamable HTTP on embedded Jetty 12: the server, its settings and its two modes, stateful and stateless.
 *
 * <p><b>{@link McpHttpServer}</b>: MCP over Streamable HTTP on an embedded Jetty 12, on Jetty core handlers:
 * Bulwark's own transports (the SDK keeps the protocol), a hardened edge and the operations endpoints. Build it,
 * hand its transport to an MCP server, start it:
 *
 * <pre>{@code
 * McpHttpServer http = McpHttpServer.create(settings, jsonMapper, health, metrics, new HttpMetrics(), ticker);
 * McpSyncServer server = bulwark.serve(http.sessionTransport());   // stateless: bulwark.serveStateless(http.statelessTransport())
 * http.start();
 * ...
 * http.startLeaving();                         // SIGTERM: /ready 503, requests still served
 * Thread.sleep(settings.drainDelay().toMillis()); // the load balancer takes the server out
 * http.startDraining();                        // new requests 503
 * if (!http.awaitInFlight(Duration.ofSeconds(20))) {  // the calls in flight complete
 *     http.cutOffInFlight();                   // or those still running are answered as cut off
 * }
 * server.closeGracefully();                    // sessions close
 * http.stop();
 * }</pre>
 *
 * <p>Every request to {@code /mcp} is one exchange (metrics, the end of its response) and passes the edge handlers
 * in the order {@link McpChain} declares: method, drain, Origin and Host, authentication (when on), protocol
 * version, media types, body size, sessions (stateful: the caps of the server, of a caller and of a client address,
 * and the session's owner), the scope challenge (when on); then the transport ({@code dev.bulwark.http.transport}).
 * Idle sessions are ended by a {@link dev.bulwark.http.session.SessionEvictor}. With authentication on, the RFC
 * 9728 protected resource metadata is served at {@code /.well-known/oauth-protected-resource} (and {@code .../mcp})
 * on the MCP port. {@code /health}, {@code /ready} and {@code /metrics} live on the management port (or on the MCP
 * port when configured so), outside the edge. The MCP port takes at most {@code maxConnections} connections, at
 * most {@code maxConnectionsPerAddress} of them from one client address (but a trusted proxy); every connection
 * closes after {@code idleTimeout} without traffic, which also bounds each read of a request, a request head must
 * arrive within {@code requestHeadTimeout} of its first byte, and a request body at {@value
 * McpHttpServer#MIN_REQUEST_DATA_RATE} bytes per second at least.
 *
 * <p>Thread-safe. The lifecycle methods are meant to be called from one thread: start, then drain, then stop.
 *
 * <p><b>{@link HttpSettings}</b>: an empty {@code allowedOrigins} allows only loopback origins ({@code localhost},
 * {@code 127.0.0.1}, {@code [::1]}, any port); a request without an {@code Origin} header always passes, and a
 * wildcard is never accepted. An empty {@code allowedHosts} accepts {@code localhost}, the loopback address of the IP
 * family the server listens on, and the bound host. An {@code initialize} over {@code maxSessions} or
 * {@code maxSessionsPerAddress} gets 503; {@code maxSessionsPerCaller} applies only with HTTP authentication on. A
 * connection over {@code maxConnections} waits in the accept queue; one over {@code maxConnectionsPerAddress} is
 * closed at once. A request head that has not arrived {@code requestHeadTimeout} after its first byte, however it
 * trickles in, closes its connection.
 *
 * <p><b>{@link McpChain}</b>: The MCP port's handlers, and the one place that decides the order of the edge. Every
 * request to {@code /mcp} opens an exchange ({@link ExchangeHandler}: metrics, the end of the response) and then
 * passes {@link McpChain#edge}, in this order, before the transport:
 *
 * <pre>
 * McpMethodHandler → DrainHandler → OriginHandler → [AuthenticationHandler] → ProtocolVersionHandler
 *                  → MediaTypeHandler → BodySizeHandler → BodyBudgetHandler → Era2026Handler
 *                  → [SessionHandler] → [ScopeChallengeHandler] → transport
 * </pre>
 *
 * <p>{@link dev.bulwark.http.transport.Era2026Handler} routes the requests of the 2026 era, once given the
 * core's entry point, to the scope challenge (with authentication on) and its own endpoint, without a session; the
 * protocol version check lets their versions pass to it. The bracketed handlers are there only with authentication
 * on (authentication, scope challenge) or in stateful mode (sessions). With authentication on, the RFC 9728 protected resource metadata is
 * served at {@code /.well-known/oauth-protected-resource} (and {@code .../mcp}), outside the edge. Every other path
 * answers 404 (405 for a method no path serves).
 *
 * <p>Thread-safe: immutable; each call builds new handlers.
 *
 * <p><b>{@link McpTransport}</b>: The MCP transport for the server's mode, on Jetty core handlers, and what goes
 * with it: in stateful mode the streamable transport (which reports its clients' cancellations itself), the
 * registry of its sessions and the evictor of idle ones; in stateless mode the stateless transport alone. The
 * caller (authenticated principal, or the configured one) goes into each request's transport context.
 *
 * <p>Immutable once built; its parts are thread-safe.
 *
 * <p><b>{@link JettyPorts}</b>: The embedded Jetty and its ports: the MCP port (at most {@code maxConnections}
 * connections, counted in {@code mcp_active_connections}) and, unless the operations endpoints share it, a
 * management port with threads of its own for {@code /health}, {@code /ready} and {@code /metrics}. In front of
 * every context, request bodies are read as they arrive and must arrive at {@link
 * McpHttpServer#MIN_REQUEST_DATA_RATE} bytes per second at least; every connection closes after {@code idleTimeout}
 * without traffic. On the MCP port, a request head must arrive within {@code requestHeadTimeout} ({@link
 * RequestHeadDeadline}), and one client address (but a trusted proxy's) holds at most {@code
 * maxConnectionsPerAddress} connections ({@link ConnectionsPerAddress}).
 *
 * <p>Thread-safe as Jetty is; {@link JettyPorts#start()} and {@link JettyPorts#stop()} are meant to be called from
 * one thread.
 *
 * <p><b>{@link Routes}</b>: The handlers of one port by exact path, and what answers every other path. A map lookup
 * per request, no request wrapper (Jetty's {@code PathMappingsHandler} wraps each request). Thread-safe once built:
 * paths are added before the server starts.
 *
 * <p><b>{@link PortUnavailableException}</b>: A port the HTTP server was given could not be opened: most often
 * another process listens on it. Says which of the server's ports it was, so a launcher can name the setting to
 * change. Immutable.
 *
 * <p><b>{@link ByConnector}</b>: Serves each of the two ports with its own handler, by the name of the connector a
 * request came on: the MCP port's and the management port's. Immutable and thread-safe.
 */
package dev.bulwark.http;
