package dev.bulwark.ports.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A range of IP addresses in CIDR notation, or one address, parsed without DNS. Immutable.
 */
public final class AddressRange {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Hex digits and colons, with an optional dotted IPv4 tail: what an IPv6 literal may contain. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:]*(\\d{1,3}(\\.\\d{1,3}){3})?");

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * The range {@code text} names: an IP address, or an address and a prefix length ({@code 192.168.0.0/16}).
     *
     * @throws IllegalArgumentException naming {@code text} when it is not an IP literal (host names are refused),
     *     its prefix length is out of range, or the address has bits set past the prefix ({@code 10.0.0.1/8}: a
     *     typo more often than not)
     */
    public static AddressRange parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = parseAddress(addressPart)
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + trimmed + "' is not an IP address or CIDR range (such as 10.0.0.0/8 or 2001:db8::/32);"
                                + " host names are not accepted"));
        byte[] bytes = address.getAddress();
        int maxPrefix = bytes.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            String prefixPart = trimmed.substring(slash + 1);
            if (!prefixPart.matches("\\d{1,3}") || Integer.parseInt(prefixPart) > maxPrefix) {
                throw new IllegalArgumentException(
                        "'" + trimmed + "' has an invalid prefix length: it must be 0-" + maxPrefix);
            }
            prefix = Integer.parseInt(prefixPart);
        }
        byte[] network = masked(bytes, prefix);
        if (!Arrays.equals(network, bytes)) {
            throw new IllegalArgumentException("'" + trimmed + "' has address bits set past its /" + prefix
                    + " prefix; did you mean " + format(network, prefix) + "?");
        }
        return new AddressRange(network, prefix, format(network, prefix));
    }

    /**
     * The address {@code text} spells as an IP literal ({@code 203.0.113.7}, {@code 2001:db8::1},
     * {@code [2001:db8::1]}), without asking DNS; empty for anything else, host names included.
     */
    public static Optional<InetAddress> parseAddress(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = text.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        // Only strings that the JDK reads as literals reach getByName, so it never resolves a name.
        boolean ipv4 = IPV4.matcher(literal).matches();
        if (ipv4 ? !octetsInRange(literal) : !IPV6.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} lies in this range (an IPv4 address never lies in an IPv6 range, nor the reverse). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(masked(bytes, prefixLength), network);
    }

    /** The prefix length: 32 or 128 for a single address. */
    public int prefixLength() {
        return prefixLength;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The canonical form, {@code network/prefix}: {@code 10.0.0.0/8}, {@code 2001:db8:0:0:0:0:0:0/32}. */
    @Override
    public String toString() {
        return text;
    }

    private static boolean octetsInRange(String dotted) {
        for (String octet : dotted.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int bitsKept = Math.max(0, Math.min(8, prefix - i * 8));
            result[i] &= (byte) (0xFF << (8 - bitsKept));
        }
        return result;
    }

    private static String format(byte[] network, int prefix) {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }
}
