package dev.bulwark.http.connection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Connection;

/**
 * Lets one client address hold at most a set number of a connector's connections: a connection over it is closed as
 * soon as it opens, so one client cannot take every connection of the port (with a slow request head, say) and lock
 * every other client out. The address is the connection's remote address: behind a proxy, every connection has the
 * proxy's. Add it to the connector as a bean (it is the connector's {@link Connection.Listener}). Thread-safe.
 */
public final class ConnectionsPerAddress implements Connection.Listener {

    private final int maxPerAddress;
    private final Consumer<InetAddress> onRefused;
    private final Map<InetAddress, Integer> held = new ConcurrentHashMap<>();
    /** The address each counted connection is counted under. */
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    /**
     * @param maxPerAddress connections one address may hold at most
     * @param onRefused told the address of each connection closed for being over the share (to count and log it)
     */
    public ConnectionsPerAddress(int maxPerAddress, Consumer<InetAddress> onRefused) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("maxPerAddress must be at least 1, was " + maxPerAddress);
        }
        this.maxPerAddress = maxPerAddress;
        this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = addressOf(connection.getEndPoint().getRemoteSocketAddress());
        if (address == null) {
            return;
        }
        int now = held.merge(address, 1, Integer::sum);
        counted.put(connection, address);
        if (now > maxPerAddress) {
            connection.getEndPoint().close();
            onRefused.accept(address);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = counted.remove(connection);
        if (address != null) {
            held.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** Connections {@code address} holds now. */
    public int heldBy(InetAddress address) {
        return held.getOrDefault(address, 0);
    }

    private static InetAddress addressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
