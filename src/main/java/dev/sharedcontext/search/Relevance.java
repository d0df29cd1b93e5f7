package dev.sharedcontext.search;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A coarse reading of a result's score, as the Python server reported it: high ≥ 80,
 * medium ≥ 60, else low.
 */
public enum Relevance {

	HIGH, MEDIUM, LOW;

	public static Relevance of(double score) {
		return (score >= 80) ? HIGH : (score >= 60) ? MEDIUM : LOW;
	}

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
