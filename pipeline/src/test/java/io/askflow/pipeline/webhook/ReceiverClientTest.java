package io.askflow.pipeline.webhook;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * https to the checked address: the connection goes to 127.0.0.1 while TLS checks the certificate against the URL's
 * host name, which the address never appears in (a certificate for {@code receiver.test} only).
 */
class ReceiverClientTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path directory;

    private static HttpsServer server;
    private static SSLContext clientContext;
    private static final List<String> HOSTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path keys = directory.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=receiver.test", "-ext", "SAN=dns:receiver.test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, PASSWORD);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("receiver", store.getCertificate("receiver"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                HOSTS.add(exchange.getRequestHeaders().getFirst("Host"));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void shouldCheckTheCertificateAgainstTheHostNameWhileConnectingToTheCheckedAddress() throws Exception {
        ReceiverClient client = new ReceiverClient(clientContext.getSocketFactory());
        int port = server.getAddress().getPort();

        ReceiverClient.Response response = client.post(URI.create("https://receiver.test:" + port + "/hook"),
                InetAddress.getLoopbackAddress(), Map.of("webhook-id", "msg_tls"),
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));

        assertThat(response.status()).isEqualTo(204);
        assertThat(HOSTS).contains("receiver.test:" + port);
        assertThatThrownBy(() -> client.post(URI.create("https://other.test:" + port + "/hook"),
                InetAddress.getLoopbackAddress(), Map.of(), new byte[0], Duration.ofSeconds(10)))
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> client.post(URI.create("https://127.0.0.1:" + port + "/hook"),
                InetAddress.getLoopbackAddress(), Map.of(), new byte[0], Duration.ofSeconds(10)))
                .as("the certificate does not name the address").isInstanceOf(SSLHandshakeException.class);
    }
}
