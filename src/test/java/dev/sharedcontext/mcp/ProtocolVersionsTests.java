package dev.sharedcontext.mcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProtocolVersionsTests {

	@Test
	void negotiateWhenNoVersionRequestedThenLatest() {
		// found by McpFuzzTests: an initialize without params answered 500
		assertThat(ProtocolVersions.isSupported(null)).isFalse();
		assertThat(ProtocolVersions.negotiate(null)).isEqualTo(ProtocolVersions.LATEST);
	}

	@Test
	void negotiateWhenSupportedThenThatVersionOtherwiseLatest() {
		assertThat(ProtocolVersions.negotiate("2025-03-26")).isEqualTo("2025-03-26");
		assertThat(ProtocolVersions.negotiate("1999-01-01")).isEqualTo(ProtocolVersions.LATEST);
	}

	@Test
	void negotiateWhenModernRequestedThenLatestHandshakeRevision() {
		// initialize has no way to settle on the stateless revision
		assertThat(ProtocolVersions.negotiate(ProtocolVersions.MODERN)).isEqualTo(ProtocolVersions.LATEST);
		assertThat(ProtocolVersions.isSupported(ProtocolVersions.MODERN)).isTrue();
		assertThat(ProtocolVersions.isHandshake(ProtocolVersions.MODERN)).isFalse();
	}

	@Test
	void allListsTheModernRevisionFirstThenTheHandshakeOnes() {
		assertThat(ProtocolVersions.ALL).containsExactly("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26");
		assertThat(ProtocolVersions.HANDSHAKE).containsExactly("2025-11-25", "2025-06-18", "2025-03-26");
	}

	@Test
	void isLegacyWhenAHandshakeEraRevisionThenTrueEvenIfNotSpoken() {
		assertThat(ProtocolVersions.isLegacy("2024-11-05")).isTrue();
		assertThat(ProtocolVersions.isSupported("2024-11-05")).isFalse();
		assertThat(ProtocolVersions.isLegacy("2026-07-28")).isFalse();
		assertThat(ProtocolVersions.isLegacy("1999-01-01")).isFalse();
		assertThat(ProtocolVersions.isLegacy(null)).isFalse();
	}

}
