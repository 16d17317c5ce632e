package io.askflow.core.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The guard against server-side request forgery: a webhook may only reach a public address. Refused: any scheme
 * but http and https, user info in the URL, and every address in a block of {@link #FORBIDDEN} (loopback,
 * private, link-local with the cloud metadata address, CGNAT, multicast, unspecified, broadcast, IPv6 loopback,
 * ULA and link-local, and the IPv4-mapped, IPv4-compatible and NAT64 forms of IPv4 addresses), unless an
 * allowed block ({@code askflow.webhooks.allowed-networks}, e.g. {@code 127.0.0.0/8} for a local receiver)
 * contains it.
 *
 * <p>Two checks: {@link #problemAtSubmit} without any lookup (the URL is clearly bad: a refused scheme, a literal
 * forbidden address, {@code localhost}), and {@link #resolve} at delivery, which resolves the host, checks every
 * address it has, and returns the one to connect to, so that no second lookup can answer otherwise (DNS
 * rebinding).
 */
public final class ReceiverAddresses {

    /** The blocks no webhook may reach unless allowed, with what they are. */
    public static final Map<Cidr, String> FORBIDDEN = forbidden();

    private final List<Cidr> allowed;
    private final Resolver resolver;

    /** Looks up a host's addresses; the JDK's resolver, replaced in tests. */
    @FunctionalInterface
    public interface Resolver {

        /** The system resolver. */
        Resolver SYSTEM = InetAddress::getAllByName;

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A receiver that may not be reached, and why. */
    public static final class RefusedReceiverException extends Exception {

        private final boolean retryable;

        /** A refusal no later look-up can change (a forbidden scheme or address). */
        public RefusedReceiverException(String message) {
            this(message, false);
        }

        /**
         * @param retryable whether a later look-up may answer otherwise (the host did not resolve: DNS may be down,
         *                  or the name not published yet), so that a delivery tries again instead of failing
         */
        public RefusedReceiverException(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        /** Whether a later look-up may answer otherwise. */
        public boolean retryable() {
            return retryable;
        }
    }

    /**
     * @param allowed  blocks a receiver may be in although they are forbidden, e.g. {@code 127.0.0.0/8}
     * @param resolver how host names are looked up
     */
    public ReceiverAddresses(List<Cidr> allowed, Resolver resolver) {
        this.allowed = List.copyOf(allowed);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Public addresses only, the system resolver. */
    public static ReceiverAddresses publicOnly() {
        return new ReceiverAddresses(List.of(), Resolver.SYSTEM);
    }

    /** The blocks allowed despite being forbidden. */
    public List<Cidr> allowed() {
        return allowed;
    }

    /**
     * What is clearly wrong with {@code url} without resolving it, for a 400 at submit; empty when nothing is (the
     * delivery checks again, with the host's addresses).
     */
    public Optional<String> problemAtSubmit(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL, was \"" + (scheme.isEmpty() ? url : scheme + ":") + "\"");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("has no host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password; sign-in is the signature's job");
        }
        String host = withoutTrailingDots(uri.getHost().toLowerCase(Locale.ROOT));
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return refusedUnlessAllowed(loopback(), "localhost");
        }
        return literal(host).flatMap(address -> forbiddenBlock(address.getAddress())
                .map(what -> host + " is " + what + "; " + ADVICE));
    }

    /**
     * Resolves the receiver's host and checks every address it has.
     *
     * @return the address to connect to (the first one resolved), never one that was not checked
     * @throws RefusedReceiverException when the URL is clearly bad, the host cannot be resolved, or any of its
     *                                  addresses is forbidden and not allowed
     */
    public InetAddress resolve(String url) throws RefusedReceiverException {
        Optional<String> problem = problemAtSubmit(url);
        if (problem.isPresent()) {
            throw new RefusedReceiverException("the webhook URL " + problem.get());
        }
        String host = URI.create(url).getHost();
        Optional<InetAddress> literal = literal(host);
        InetAddress[] addresses;
        try {
            addresses = literal.isPresent() ? new InetAddress[] {literal.get()} // a literal is not looked up
                    : resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new RefusedReceiverException("the webhook host " + host + " does not resolve: " + e.getMessage(),
                    true);
        }
        for (InetAddress address : addresses) {
            Optional<String> what = forbiddenBlock(address.getAddress());
            if (what.isPresent()) {
                throw new RefusedReceiverException("the webhook host " + host + " resolves to " + address.getHostAddress()
                        + ", " + what.get() + "; " + ADVICE);
            }
        }
        if (addresses.length == 0) {
            throw new RefusedReceiverException("the webhook host " + host + " has no address");
        }
        return addresses[0];
    }

    private static final String ADVICE = "webhooks go to public addresses only (allow a local receiver with"
            + " askflow.webhooks.allowed-networks)";

    /** What forbidden block holds {@code address} and is not allowed, or empty. */
    Optional<String> forbiddenBlock(byte[] address) {
        byte[] plain = embeddedIpv4(address).orElse(address);
        if (allowed.stream().anyMatch(block -> block.contains(plain) || block.contains(address))) {
            return Optional.empty();
        }
        // the address's own block first (::1 is IPv6 loopback), then the block of the IPv4 address inside it
        return blockOf(address).or(() -> blockOf(plain))
                .map(entry -> "a " + entry.getValue() + " address (" + entry.getKey() + ")");
    }

    private static Optional<Map.Entry<Cidr, String>> blockOf(byte[] address) {
        return FORBIDDEN.entrySet().stream().filter(entry -> entry.getKey().contains(address)).findFirst();
    }

    /** {@code localhost.} is {@code localhost}: a fully qualified name ends in a dot. */
    private static String withoutTrailingDots(String host) {
        String bare = host;
        while (bare.length() > 1 && bare.endsWith(".")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        return bare;
    }

    private Optional<String> refusedUnlessAllowed(byte[] address, String host) {
        return forbiddenBlock(address).map(what -> host + " is " + what + "; " + ADVICE);
    }

    private static byte[] loopback() {
        return new byte[] {127, 0, 0, 1};
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64 address. */
    private static Optional<byte[]> embeddedIpv4(byte[] address) {
        if (address.length != 16) {
            return Optional.empty();
        }
        boolean mapped = allZero(address, 0, 10) && address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
        boolean compatible = allZero(address, 0, 12) && !allZero(address, 12, 16);
        boolean nat64 = address[0] == 0 && address[1] == 0x64 && address[2] == (byte) 0xFF && address[3] == (byte) 0x9B
                && allZero(address, 4, 12);
        return mapped || compatible || nat64 ? Optional.of(Arrays.copyOfRange(address, 12, 16)) : Optional.empty();
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A literal IP host ({@code 10.0.0.1}, {@code [::1]}), or empty for a name. */
    private static Optional<InetAddress> literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv6 = bare.indexOf(':') >= 0;
        boolean ipv4 = bare.chars().allMatch(c -> Character.isDigit(c) || c == '.') && !bare.isEmpty();
        if (!ipv6 && !ipv4) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare)); // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** In a fixed order, so that an address in two blocks is always named by the same one. */
    private static Map<Cidr, String> forbidden() {
        Map<Cidr, String> blocks = new LinkedHashMap<>();
        for (Map.Entry<Cidr, String> entry : List.of(
                Map.entry(Cidr.parse("0.0.0.0/8"), "unspecified (\"this network\")"),
                Map.entry(Cidr.parse("10.0.0.0/8"), "private"),
                Map.entry(Cidr.parse("100.64.0.0/10"), "carrier-grade NAT (shared)"),
                Map.entry(Cidr.parse("127.0.0.0/8"), "loopback"),
                Map.entry(Cidr.parse("169.254.0.0/16"), "link-local (cloud metadata)"),
                Map.entry(Cidr.parse("172.16.0.0/12"), "private"),
                Map.entry(Cidr.parse("192.0.0.0/24"), "IETF protocol assignment"),
                Map.entry(Cidr.parse("192.168.0.0/16"), "private"),
                Map.entry(Cidr.parse("198.18.0.0/15"), "benchmarking"),
                Map.entry(Cidr.parse("224.0.0.0/4"), "multicast"),
                Map.entry(Cidr.parse("240.0.0.0/4"), "reserved or broadcast"),
                Map.entry(Cidr.parse("::/128"), "unspecified IPv6"),
                Map.entry(Cidr.parse("::1/128"), "IPv6 loopback"),
                Map.entry(Cidr.parse("fc00::/7"), "IPv6 unique local (ULA)"),
                Map.entry(Cidr.parse("fe80::/10"), "IPv6 link-local"),
                Map.entry(Cidr.parse("ff00::/8"), "IPv6 multicast"))) {
            blocks.put(entry.getKey(), entry.getValue());
        }
        return Collections.unmodifiableMap(blocks);
    }
}
