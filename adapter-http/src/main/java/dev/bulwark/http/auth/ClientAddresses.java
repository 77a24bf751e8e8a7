package dev.bulwark.http.auth;

import dev.bulwark.ports.security.AddressRange;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/**
 * Tells which client address a request comes from, believing {@code X-Forwarded-For} only from trusted proxies.
 */
public final class ClientAddresses {

    /** The header proxies append the address they received a request from to. */
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<AddressRange> trustedProxies;

    /**
     * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed; empty = only the connection's
     *     address counts
     */
    public ClientAddresses(List<AddressRange> trustedProxies) {
        this.trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
    }

    /** The client address of {@code request}, as an IP literal. */
    public String of(Request request) {
        String remote = Request.getRemoteAddr(request);
        if (trustedProxies.isEmpty()) {
            return remote; // no proxy is believed: its header is not even read
        }
        return of(remote, request.getHeaders().getValuesList(FORWARDED_FOR));
    }

    /** The client address of a request that came from {@code remote} with these {@code X-Forwarded-For} headers. */
    public String of(String remote, List<String> forwardedForHeaders) {
        if (trustedProxies.isEmpty() || !isTrusted(remote)) {
            return remote;
        }
        List<String> hops = forwardedFor(forwardedForHeaders);
        InetAddress nearest = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = AddressRange.parseAddress(hops.get(i));
            if (hop.isEmpty()) {
                return remote;
            }
            nearest = hop.get();
            if (!isTrusted(nearest)) {
                return nearest.getHostAddress();
            }
        }
        // Every hop is a trusted proxy: the request started inside the trusted network, at the leftmost one.
        return nearest == null ? remote : nearest.getHostAddress();
    }

    /**
     * What a client address is counted as wherever one address may hold only so much (failed authentications,
     * sessions, connections): itself for IPv4 (and anything that is not an IP literal), its /64 network for IPv6,
     * spelled one way whatever way the address was written. A single host usually holds a whole /64 and can pick
     * any source address in it.
     */
    public static String countedAs(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address; // IPv4: no parsing on the request path
        }
        return AddressRange.parseAddress(address)
                .filter(Inet6Address.class::isInstance)
                .map(ClientAddresses::slash64)
                .orElse(address);
    }

    private static String slash64(InetAddress address) {
        byte[] network = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(network, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException impossible) { // 16 bytes are always an IPv6 address
            throw new IllegalStateException(impossible);
        }
    }

    private boolean isTrusted(String literal) {
        return AddressRange.parseAddress(literal).map(this::isTrusted).orElse(false);
    }

    private boolean isTrusted(InetAddress address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Every entry of every {@code X-Forwarded-For} header, in order: the client's first, the nearest proxy's last. */
    private static List<String> forwardedFor(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        return hops;
    }
}
