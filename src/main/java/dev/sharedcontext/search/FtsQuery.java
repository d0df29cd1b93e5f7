package dev.sharedcontext.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.sharedcontext.message.IndexQuery;

/**
 * A user's search text turned into FTS5 MATCH expressions that can only ever mean "these
 * words". The text is never passed to MATCH as typed: it is split into terms
 * (whitespace-separated words, or a {@code "quoted phrase"}), and every term becomes an
 * FTS5 string literal with any {@code "} doubled, so operators ({@code OR}, {@code NOT},
 * {@code NEAR(}), column filters ({@code content:}), {@code ^} and parentheses in the
 * text are searched for as words or dropped, never interpreted. The one piece of syntax
 * honoured is a trailing {@code *} on a word, which becomes a prefix query. Terms are
 * ANDed.
 * <p>
 * It also gives the normalized words of the query (for similarity scoring) and a trigram
 * expression that finds candidates for words typed with one or two typos.
 */
public final class FtsQuery {

	/**
	 * More terms than this are ignored: they cannot make a query more precise in a useful
	 * way.
	 */
	static final int MAX_TERMS = 32;

	/** A prefix query on fewer characters would walk a large part of the index. */
	static final int MIN_PREFIX_LENGTH = 2;

	/**
	 * Words shorter than this get no typo tolerance (a one-letter edit of a shorter word
	 * is a different word).
	 */
	static final int MIN_FUZZY_LENGTH = 4;

	/**
	 * Words at least this long are looked up by pieces in the trigram index; shorter ones
	 * (4–5 letters) by their edit-distance-1 variants in the word index
	 * ({@link #variants(String)}).
	 */
	static final int MIN_PIECES_LENGTH = 6;

	/**
	 * The shortest part of a word that a partial (prefix or infix) match finds: a
	 * trigram.
	 */
	static final int MIN_PARTIAL_LENGTH = 3;

	/**
	 * Letters substituted or inserted into a short word for its variants, besides the
	 * word's own letters.
	 */
	private static final String VARIANT_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private final List<Term> terms;

	private FtsQuery(List<Term> terms) {
		this.terms = List.copyOf(terms);
	}

	/**
	 * One term of the query.
	 *
	 * @param text the words as typed (quotes and the prefix star removed)
	 * @param phrase whether the user quoted it
	 * @param prefix whether the user ended the word with {@code *}
	 */
	record Term(String text, boolean phrase, boolean prefix) {

		String match() {
			return quote(this.text) + (this.prefix ? " *" : "");
		}

	}

	/**
	 * Parses user text; never fails. A text with no letters or digits gives an
	 * {@linkplain #isEmpty() empty} query.
	 */
	public static FtsQuery parse(String text) {
		List<Term> terms = new ArrayList<>();
		if (text == null) {
			return new FtsQuery(terms);
		}
		String clean = text.codePoints()
			.map((c) -> Character.isISOControl(c) ? ' ' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		int i = 0;
		int n = clean.length();
		while (i < n && terms.size() < MAX_TERMS) {
			char c = clean.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (c == '"') {
				int close = clean.indexOf('"', i + 1);
				int end = (close < 0) ? n : close;
				add(terms, clean.substring(i + 1, end), true, false);
				i = end + 1;
			}
			else {
				int end = i;
				while (end < n && !Character.isWhitespace(clean.charAt(end)) && clean.charAt(end) != '"') {
					end++;
				}
				String word = clean.substring(i, end);
				String stripped = stripTrailingStars(word);
				boolean prefix = stripped.length() < word.length() && searchableLength(stripped) >= MIN_PREFIX_LENGTH
						&& Character.isLetterOrDigit(stripped.codePointBefore(stripped.length()));
				add(terms, stripped, false, prefix);
				i = end;
			}
		}
		return new FtsQuery(terms);
	}

	private static void add(List<Term> terms, String text, boolean phrase, boolean prefix) {
		String trimmed = text.strip();
		if (searchableLength(trimmed) > 0) {
			terms.add(new Term(trimmed, phrase, prefix));
		}
	}

	private static String stripTrailingStars(String word) {
		int end = word.length();
		while (end > 0 && word.charAt(end - 1) == '*') {
			end--;
		}
		return word.substring(0, end);
	}

	private static int searchableLength(String text) {
		return (int) text.codePoints().filter(Character::isLetterOrDigit).count();
	}

	/** An FTS5 string literal: the only escape inside one is a doubled quote. */
	static String quote(String text) {
		return '"' + text.replace("\"", "\"\"") + '"';
	}

	public boolean isEmpty() {
		return this.terms.isEmpty();
	}

	List<Term> terms() {
		return this.terms;
	}

	/**
	 * The MATCH expression for the word index: every term, as a quoted string or phrase,
	 * ANDed.
	 */
	String matchExpression(boolean includeMetadata) {
		String expression = this.terms.stream().map(Term::match).collect(Collectors.joining(" "));
		return restrict(expression, includeMetadata);
	}

	/**
	 * The MATCH expression for the trigram index that finds candidates for partial and
	 * typo-tolerant matches, or {@code null} when the query has no
	 * {@linkplain #relaxedWords() relaxed word}. A word of 3–5 characters is looked up as
	 * a substring (partial matches: {@code quokk}, {@code okka}); a longer one by its
	 * pieces: a word of length n split into k + 1 pieces still has one piece intact after
	 * k edits, so looking up the pieces as substrings finds every message with a word
	 * within k edits (one edit for words of 6–11 characters, two from 12) and every
	 * message containing the word inside a longer one. Pieces of a word are ORed, and so
	 * are the words: the similarity check decides.
	 */
	String fuzzyExpression(boolean includeMetadata) {
		List<String> pieces = pieces(relaxedWords());
		if (pieces.isEmpty()) {
			return null;
		}
		String expression = pieces.stream().map(FtsQuery::quote).collect(Collectors.joining(" OR "));
		return restrict(expression, includeMetadata);
	}

	/**
	 * The MATCH expression for the word index that finds candidates for typos in words of
	 * 4–5 characters: every word one edit away (deletion, transposition, substitution or
	 * insertion of a letter or digit), as quoted strings ORed; {@code null} when there is
	 * no such word.
	 */
	String variantExpression(boolean includeMetadata) {
		List<String> variants = shortWordVariants();
		if (variants.isEmpty()) {
			return null;
		}
		return restrict(variants.stream().map(FtsQuery::quote).collect(Collectors.joining(" OR ")), includeMetadata);
	}

	/**
	 * The edit-distance-1 variants of every relaxed word of 4–5 characters, and the
	 * one-letter insertions of words of 3.
	 */
	List<String> shortWordVariants() {
		Set<String> variants = new LinkedHashSet<>();
		for (String word : relaxedWords()) {
			variants.addAll(variantsFor(word, word.length()));
		}
		return List.copyOf(variants);
	}

	/**
	 * The variants looked up for a query word: every one-edit variant of a word of 4–5
	 * characters; for a word of 3, only its insertions, so that a four-letter word typed
	 * with a letter missing is found ({@code kiwi} from {@code kwi}) while a three-letter
	 * word does not find every other three-letter word.
	 */
	private static Set<String> variantsFor(String word, int length) {
		if (length >= MIN_FUZZY_LENGTH && length < MIN_PIECES_LENGTH) {
			return variants(word);
		}
		if (length == MIN_PARTIAL_LENGTH) {
			Set<String> longer = new LinkedHashSet<>();
			for (String variant : variants(word)) {
				if (variant.codePointCount(0, variant.length()) == length + 1) {
					longer.add(variant);
				}
			}
			return longer;
		}
		return Set.of();
	}

	/**
	 * Every word one edit from {@code word} (deletions, adjacent transpositions,
	 * substitutions and insertions of a-z, 0-9 and the word's own letters), without the
	 * word itself. About 400 for a five-letter word: each is an exact lookup in the word
	 * index, most of them of words that do not exist.
	 */
	static Set<String> variants(String word) {
		Set<String> letters = new LinkedHashSet<>();
		VARIANT_ALPHABET.codePoints().forEach((c) -> letters.add(new String(Character.toChars(c))));
		word.codePoints().forEach((c) -> letters.add(new String(Character.toChars(c))));
		int[] cps = word.codePoints().toArray();
		Set<String> variants = new LinkedHashSet<>();
		for (int i = 0; i < cps.length; i++) {
			variants.add(join(cps, 0, i, "", cps, i + 1));
			if (i + 1 < cps.length) {
				int[] swapped = cps.clone();
				swapped[i] = cps[i + 1];
				swapped[i + 1] = cps[i];
				variants.add(join(swapped, 0, swapped.length, "", swapped, swapped.length));
			}
		}
		for (String letter : letters) {
			for (int i = 0; i <= cps.length; i++) {
				variants.add(join(cps, 0, i, letter, cps, i));
				if (i < cps.length) {
					variants.add(join(cps, 0, i, letter, cps, i + 1));
				}
			}
		}
		variants.remove(word);
		return variants;
	}

	private static String join(int[] head, int from, int to, String middle, int[] tail, int tailFrom) {
		StringBuilder text = new StringBuilder();
		for (int i = from; i < to; i++) {
			text.appendCodePoint(head[i]);
		}
		text.append(middle);
		for (int i = tailFrom; i < tail.length; i++) {
			text.appendCodePoint(tail[i]);
		}
		return text.toString();
	}

	/**
	 * Whether the partial and typo-tolerant lookups have anything to do: a word of 3+
	 * characters, and no quoted phrase (a phrase asks for exactly those words in that
	 * order).
	 */
	boolean hasFuzzyWords() {
		return !relaxedWords().isEmpty();
	}

	/**
	 * The words that partial and typo-tolerant matching may relax: those of 3+
	 * characters, none when the query has a quoted phrase.
	 */
	List<String> relaxedWords() {
		if (hasQuotedPhrase()) {
			return List.of();
		}
		return words().stream().filter((word) -> word.length() >= MIN_PARTIAL_LENGTH).toList();
	}

	/**
	 * Whether the user quoted a phrase, which turns partial and typo-tolerant matching
	 * off.
	 */
	private boolean hasQuotedPhrase() {
		return this.terms.stream().anyMatch(Term::phrase);
	}

	/**
	 * What to look up as substrings for each word: a word of 3–5 characters whole, a
	 * longer one as pieces, 2 for 6–11 characters, 3 from 12, so at least one is intact
	 * after one (two) edits.
	 */
	static List<String> pieces(List<String> words) {
		Set<String> pieces = new LinkedHashSet<>();
		for (String word : words) {
			if (word.length() < MIN_PARTIAL_LENGTH) {
				continue;
			}
			if (word.length() < MIN_PIECES_LENGTH) {
				pieces.add(word);
				continue;
			}
			int count = (word.length() >= 12) ? 3 : 2;
			int size = word.length() / count;
			for (int p = 0; p < count; p++) {
				int from = p * size;
				int to = (p == count - 1) ? word.length() : from + size;
				pieces.add(word.substring(from, to));
			}
		}
		return List.copyOf(pieces);
	}

	/**
	 * The query as PostgreSQL {@code to_tsquery} text: each term's words (letters and
	 * digits only, so no quote, backslash or operator can appear) quoted, a term of
	 * several words as a phrase ({@code <->}, kept inside one column like an FTS5
	 * phrase), a prefix term's last word with {@code :*}, terms joined by {@code &};
	 * without metadata every word carries the content weight {@code A}. Words are lower
	 * case but keep their diacritics: {@code sc_words} folds them with {@code unaccent},
	 * exactly as it folded the indexed text.
	 */
	String tsQuery(boolean includeMetadata) {
		List<String> terms = new ArrayList<>();
		for (Term term : this.terms) {
			List<String> words = split(fold(term.text()));
			if (words.isEmpty()) {
				continue;
			}
			if (!includeMetadata) {
				terms.add(tsPhrase(words, term.prefix(), "A"));
			}
			else if (words.size() == 1) {
				terms.add(tsPhrase(words, term.prefix(), ""));
			}
			else {
				terms
					.add("(" + tsPhrase(words, term.prefix(), "A") + " | " + tsPhrase(words, term.prefix(), "B") + ")");
			}
		}
		return String.join(" & ", terms);
	}

	private static String tsPhrase(List<String> words, boolean prefix, String weight) {
		StringBuilder phrase = new StringBuilder();
		for (int i = 0; i < words.size(); i++) {
			boolean last = i == words.size() - 1;
			String label = ((last && prefix) ? "*" : "") + weight;
			phrase.append((i == 0) ? "" : " <-> ")
				.append('\'')
				.append(words.get(i))
				.append('\'')
				.append(label.isEmpty() ? "" : ":" + label);
		}
		return phrase.toString();
	}

	/**
	 * The pieces of the words for a substring lookup in PostgreSQL, cut from the words as
	 * {@link #tsQuery} has them (the database folds them with the text).
	 */
	List<String> foldablePieces() {
		return pieces(foldableWords());
	}

	/** The relaxed words as {@link #tsQuery} has them (lower case, diacritics kept). */
	private List<String> foldableWords() {
		return hasQuotedPhrase() ? List.of() : wordsOf(FtsQuery::fold);
	}

	/**
	 * The edit-distance-1 variants of the 4–5 character words as {@code to_tsquery} text:
	 * quoted lexemes (letters and digits only) ORed, each with the content weight
	 * {@code A} when metadata is not searched; {@code null} when there is no such word.
	 */
	String tsVariants(boolean includeMetadata) {
		Set<String> variants = new LinkedHashSet<>();
		for (String word : foldableWords()) {
			variants.addAll(variantsFor(word, word.codePointCount(0, word.length())));
		}
		if (variants.isEmpty()) {
			return null;
		}
		String weight = includeMetadata ? "" : ":A";
		return variants.stream().map((v) -> "'" + v + "'" + weight).collect(Collectors.joining(" | "));
	}

	/** Whether a term has more than one word. */
	boolean hasPhrase() {
		return this.terms.stream().anyMatch((term) -> split(fold(term.text())).size() > 1);
	}

	/** Lower case, composed (NFC), diacritics kept. */
	private static String fold(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
	}

	/** The query in every form the indexes take, for the message repository. */
	IndexQuery forIndexes(boolean includeMetadata) {
		return new IndexQuery() {

			@Override
			public boolean includeMetadata() {
				return includeMetadata;
			}

			@Override
			public String wordMatch() {
				return matchExpression(includeMetadata);
			}

			@Override
			public String pieceMatch() {
				return fuzzyExpression(includeMetadata);
			}

			@Override
			public String tsQuery() {
				return FtsQuery.this.tsQuery(includeMetadata);
			}

			@Override
			public String variantMatch() {
				return variantExpression(includeMetadata);
			}

			@Override
			public String tsVariants() {
				return FtsQuery.this.tsVariants(includeMetadata);
			}

			@Override
			public List<String> pieces() {
				return foldablePieces();
			}

			@Override
			public boolean hasPhrase() {
				return FtsQuery.this.hasPhrase();
			}

		};
	}

	private static String restrict(String expression, boolean includeMetadata) {
		return includeMetadata ? expression : "{content} : (" + expression + ")";
	}

	/**
	 * The query's words, normalized like {@link #normalize(String)} and split on anything
	 * but letters and digits.
	 */
	List<String> words() {
		return wordsOf(FtsQuery::normalize);
	}

	/** Every term's words, each term folded by {@code fold} first, without repeats. */
	private List<String> wordsOf(UnaryOperator<String> fold) {
		Set<String> words = new LinkedHashSet<>();
		for (Term term : this.terms) {
			words.addAll(split(fold.apply(term.text())));
		}
		return List.copyOf(words);
	}

	/** Words that the user asked to match by prefix. */
	Set<String> prefixWords() {
		Set<String> words = new LinkedHashSet<>();
		for (Term term : this.terms) {
			if (term.prefix()) {
				List<String> parts = split(normalize(term.text()));
				words.add(parts.get(parts.size() - 1));
			}
		}
		return words;
	}

	/** Lower case with diacritics removed, as the indexes fold them. */
	static String normalize(String text) {
		if (text.chars().allMatch((c) -> c < 128)) {
			return text.toLowerCase(Locale.ROOT);
		}
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
		return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
	}

	static List<String> split(String normalized) {
		List<String> words = new ArrayList<>();
		int start = -1;
		for (int i = 0; i < normalized.length();) {
			int c = normalized.codePointAt(i);
			boolean word = Character.isLetterOrDigit(c);
			if (word && start < 0) {
				start = i;
			}
			else if (!word && start >= 0) {
				words.add(normalized.substring(start, i));
				start = -1;
			}
			i += Character.charCount(c);
		}
		if (start >= 0) {
			words.add(normalized.substring(start));
		}
		return words;
	}

	@Override
	public String toString() {
		return matchExpression(true);
	}

}
