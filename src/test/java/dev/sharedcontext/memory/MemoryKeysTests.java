package dev.sharedcontext.memory;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sharedcontext.web.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class MemoryKeysTests {

	@Nested
	class Keys {

		@ParameterizedTest
		@ValueSource(strings = { "a", "Z", "0", "user.preferences", "notes/2026:plan", "a-b_c.d:e/f", "..", "/" })
		void isValidWhenOnlyAllowedCharactersThenTrue(String key) {
			assertThat(MemoryKeys.isValid(key)).isTrue();
		}

		@ParameterizedTest
		@NullAndEmptySource
		@ValueSource(strings = { "a b", " a", "a\n", "a*b", "a?b", "a#b", "a%2Fb", "a\\b", "caf\u00e9", "a;b", "\u0430",
				"a\u0000b", "{\"a\":1}" })
		void isValidWhenEmptyOrOtherCharactersThenFalse(String key) {
			assertThat(MemoryKeys.isValid(key)).isFalse();
		}

		@Test
		void isValidWhen255CharactersThenTrue() {
			assertThat(MemoryKeys.isValid("k".repeat(255))).isTrue();
		}

		@Test
		void isValidWhen256CharactersThenFalse() {
			assertThat(MemoryKeys.isValid("k".repeat(256))).isFalse();
		}

		@Test
		void requireValidWhenInvalidThenInvalidInputNamingTheFieldWithoutEchoingTheKey() {
			assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> MemoryKeys.requireValid("<script>"))
				.satisfies((ex) -> {
					assertThat(ex.code()).isEqualTo("INVALID_INPUT");
					assertThat(ex.getMessage()).doesNotContain("<script>");
					assertThat(ex.errors()).extracting(InvalidInputException.FieldError::field).containsExactly("key");
				});
		}

	}

	@Nested
	class Prefixes {

		@ParameterizedTest
		@NullAndEmptySource
		@ValueSource(strings = { "notes/", "a", "x:" })
		void requireValidPrefixWhenNullEmptyOrKeyLikeThenAccepted(String prefix) {
			assertThatNoException().isThrownBy(() -> MemoryKeys.requireValidPrefix(prefix));
		}

		@ParameterizedTest
		@ValueSource(strings = { "a b", "%", "_%", "a*" })
		void requireValidPrefixWhenOtherCharactersThenRejected(String prefix) {
			assertThatExceptionOfType(InvalidInputException.class)
				.isThrownBy(() -> MemoryKeys.requireValidPrefix(prefix));
		}

		@Test
		void requireValidPrefixWhen256CharactersThenRejected() {
			assertThatExceptionOfType(InvalidInputException.class)
				.isThrownBy(() -> MemoryKeys.requireValidPrefix("p".repeat(256)));
		}

	}

}
