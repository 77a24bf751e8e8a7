/**
 * What one client may hold of the MCP port's connections, below HTTP requests: a request head that must arrive in
 * time however it trickles in, and a share of the connections per client address.
 *
 * <p><b>{@link RequestHeadDeadline}</b>: Closes a connection whose request head (request line and headers) has not
 * all arrived within a deadline of its first byte, however it trickles in: the idle timeout cannot, since every
 * byte restarts it, so a client sending a byte a second would hold its connection forever, and a few hundred such
 * clients every connection of the port.
 *
 * <p>Add it to a connector as a bean (it is the connector's {@link Connection.Listener}) and put {@link
 * RequestHeadDeadline#handler} in front of everything the connector serves. The handler marks a connection busy
 * from the moment Jetty hands it a request (its head is complete) until its response completes. A sweep, every
 * quarter of the deadline (at most every second), looks at the connections that are not busy: the first sweep that
 * finds bytes arrived since the last response completed (or since the connection opened) starts the head's clock,
 * and a sweep that finds the clock past the deadline closes the connection. So a head has between the deadline and
 * the deadline plus one sweep. A connection that sends nothing is left to the idle timeout. Thread-safe.
 *
 * <p><b>{@link ConnectionsPerAddress}</b>: Lets one client address hold at most a set number of a connector's
 * connections: a connection over it is closed as soon as it opens, so one client cannot take every connection of
 * the port (with a slow request head, say) and lock every other client out. The address is the connection's remote
 * address (an IPv6 one by its /64 network, as {@link ClientAddresses#countedAs} says): behind a proxy, every
 * connection has the proxy's, so the addresses of trusted proxies, whose connections carry many clients, are not
 * limited. Add it to the connector as a bean (it is the connector's {@link Connection.Listener}). Thread-safe.
 */
package dev.bulwark.http.connection;
