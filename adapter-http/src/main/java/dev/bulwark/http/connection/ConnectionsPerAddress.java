package dev.bulwark.http.connection;

import dev.bulwark.http.auth.ClientAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.io.Connection;

/**
 * Lets one client address hold at most a set number of a connector's connections.
 */
public final class ConnectionsPerAddress implements Connection.Listener {

    private final int maxPerAddress;
    private final Predicate<InetAddress> exempt;
    private final Consumer<String> onRefused;
    private final Map<String, Integer> held = new ConcurrentHashMap<>();
    /** The address each counted connection is counted under. */
    private final Map<Connection, String> counted = new ConcurrentHashMap<>();

    /**
     * @param maxPerAddress connections one address may hold at most
     * @param exempt the addresses not limited (trusted proxies)
     * @param onRefused told the address (as counted) of each connection closed for being over the share (to count
     *     and log it)
     */
    public ConnectionsPerAddress(int maxPerAddress, Predicate<InetAddress> exempt, Consumer<String> onRefused) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("maxPerAddress must be at least 1, was " + maxPerAddress);
        }
        this.maxPerAddress = maxPerAddress;
        this.exempt = Objects.requireNonNull(exempt, "exempt");
        this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
    }

    @Override
    public void onOpened(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress inet)
                || inet.getAddress() == null
                || exempt.test(inet.getAddress())) {
            return;
        }
        String address = ClientAddresses.countedAs(inet.getAddress().getHostAddress());
        int now = held.merge(address, 1, Integer::sum);
        counted.put(connection, address);
        if (now > maxPerAddress) {
            connection.getEndPoint().close();
            onRefused.accept(address);
        }
    }

    /** The connections each address holds now, by the address as counted; a snapshot. */
    public Map<String, Integer> heldByAddress() {
        return Map.copyOf(held);
    }

    @Override
    public void onClosed(Connection connection) {
        String address = counted.remove(connection);
        if (address != null) {
            held.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        }
    }
}
