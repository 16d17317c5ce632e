package io.askflow.workers.ollama;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback relay for one Ollama call, so that the watchdog of {@link Ollama4jClient} can cut the call's
 * connection. ollama4j builds its {@code HttpClient} inside each call and keeps it to itself, and on JDK 17 an
 * interrupt does not stop a thread reading a response body (the JDK's body stream swallows it and waits again),
 * so the only way to end a stalled call is to end its connection. The relay opens the connection to the host
 * itself (so a refused connection fails before the call starts), listens on a loopback port for ollama4j's one
 * connection, copies bytes both ways (the request's {@code Host} header set back to the host's) and, when
 * closed, closes both sockets: the client then sees its connection end and its thread returns. Every thread of
 * the relay (one accepting and copying the request, one copying the answer) ends when it is closed.
 */
final class CallRelay implements Closeable {

    private static final AtomicLong RELAYS = new AtomicLong();
    private static final int MAX_HEAD = 64 * 1024;

    private final Socket upstream;
    private final ServerSocket server;
    private final String hostHeader;
    private final String path;
    private final String name;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private CallRelay(Socket upstream, ServerSocket server, String hostHeader, String path) {
        this.upstream = upstream;
        this.server = server;
        this.hostHeader = hostHeader;
        this.path = path;
        this.name = "askflow-ollama-relay-" + RELAYS.incrementAndGet();
        sockets.add(upstream);
    }

    /** Whether calls to {@code baseUrl} can be relayed: plain HTTP only (TLS would not survive the relay). */
    static boolean supports(URI baseUrl) {
        return "http".equalsIgnoreCase(baseUrl.getScheme()) && baseUrl.getHost() != null;
    }

    /**
     * Connects to the host of {@code baseUrl} and starts listening for the client.
     *
     * @throws IOException when the host cannot be reached within {@code connectTimeout}
     */
    static CallRelay open(URI baseUrl, Duration connectTimeout) throws IOException {
        int port = baseUrl.getPort() == -1 ? 80 : baseUrl.getPort();
        Socket upstream = new Socket();
        try {
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(baseUrl.getHost(), port),
                    (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
            ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            String hostHeader = baseUrl.getHost() + (baseUrl.getPort() == -1 ? "" : ":" + port);
            CallRelay relay = new CallRelay(upstream, server, hostHeader, baseUrl.getRawPath() == null ? ""
                    : baseUrl.getRawPath());
            relay.start();
            return relay;
        } catch (IOException | RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    /** The base URL the client calls instead of the host's. */
    String baseUrl() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + path;
    }

    private void start() {
        Thread thread = new Thread(this::acceptAndRelayRequest, name + "-request");
        thread.setDaemon(true);
        thread.start();
    }

    private void acceptAndRelayRequest() {
        try {
            Socket client = server.accept();
            sockets.add(client);
            server.close();
            if (closed) {
                return;
            }
            client.setTcpNoDelay(true);
            Thread answer = new Thread(() -> copy(upstream, client), name + "-answer");
            answer.setDaemon(true);
            answer.start();
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            out.write(withHostHeader(readHead(in)));
            out.flush();
            in.transferTo(out);
        } catch (IOException e) {
            // the relay was closed, or a side hung up
        } finally {
            close();
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // the relay was closed, or a side hung up
        }
        try {
            to.shutdownOutput();
        } catch (IOException e) {
            // already closed
        }
    }

    /** The request line and headers, up to and with the blank line. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4 && head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            boolean expected = b == (matched % 2 == 0 ? '\r' : '\n');
            matched = expected ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private byte[] withHostHeader(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String replaced = text.replaceFirst("(?im)^host:[^\\r\\n]*", "Host: " + hostHeader);
        return replaced.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Closes both connections and the listening socket; the relay's threads and the client's call end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Closeable socket : sockets) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
