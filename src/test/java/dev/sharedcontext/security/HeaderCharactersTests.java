package dev.sharedcontext.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HeaderCharacters} must accept exactly what Spring Security's default header
 * patterns accept: checked against those patterns for every BMP character alone, in ASCII
 * context, and for astral and lone-surrogate code points.
 */
class HeaderCharactersTests {

	private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void acceptsExactlyWhatTheDefaultPatternsAccept() {
		List<String> samples = new ArrayList<>(List.of("", "application/json", "Bearer sct_abc-DEF_123", "a\tb", "\t",
				"x\u0000y", "x\ny", "\u007f", "caf\u00e9", "\ud83d\ude00", "a\ud800", "\udc00b", "\u0378", "x-\uffff"));
		for (int c = 0; c <= 0xffff; c++) {
			samples.add(String.valueOf((char) c));
			samples.add("ab" + (char) c + "cd");
		}
		for (int cp : new int[] { 0x1f600, 0xe0001, 0x10ffff, 0x2fffe, 0x1d400 }) {
			samples.add(new String(Character.toChars(cp)));
		}
		int rejected = 0;
		for (String sample : samples) {
			assertThat(HeaderCharacters.isAllowedName(sample)).as("name %s", sample)
				.isEqualTo(NAMES.matcher(sample).matches());
			assertThat(HeaderCharacters.isAllowedValue(sample)).as("value %s", sample)
				.isEqualTo(VALUES.matcher(sample).matches());
			rejected += HeaderCharacters.isAllowedValue(sample) ? 0 : 1;
		}
		assertThat(rejected).isGreaterThan(1000);
	}

}
