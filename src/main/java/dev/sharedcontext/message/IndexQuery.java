package dev.sharedcontext.message;

import java.util.List;

/**
 * A parsed search query in the forms the engines' indexes take, built by the search
 * package from the user's text (never the text itself): {@link MessageSearchSql} picks
 * the form its engine needs, so the repository stays engine-neutral. Every form is bound
 * as a statement parameter; none may contain anything but quoted words and operators the
 * search package wrote.
 */
public interface IndexQuery {

	/** Whether metadata is searched as well as content. */
	boolean includeMetadata();

	/** The FTS5 MATCH expression for the word index {@code messages_fts} (SQLite). */
	String wordMatch();

	/**
	 * The FTS5 MATCH expression for the trigram index {@code messages_trigram} (SQLite),
	 * or {@code null} when no word is long enough for typo tolerance.
	 */
	String pieceMatch();

	/**
	 * The FTS5 MATCH expression for the word index that finds typo candidates for words
	 * of 4–5 characters (their edit-distance-1 variants ORed, SQLite), or {@code null}
	 * when there is no such word.
	 */
	String variantMatch();

	/**
	 * The same variants as {@code to_tsquery} text (quoted lexemes ORed, PostgreSQL), or
	 * {@code null}.
	 */
	String tsVariants();

	/**
	 * The text for {@code to_tsquery('sc_words', …)} (PostgreSQL): quoted
	 * letter-and-digit words joined by {@code &}, {@code <->} and {@code :*} only.
	 */
	String tsQuery();

	/**
	 * Pieces of the query words to look up as substrings for typo-tolerant candidates
	 * (PostgreSQL), letters and digits only; empty when no word is long enough.
	 */
	List<String> pieces();

	/**
	 * Whether a term has several words (a quoted phrase, or {@code user@example.com}),
	 * whose matches a preview wraps as one span.
	 */
	boolean hasPhrase();

}
