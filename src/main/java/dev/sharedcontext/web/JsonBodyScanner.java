package dev.sharedcontext.web;

/**
 * Checks a request body, chunk by chunk as it is read, for the two things no field of the
 * API accepts and JSON parsers let through differently: bytes that are not strict UTF-8
 * (overlong forms, surrogates, code points past U+10FFFF, truncated sequences; MCP's
 * string decoding would turn them into U+FFFD) and NUL, raw or as the escape
 * {@code &#92;u0000} (after an escaped backslash, {@code &#92;&#92;u0000}, it is ordinary
 * text). One pass over the bytes, no copy, no regular expression: it runs on every write
 * request.
 */
final class JsonBodyScanner {

	/** What was found. */
	enum Violation {

		INVALID_UTF8("Request body is not valid UTF-8"),

		NUL("Request body contains a NUL character (\\u0000), which no field accepts");

		private final String detail;

		Violation(String detail) {
			this.detail = detail;
		}

		String detail() {
			return this.detail;
		}

	}

	private static final int NONE = 0;

	private static final int BACKSLASH = 1;

	/** After backslash-u; each further state is one more {@code 0} matched. */
	private static final int UNICODE_ESCAPE = 2;

	private static final int NUL_ESCAPE = UNICODE_ESCAPE + 4;

	/** Continuation bytes still expected in the current UTF-8 sequence. */
	private int pending;

	/** Range of the next continuation byte (narrower right after some lead bytes). */
	private int lower = 0x80;

	private int upper = 0xBF;

	private int escape = NONE;

	/** Scans the next chunk; {@code null} while the body is acceptable so far. */
	Violation scan(byte[] bytes, int offset, int length) {
		for (int i = offset, end = offset + length; i < end; i++) {
			int b = bytes[i] & 0xFF;
			if (this.pending > 0) {
				if (b < this.lower || b > this.upper) {
					return Violation.INVALID_UTF8;
				}
				this.pending--;
				this.lower = 0x80;
				this.upper = 0xBF;
			}
			else if (b < 0x80) {
				if (b == 0) {
					return Violation.NUL;
				}
				if (this.escape != NONE || b == '\\') {
					this.escape = nextEscape(this.escape, b);
					if (this.escape == NUL_ESCAPE) {
						return Violation.NUL;
					}
				}
			}
			else {
				this.escape = NONE;
				if (!lead(b)) {
					return Violation.INVALID_UTF8;
				}
			}
		}
		return null;
	}

	/** At the end of the body: a sequence cut short is invalid. */
	Violation finish() {
		return (this.pending > 0) ? Violation.INVALID_UTF8 : null;
	}

	private static int nextEscape(int state, int b) {
		if (state == NONE) {
			return BACKSLASH;
		}
		if (state == BACKSLASH) {
			// "\\" is an escaped backslash: the next backslash starts afresh
			return (b == 'u') ? UNICODE_ESCAPE : NONE;
		}
		if (b == '0') {
			return state + 1;
		}
		return (b == '\\') ? BACKSLASH : NONE;
	}

	/** Well-formed lead bytes per RFC 3629, table 3-7 of the Unicode standard. */
	private boolean lead(int b) {
		if (b >= 0xC2 && b <= 0xDF) {
			this.pending = 1;
		}
		else if (b == 0xE0) {
			this.pending = 2;
			this.lower = 0xA0;
		}
		else if (b == 0xED) {
			this.pending = 2;
			this.upper = 0x9F;
		}
		else if (b >= 0xE1 && b <= 0xEF) {
			this.pending = 2;
		}
		else if (b == 0xF0) {
			this.pending = 3;
			this.lower = 0x90;
		}
		else if (b >= 0xF1 && b <= 0xF3) {
			this.pending = 3;
		}
		else if (b == 0xF4) {
			this.pending = 3;
			this.upper = 0x8F;
		}
		else {
			return false;
		}
		return true;
	}

}
