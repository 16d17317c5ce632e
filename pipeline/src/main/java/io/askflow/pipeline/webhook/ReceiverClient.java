package io.askflow.pipeline.webhook;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP/1.1 POST to a receiver, over a connection to the address the guard checked: the socket connects to that
 * {@link InetAddress} (no second look-up, so DNS rebinding cannot send it elsewhere), while the request names the
 * URL's host ({@code Host} header) and, for https, TLS sends it as SNI and checks the certificate against it (endpoint
 * identification "HTTPS"), exactly as a client resolving the name itself would. docs/adr/0008 says why this is not
 * {@code java.net.http.HttpClient} (no resolver of one's own on Java 17, and a restricted {@code Host} header).
 *
 * <p>A response is read up to the end of its headers: the status is all a delivery needs (and a redirect's
 * {@code Location}, which is never followed, and {@code Retry-After}); the body is not read, the connection is closed
 * ({@code Connection: close}). The whole attempt, connect, TLS handshake, request and response head, has one deadline.
 */
final class ReceiverClient {

    /** The head of a receiver's answer: status, reason and headers (names in lower case). */
    record Response(int status, String reason, Map<String, String> headers) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEAD = 64 * 1024;

    private final SSLSocketFactory tls;

    ReceiverClient(SSLSocketFactory tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /** A client with the JDK's default trust store. */
    static ReceiverClient withDefaultTrust() {
        return new ReceiverClient((SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /**
     * POSTs {@code body} to {@code url} over a connection to {@code address}.
     *
     * @param headers headers beside Host, Content-Length and Connection, which this sets
     * @throws SocketTimeoutException when the deadline passes
     * @throws IOException            when the connection fails or the answer is not HTTP
     */
    Response post(URI url, InetAddress address, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
        try (Socket plain = new Socket()) {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(address, port), remainingMillis(deadline, timeout));
            try (Socket socket = https ? secure(plain, url, port, deadline, timeout) : plain) {
                socket.setSoTimeout(remainingMillis(deadline, timeout));
                OutputStream out = socket.getOutputStream();
                out.write(head(url, headers, body.length));
                out.write(body);
                out.flush();
                return read(new BufferedInputStream(socket.getInputStream()), socket, deadline, timeout);
            }
        }
    }

    private SSLSocket secure(Socket plain, URI url, int port, long deadline, Duration timeout) throws IOException {
        String host = bare(url.getHost());
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the URL's host
        if (!isLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(remainingMillis(deadline, timeout));
        socket.startHandshake();
        return socket;
    }

    private static byte[] head(URI url, Map<String, String> headers, int length) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        StringBuilder head = new StringBuilder(512).append("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(url.getPort() >= 0 ? ":" + url.getPort() : "")
                .append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Response read(InputStream in, Socket socket, long deadline, Duration timeout) throws IOException {
        int size = 0;
        while (true) {
            String statusLine = line(in, socket, deadline, timeout);
            size += statusLine.length();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
                throw new IOException("not an HTTP answer: \"" + abbreviate(statusLine) + "\"");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: \"" + abbreviate(statusLine) + "\"", e);
            }
            Map<String, String> headers = new HashMap<>();
            for (String line = line(in, socket, deadline, timeout); !line.isEmpty();
                 line = line(in, socket, deadline, timeout)) {
                size += line.length();
                if (size > MAX_HEAD) {
                    throw new IOException("the answer's headers exceed " + MAX_HEAD + " bytes");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).strip());
                }
            }
            if (status >= 200 || status < 100) {
                return new Response(status, parts.length > 2 ? parts[2] : "", Map.copyOf(headers));
            } // 1xx: an interim answer, the final one follows
        }
    }

    /** One header line without its CRLF, each read within what is left of the deadline. */
    private static String line(InputStream in, Socket socket, long deadline, Duration timeout) throws IOException {
        socket.setSoTimeout(remainingMillis(deadline, timeout));
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the receiver closed the connection before its answer was complete");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > MAX_LINE) {
                throw new IOException("a line of the answer exceeds " + MAX_LINE + " bytes");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("no complete answer within " + timeout.toMillis() + " ms");
            }
        }
    }

    private static int remainingMillis(long deadline, Duration timeout) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("no complete answer within " + timeout.toMillis() + " ms");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
