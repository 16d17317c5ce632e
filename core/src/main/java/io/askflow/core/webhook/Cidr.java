package io.askflow.core.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of IP addresses, {@code 10.0.0.0/8} or {@code fc00::/7}.
 *
 * @param network the block's first address, as bytes (4 for IPv4, 16 for IPv6)
 * @param prefix  how many leading bits every address of the block shares
 */
public record Cidr(byte[] network, int prefix) {

    public Cidr {
        network = network.clone();
        if (network.length != 4 && network.length != 16 || prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("not an IP block: " + network.length + " bytes, /" + prefix);
        }
    }

    /**
     * Parses {@code address/prefix} ({@code /prefix} omitted: the one address). Only literal addresses are
     * accepted, never a host name (no lookup happens).
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text.strip() : text.substring(0, slash).strip();
        if (address.isEmpty() || !(address.indexOf(':') >= 0 || Character.digit(address.charAt(0), 16) >= 0)) {
            throw new IllegalArgumentException("not an IP address or block: \"" + text + "\"");
        }
        byte[] bytes = literal(address, text);
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1).strip());
        return new Cidr(bytes, prefix);
    }

    private static byte[] literal(String address, String text) {
        if (!address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw new IllegalArgumentException("not an IP address or block: \"" + text + "\"");
        }
        try {
            return InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or block: \"" + text + "\"", e);
        }
    }

    /** Whether {@code address} is in this block (an IPv4 address is never in an IPv6 block, nor the reverse). */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && prefix == cidr.prefix && Arrays.equals(network, cidr.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
