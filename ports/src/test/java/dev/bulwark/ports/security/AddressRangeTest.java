package dev.bulwark.ports.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressRangeTest {

    @Test
    void anIpv4CidrRangeContainsItsAddressesOnly() {
        AddressRange range = AddressRange.parse("10.1.0.0/16");

        assertThat(range.contains(address("10.1.255.7"))).isTrue();
        assertThat(range.contains(address("10.2.0.1"))).isFalse();
    }

    @Test
    void aSingleAddressIsARangeOfOne() {
        AddressRange range = AddressRange.parse("192.0.2.7");

        assertThat(range.prefixLength()).isEqualTo(32);
        assertThat(range.contains(address("192.0.2.7"))).isTrue();
        assertThat(range.contains(address("192.0.2.8"))).isFalse();
    }

    @Test
    void anIpv6RangeContainsItsAddresses() {
        AddressRange range = AddressRange.parse("2001:db8::/32");

        assertThat(range.contains(address("2001:db8:ffff::1"))).isTrue();
        assertThat(range.contains(address("2001:db9::1"))).isFalse();
    }

    @Test
    void familiesNeverMatchEachOther() {
        assertThat(AddressRange.parse("0.0.0.0/0").contains(address("::1"))).isFalse();
        assertThat(AddressRange.parse("::/0").contains(address("127.0.0.1"))).isFalse();
    }

    @Test
    void anIpv4MappedIpv6AddressIsTheIpv4Address() {
        assertThat(AddressRange.parse("10.0.0.0/8").contains(address("::ffff:10.9.8.7")))
                .isTrue();
    }

    @Test
    void printsItsCanonicalForm() {
        assertThat(AddressRange.parse(" 172.16.0.0/12 ")).hasToString("172.16.0.0/12");
        assertThat(AddressRange.parse("10.0.0.1")).hasToString("10.0.0.1/32");
    }

    @Test
    void refusesAHostNameWithoutLookingItUp() {
        assertThatThrownBy(() -> AddressRange.parse("proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'proxy.internal' is not an IP address or CIDR range")
                .hasMessageContaining("host names are not accepted");
    }

    @Test
    void refusesAPrefixLongerThanTheAddress() {
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'10.0.0.0/33' has an invalid prefix length: it must be 0-32");
    }

    @Test
    void refusesAddressBitsPastThePrefixAndSuggestsTheNetwork() {
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.1/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did you mean 10.0.0.0/8?");
    }

    @Test
    void refusesAnOctetOver255() {
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an IP address");
    }

    @Test
    void parsesBracketedIpv6Literals() {
        assertThat(AddressRange.parseAddress("[2001:db8::1]")).contains(address("2001:db8::1"));
    }

    @Test
    void parseAddressIsEmptyForAnythingButAnIpLiteral() {
        assertThat(AddressRange.parseAddress("unknown")).isEmpty();
        assertThat(AddressRange.parseAddress("203.0.113.7:4711")).isEmpty();
        assertThat(AddressRange.parseAddress("fe80::1%eth0")).isEmpty();
        assertThat(AddressRange.parseAddress("")).isEmpty();
        assertThat(AddressRange.parseAddress(null)).isEmpty();
    }

    @Test
    void rangesWithTheSameCanonicalFormAreEqual() {
        assertThat(AddressRange.parse("2001:DB8::/32")).isEqualTo(AddressRange.parse("2001:db8:0::/32"));
    }

    private static InetAddress address(String literal) {
        return AddressRange.parseAddress(literal).orElseThrow();
    }
}
