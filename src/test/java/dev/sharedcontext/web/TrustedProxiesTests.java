package dev.sharedcontext.web;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedProxiesTests {

	@Nested
	class Matching {

		@ParameterizedTest
		@CsvSource({ "10.0.0.0/8, 10.255.1.2, true", "10.0.0.0/8, 11.0.0.1, false", "192.168.1.7, 192.168.1.7, true",
				"192.168.1.7, 192.168.1.8, false", "172.16.0.0/12, 172.31.255.255, true",
				"172.16.0.0/12, 172.32.0.0, false", "127.0.0.1/32, 127.0.0.1, true", "0.0.0.0/0, 8.8.8.8, true",
				"10.1.2.0/23, 10.1.3.200, true", "10.1.2.0/23, 10.1.4.1, false", "fd00::/8, fd12:3456::1, true",
				"fd00::/8, fe80::1, false", "::1, 0:0:0:0:0:0:0:1, true", "::1/128, [::1], true",
				"2001:db8::/33, 2001:db8:7fff::1, true", "2001:db8::/33, 2001:db8:8000::1, false",
				"10.0.0.0/8, ::ffff:10.0.0.1, true", "::/0, 10.0.0.1, false", "0.0.0.0/0, ::1, false" })
		void containsWhenInRangeAndSameFamily(String range, String address, boolean expected) {
			assertThat(TrustedProxies.of(List.of(range)).contains(address)).isEqualTo(expected);
		}

		@ParameterizedTest
		@ValueSource(strings = { "localhost", "10.0.0", "10.0.0.1.2", "10.0.0.256", "1.2.3.4:80", "010.0.0.1x", "",
				"unknown", "fe80::1%eth0", "::g", "10.0.0.1/8" })
		void containsWhenNotALiteralThenFalse(String address) {
			assertThat(TrustedProxies.of(List.of("0.0.0.0/0", "::/0")).contains(address)).isFalse();
		}

		@ParameterizedTest
		@ValueSource(strings = { "localhost", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "10.0.0",
				"example.com/8" })
		void ofWhenEntryIsMalformedThenRefused(String entry) {
			assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of(entry)))
				.withMessageContaining(entry);
		}

		@Test
		void ofWhenEmptyThenTrustsNoOne() {
			assertThat(TrustedProxies.of(List.of()).isEmpty()).isTrue();
			assertThat(TrustedProxies.of(List.of(" ", "")).contains("127.0.0.1")).isFalse();
		}

	}

	@Nested
	class ClientAddress {

		private final TrustedProxies proxies = TrustedProxies.of(List.of("127.0.0.1", "10.0.0.0/8"));

		@Test
		void clientAddressWhenPeerUntrustedThenPeerWhateverTheHeaderSays() {
			assertThat(this.proxies.clientAddress("203.0.113.9", List.of("1.2.3.4"))).isEqualTo("203.0.113.9");
			assertThat(TrustedProxies.of(List.of()).clientAddress("127.0.0.1", List.of("1.2.3.4")))
				.isEqualTo("127.0.0.1");
		}

		@Test
		void clientAddressWhenPeerTrustedThenRightMostUntrustedHop() {
			assertThat(this.proxies.clientAddress("127.0.0.1", List.of("1.1.1.1, 2.2.2.2, 10.0.0.5")))
				.as("1.1.1.1 is what 2.2.2.2 claimed; only 2.2.2.2 was seen by a trusted proxy")
				.isEqualTo("2.2.2.2");
		}

		@Test
		void clientAddressWhenHeaderRepeatedThenHopsAreConcatenatedInOrder() {
			assertThat(this.proxies.clientAddress("127.0.0.1", List.of("2.2.2.2, 10.0.0.7", "10.0.0.5")))
				.isEqualTo("2.2.2.2");
		}

		@Test
		void clientAddressWhenEveryHopTrustedThenLeftMost() {
			assertThat(this.proxies.clientAddress("127.0.0.1", List.of("10.0.0.9, 10.0.0.5"))).isEqualTo("10.0.0.9");
		}

		@Test
		void clientAddressWhenNoHeaderThenPeer() {
			assertThat(this.proxies.clientAddress("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
		}

		@Test
		void clientAddressWhenHopMalformedThenLastVouchedHop() {
			assertThat(this.proxies.clientAddress("127.0.0.1", List.of("evil.example, 10.0.0.5")))
				.isEqualTo("10.0.0.5");
			assertThat(this.proxies.clientAddress("127.0.0.1", List.of("1.1.1.1, garbage"))).isEqualTo("127.0.0.1");
		}

		@Test
		void clientAddressIsCanonicalIpv6() {
			TrustedProxies v6 = TrustedProxies.of(List.of("::1"));
			assertThat(v6.clientAddress("0:0:0:0:0:0:0:1", List.of("2001:DB8::1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
		}

	}

}
