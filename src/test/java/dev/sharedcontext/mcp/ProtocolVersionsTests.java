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

}
