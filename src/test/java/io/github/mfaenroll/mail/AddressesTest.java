package io.github.mfaenroll.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @Nested
    class Parsing {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                alice@example.com                 | alice@example.com
                '  bob@example.com  '             | bob@example.com
                Carol Jones <carol@example.com>   | carol@example.com
                first.last+mfa@sub.example.co.uk  | first.last+mfa@sub.example.co.uk
                """)
        void acceptsOneMailboxAndKeepsOnlyTheAddress(String input, String expected) {
            assertThat(Addresses.parse(input)).map(InternetAddress::getAddress).contains(expected);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "alice", "alice@", "@example.com", "alice@@example.com", "alice at example.com",
                "a@example.com, b@example.com", "team: a@example.com;", "alice@example.com\r\nBcc: x@evil.test"})
        void refusesAnythingElse(String input) {
            assertThat(Addresses.parse(input)).isEmpty();
        }
    }

    @Nested
    class Masking {

        @ParameterizedTest
        @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
                alice@example.com      | a***@example.com
                a@example.com          | a***@example.com
                first.last@example.org | f***@example.org
                no-at-sign             | ***
                @example.com           | ***
                NULL                   | (none)
                """)
        void keepsTheFirstLetterAndTheDomain(String address, String masked) {
            assertThat(Addresses.mask(address)).isEqualTo(masked);
        }
    }
}
