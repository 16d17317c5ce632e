package io.askflow.core.webhook;

import io.askflow.core.webhook.ReceiverAddresses.RefusedReceiverException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceiverAddressesTest {

    /** A resolver that knows a few names, as DNS would answer them, and nothing else. */
    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.com", List.of("93.184.216.34"),
            "internal.example.com", List.of("10.0.0.5"),
            "metadata.example.com", List.of("169.254.169.254"),
            "split.example.com", List.of("93.184.216.34", "192.168.1.7"),
            "v6.example.com", List.of("2606:4700:4700::1111"),
            "ula.example.com", List.of("fd00::1"),
            "receiver.test", List.of("127.0.0.1"));

    private static final ReceiverAddresses.Resolver FAKE = host -> {
        List<String> answers = DNS.get(host);
        if (answers == null) {
            throw new UnknownHostException(host + ": no such host");
        }
        InetAddress[] addresses = new InetAddress[answers.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = InetAddress.getByName(answers.get(i)); // literals: no lookup
        }
        return addresses;
    };

    private final ReceiverAddresses guard = new ReceiverAddresses(List.of(), FAKE);

    @ParameterizedTest(name = "{0} refused at submit: {1}")
    @CsvSource(delimiter = '|', value = {
        "ftp://hooks.example.com/x            | must be an http or https URL",
        "file:///etc/passwd                   | must be an http or https URL",
        "gopher://hooks.example.com/          | must be an http or https URL",
        "hooks.example.com/no-scheme          | must be an http or https URL",
        "https://user:secret@hooks.example.com/ | must not carry a user name",
        "http:///no-host                      | has no host",
        "http://localhost:8080/               | localhost is a loopback address",
        "http://LOCALHOST./                   | localhost is a loopback address",
        "http://api.localhost/                | localhost is a loopback address",
        "http://127.0.0.1/                    | loopback",
        "http://127.255.1.2:9000/             | loopback",
        "http://2130706433/                   | loopback",
        "http://10.1.2.3/                     | private",
        "http://172.16.0.1/                   | private",
        "http://192.168.1.1/                  | private",
        "http://169.254.169.254/latest/meta-data/ | link-local (cloud metadata)",
        "http://100.64.1.1/                   | carrier-grade NAT",
        "http://224.0.0.1/                    | multicast",
        "http://255.255.255.255/              | reserved or broadcast",
        "http://0.0.0.0/                      | unspecified",
        "http://0/                            | unspecified",
        "http://[::1]/                        | IPv6 loopback",
        "http://[::]/                         | unspecified IPv6",
        "http://[fd00::1]/                    | IPv6 unique local (ULA)",
        "http://[fe80::1]/                    | IPv6 link-local",
        "http://[ff02::1]/                    | IPv6 multicast",
        "http://[::ffff:127.0.0.1]/           | loopback",
        "http://[::ffff:10.0.0.5]/            | private",
        "http://[::127.0.0.1]/                | loopback",
        "http://[64:ff9b::7f00:1]/            | loopback",
        "http://[64:ff9b::a9fe:a9fe]/         | link-local (cloud metadata)",
    })
    void shouldRefuseAClearlyBadUrlAtSubmit(String url, String reason) {
        assertThat(guard.problemAtSubmit(url)).hasValueSatisfying(problem -> assertThat(problem).contains(reason));
        assertThatThrownBy(() -> guard.resolve(url)).isInstanceOf(RefusedReceiverException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/a?b=c", "http://93.184.216.34:8080/",
        "https://[2606:4700:4700::1111]/", "http://[64:ff9b::5db8:d822]/", "https://internal.example.com/"})
    void shouldLeaveAPublicOrNamedReceiverToTheDeliveryCheck(String url) {
        assertThat(guard.problemAtSubmit(url)).isEmpty();
    }

    @ParameterizedTest(name = "{0} resolves to {1}")
    @CsvSource(delimiter = '|', value = {
        "https://internal.example.com/hook | 10.0.0.5, a private address (10.0.0.0/8)",
        "https://metadata.example.com/     | 169.254.169.254, a link-local (cloud metadata) address",
        "https://split.example.com/        | 192.168.1.7, a private address",
        "https://ula.example.com/          | fd00:0:0:0:0:0:0:1, a IPv6 unique local (ULA) address",
        "https://receiver.test/            | 127.0.0.1, a loopback address",
    })
    void shouldRefuseAHostThatResolvesToAForbiddenAddress(String url, String reason) {
        assertThat(guard.problemAtSubmit(url)).isEmpty();
        assertThatThrownBy(() -> guard.resolve(url)).isInstanceOf(RefusedReceiverException.class)
                .hasMessageContaining("resolves to " + reason);
    }

    @Test
    void shouldReturnTheCheckedAddressToConnectTo() throws Exception {
        assertThat(guard.resolve("https://hooks.example.com/x").getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(guard.resolve("https://v6.example.com/x").getHostAddress()).isEqualTo("2606:4700:4700:0:0:0:0:1111");
        assertThat(guard.resolve("http://93.184.216.34:8080/").getHostAddress()).isEqualTo("93.184.216.34");
    }

    @Test
    void shouldRefuseAHostThatDoesNotResolve() {
        assertThatThrownBy(() -> guard.resolve("https://nowhere.example.com/"))
                .isInstanceOfSatisfying(RefusedReceiverException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("does not resolve");
        assertThatThrownBy(() -> guard.resolve("https://internal.example.com/"))
                .isInstanceOfSatisfying(RefusedReceiverException.class, e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void shouldLetAnAllowedNetworkThrough() throws Exception {
        ReceiverAddresses local = new ReceiverAddresses(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("fd00::/8")),
                FAKE);

        assertThat(local.problemAtSubmit("http://localhost:8080/")).isEmpty();
        assertThat(local.problemAtSubmit("http://127.0.0.1:8080/")).isEmpty();
        assertThat(local.problemAtSubmit("http://[::ffff:127.0.0.1]:8080/")).isEmpty();
        assertThat(local.resolve("https://receiver.test/").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(local.resolve("https://ula.example.com/").getHostAddress()).isEqualTo("fd00:0:0:0:0:0:0:1");
        assertThat(local.problemAtSubmit("http://[::1]/")).as("IPv6 loopback is not in 127.0.0.0/8").isPresent();
        assertThatThrownBy(() -> local.resolve("https://internal.example.com/"))
                .isInstanceOf(RefusedReceiverException.class);
    }

    @Test
    void shouldParseBlocksAndRefuseNames() {
        assertThat(Cidr.parse("10.0.0.0/8").contains(new byte[] {10, 9, 8, 7})).isTrue();
        assertThat(Cidr.parse("100.64.0.0/10").contains(new byte[] {100, (byte) 128, 0, 1})).isFalse();
        assertThat(Cidr.parse("::1").toString()).isEqualTo("0:0:0:0:0:0:0:1/128");
        assertThatThrownBy(() -> Cidr.parse("localhost/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
