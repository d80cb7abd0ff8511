package io.github.mfaenroll.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a request counts against: IPv4 addresses one by one, IPv6 clients by their /64. */
class AddressKeyTest {

    @ParameterizedTest(name = "{0} counts as {1}")
    @CsvSource({
            "203.0.113.7, 203.0.113.7",
            "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 2001:db8:1:2:0:0:0:0/64",
            "2001:db8:1:2::1, 2001:db8:1:2:0:0:0:0/64",
            "[2001:DB8:1:2::99], 2001:db8:1:2:0:0:0:0/64",
            "fe80::1%eth0, fe80:0:0:0:0:0:0:0/64",
            "2001:db8:1:3::1, 2001:db8:1:3:0:0:0:0/64",
            "::ffff:203.0.113.7, 203.0.113.7",
            "2001:db8:1:2:0:0:0:0/64, 2001:db8:1:2:0:0:0:0/64",
            "'', unknown",
            "not:an:address:zz, not:an:address:zz"})
    void ipv6AddressesInOneSlash64ShareOneCount(String clientAddress, String key) {
        assertThat(AddressLimits.key(clientAddress)).isEqualTo(key);
    }
}
