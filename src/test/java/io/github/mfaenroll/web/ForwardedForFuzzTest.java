package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever {@code X-Forwarded-For} lines arrive and however many proxies are trusted, {@link ForwardedFor} answers
 * with nothing (the socket peer stays the client) or an IP literal in canonical form that the JDK reads as the same
 * address; it never throws, and nothing a client puts in front of the proxies' entries changes the answer.
 *
 * <p>The input is plain bytes (so the seed files are readable): the first line's first byte is the hop count (a digit
 * 1-9 as written, any other byte b as 1 + b mod 4), every further line is one header line, read as ISO-8859-1 as
 * Jetty reads header bytes.
 */
@Tag("fuzz")
class ForwardedForFuzzTest {

    static Stream<Arguments> headers() {
        return Stream.of(
                "1\n198.51.100.1\n203.0.113.9",
                "2\n198.51.100.1\n203.0.113.9, 10.0.0.2",
                "1\n[2001:db8::7]:443",
                "3\nunknown, ::ffff:192.0.2.1, 10.0.0.2:8080, 10.0.0.3",
                "2\n203.0.113.9",
                "1\n203.0.113.9,").map(text -> arguments(named(text.replace('\n', '|'),
                text.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @MethodSource("headers") // Jazzer wants @FuzzTest last
    @FuzzTest(maxDuration = "5s")
    void anyHeaderLinesGiveTheSocketPeerOrAnIpLiteralFromTheList(byte[] input) throws UnknownHostException {
        List<String> lines = Arrays.asList(new String(input, StandardCharsets.ISO_8859_1).split("\n", -1));
        int hops = hops(input);
        List<String> headerLines = lines.subList(1, lines.size());

        Optional<String> address = ForwardedFor.clientAddress(headerLines, hops);

        List<String> entries = ForwardedFor.entries(headerLines);
        if (entries.size() < hops) {
            assertThat(address).isEmpty();
            return;
        }
        String chosen = entries.get(entries.size() - hops);
        assertThat(address).isEqualTo(ForwardedFor.ipLiteral(chosen));
        if (address.isPresent()) {
            String literal = address.get();
            // Only digits, hex, dots and colons: a literal, so the JDK's reading below looks nothing up.
            assertThat(literal).matches("[0-9a-f.:]{2,39}");
            assertThat(ForwardedFor.ipLiteral(literal)).as("canonical").contains(literal);
            String asTheJdkWritesIt = InetAddress.getByName(literal).getHostAddress();
            assertThat(ForwardedFor.ipLiteral(asTheJdkWritesIt)).as("read back from the JDK").contains(literal);
        }
        if (!headerLines.isEmpty() && ForwardedFor.entries(headerLines.subList(1, headerLines.size())).size() >= hops) {
            // The client writes only the left: dropping its line changes nothing the proxies vouch for.
            assertThat(ForwardedFor.clientAddress(headerLines.subList(1, headerLines.size()), hops)).isEqualTo(address);
        }
    }

    private static int hops(byte[] input) {
        if (input.length == 0) {
            return 1;
        }
        int first = input[0] & 0xff;
        return first >= '1' && first <= '9' ? first - '0' : 1 + first % 4;
    }
}
