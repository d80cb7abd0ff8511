package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The X-Forwarded-For reading, as a table: which entry counts, which text is an IP literal, and its canonical form. */
class ForwardedForTest {

    @Nested
    class WhichEntryCounts {

        @ParameterizedTest(name = "{0} with {1} hop(s) -> {2}")
        @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
                203.0.113.9                                  | 1 | 203.0.113.9
                198.51.100.1, 203.0.113.9                    | 1 | 203.0.113.9
                198.51.100.1 ;; 203.0.113.9                  | 1 | 203.0.113.9
                198.51.100.1, 198.51.100.2 ;; 203.0.113.9    | 1 | 203.0.113.9
                198.51.100.1 ;; 203.0.113.9, 10.0.0.2        | 2 | 203.0.113.9
                198.51.100.1 ;; 203.0.113.9 ;; 10.0.0.2      | 2 | 203.0.113.9
                203.0.113.9, 10.0.0.2, 10.0.0.3              | 3 | 203.0.113.9
                203.0.113.9                                  | 2 | none
                203.0.113.9, 10.0.0.2                        | 3 | none
                198.51.100.1, unknown                        | 1 | none
                203.0.113.9, , 10.0.0.2                      | 2 | none
                203.0.113.9,                                 | 1 | none
                """)
        void theEntryThatManyHopsFromTheRightOfAllLines(String lines, int hops, String expected) {
            List<String> headerLines = List.of(lines.split(" ;; "));

            Optional<String> address = ForwardedFor.clientAddress(headerLines, hops);

            assertThat(address).isEqualTo(Optional.ofNullable(expected));
        }

        @Test
        void noHeaderLineMeansNoAddress() {
            Optional<String> address = ForwardedFor.clientAddress(List.of(), 1);

            assertThat(address).isEmpty();
        }

        @Test
        void fewerThanOneHopIsAMistake() {
            assertThatThrownBy(() -> ForwardedFor.clientAddress(List.of("203.0.113.9"), 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class WhatIsAnIpLiteral {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                192.0.2.1                   | 192.0.2.1
                0.0.0.0                     | 0.0.0.0
                255.255.255.255             | 255.255.255.255
                192.0.2.1:443               | 192.0.2.1
                192.0.2.1:65535             | 192.0.2.1
                2001:db8::1                 | 2001:db8::1
                2001:DB8:0:0:0:0:0:1        | 2001:db8::1
                2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1
                [2001:db8::1]               | 2001:db8::1
                [2001:db8::1]:443           | 2001:db8::1
                ::1                         | ::1
                ::                          | ::
                1::                         | 1::
                2001:db8:0:1:1:1:1:1        | 2001:db8:0:1:1:1:1:1
                2001:0:0:1:0:0:0:1          | 2001:0:0:1::1
                2001:db8:0:0:1:0:0:1        | 2001:db8::1:0:0:1
                ::ffff:192.0.2.1            | 192.0.2.1
                [::ffff:c000:0201]:8080     | 192.0.2.1
                64:ff9b::192.0.2.1          | 64:ff9b::c000:201
                """)
        void readsAndWritesTheCanonicalForm(String entry, String canonical) {
            Optional<String> literal = ForwardedFor.ipLiteral(entry);

            assertThat(literal).contains(canonical);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "unknown", "localhost", "proxy.example.com", "_hidden", "203.0.113.256",
                "203.0.113", "127.1", "010.0.0.1", "1.2.3.4.5", "1.2.3.-4", "0x7f.0.0.1", "１.２.３.４",
                "192.0.2.1:", "192.0.2.1:65536", "192.0.2.1:80:80", "192.0.2.1:-1", "[192.0.2.1]", "[192.0.2.1]:80",
                "2001:db8::1:443x", "[2001:db8::1", "[2001:db8::1]x", "[2001:db8::1]:", "[2001:db8::1]:99999",
                "fe80::1%eth0", "[fe80::1%25eth0]", "2001:db8:::1", "2001::db8::1", ":2001:db8::1", "2001:db8::1:",
                "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::8", "12345::1", "g::1",
                "::1.2.3.4:5", "1.2.3.4::", "::ffff:192.0.2.256", " 192.0.2.1", "192.0.2.1 "})
        void refusesEverythingElse(String entry) {
            Optional<String> literal = ForwardedFor.ipLiteral(entry);

            assertThat(literal).isEmpty();
        }

        @Test
        void everyAddressTheJdkWritesIsReadBackToTheSameAddress() throws Exception {
            Random random = new Random(20261123);
            for (int i = 0; i < 2_000; i++) {
                byte[] bytes = new byte[i % 2 == 0 ? 4 : 16];
                random.nextBytes(bytes);
                if (bytes.length == 16 && i % 7 == 1) {
                    java.util.Arrays.fill(bytes, 2, 12, (byte) 0); // runs of zero groups
                }
                InetAddress address = InetAddress.getByAddress(bytes);

                Optional<String> literal = ForwardedFor.ipLiteral(address.getHostAddress());

                assertThat(literal).as(address.getHostAddress()).isPresent();
                assertThat(InetAddress.getByName(literal.get())).isEqualTo(address);
            }
        }
    }
}
