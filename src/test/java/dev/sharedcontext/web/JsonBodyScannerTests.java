package dev.sharedcontext.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sharedcontext.web.JsonBodyScanner.Violation;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBodyScannerTests {

	private static Violation scan(byte[] bytes) {
		JsonBodyScanner scanner = new JsonBodyScanner();
		Violation violation = scanner.scan(bytes, 0, bytes.length);
		return (violation != null) ? violation : scanner.finish();
	}

	private static Violation scanText(String text) {
		return scan(text.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] hex(String hex) {
		String[] parts = hex.split(" ");
		byte[] bytes = new byte[parts.length];
		for (int i = 0; i < parts.length; i++) {
			bytes[i] = (byte) Integer.parseInt(parts[i], 16);
		}
		return bytes;
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\":\"plain\"}", "{\"a\":\"é ü ß 中文 😀 \\uD83D\\uDE00\"}", "{\"a\":\"\\\\u0000\"}",
			"{\"a\":\"\\u0001 \\u1000 \\u0010 \\u0100\"}", "{\"a\":\"\\\\\\\\u0000\"}", "{\"a\":\"\\\"u0000\"}", "" })
	void scanWhenValidUtf8WithoutNulThenAccepted(String json) {
		assertThat(scanText(json)).isNull();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "{\"a\":\"\\u0000\"}", "{\"a\":\"x\\u00001\"}", "{\"a\":\"\\\\\\u0000\"}", "{\"\\u0000\":1}" })
	void scanWhenNulEscapeThenNul(String json) {
		assertThat(scanText(json)).isEqualTo(Violation.NUL);
	}

	@Test
	void scanWhenRawNulByteThenNul() {
		assertThat(scan(hex("7B 22 61 00 22 7D"))).isEqualTo(Violation.NUL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "80", "BF", "C0 80", "C1 BF", "E0 80 80", "E0 9F BF", "ED A0 80", "ED BF BF",
			"F0 80 80 80", "F0 8F BF BF", "F4 90 80 80", "F5 80 80 80", "FF", "FE", "C3", "E2 82", "F0 9F 98", "C3 28",
			"E2 28 A1", "61 C3" })
	void scanWhenNotStrictUtf8ThenInvalid(String bytes) {
		assertThat(scan(hex(bytes))).isEqualTo(Violation.INVALID_UTF8);
	}

	@ParameterizedTest
	@ValueSource(strings = { "C2 80", "DF BF", "E0 A0 80", "ED 9F BF", "EE 80 80", "EF BF BF", "F0 90 80 80",
			"F4 8F BF BF" })
	void scanWhenBoundaryCodePointThenAccepted(String bytes) {
		assertThat(scan(hex(bytes))).isNull();
	}

	@Test
	void scanWhenSequencesAndEscapesAreSplitAcrossChunksThenStateCarriesOver() {
		byte[] euro = "\"€\\u0000\"".getBytes(StandardCharsets.UTF_8);
		JsonBodyScanner scanner = new JsonBodyScanner();
		Violation found = null;
		for (int i = 0; i < euro.length && found == null; i++) {
			found = scanner.scan(euro, i, 1);
		}
		assertThat(found).isEqualTo(Violation.NUL);

		JsonBodyScanner truncated = new JsonBodyScanner();
		assertThat(truncated.scan(hex("E2 82"), 0, 2)).isNull();
		assertThat(truncated.finish()).isEqualTo(Violation.INVALID_UTF8);
	}

}
