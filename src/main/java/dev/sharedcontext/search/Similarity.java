package dev.sharedcontext.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How closely a message matches a query's words, 0–100: for each query word the best
 * similarity to any word of the message (100 when equal or, for a {@code word*} query,
 * when the message word starts with it; otherwise 100 × (1 − edit distance / longer
 * length)), averaged with longer query words weighing more. This is what
 * {@code fuzzy_threshold} is compared with, so the threshold means the same for every
 * message and every corpus, unlike a BM25 value. Only run on a bounded set of candidates
 * the indexes found.
 */
final class Similarity {

	/**
	 * Words longer than this are only compared for equality (edit distance is quadratic).
	 */
	private static final int MAX_COMPARED_LENGTH = 64;

	private static final int PREVIEW_CONTEXT = 60;

	/**
	 * Wrap a matched word in every preview, the word index's snippets and this class's
	 * alike.
	 */
	static final String MARK_OPEN = "«";

	static final String MARK_CLOSE = "»";

	private Similarity() {
	}

	/**
	 * The score a partial match starts from: a query word found inside a longer message
	 * word scores {@value} plus 40 × the share of the word it covers, so it passes the
	 * default threshold (60) and a higher threshold asks for more of the word.
	 */
	static final double PARTIAL_BASE = 60;

	/**
	 * How a query word matched, best first; a message ranks by its worst word's kind
	 * before its score.
	 */
	enum Kind {

		/** Equal (or, for {@code word*}, a prefix the user asked for). */
		EXACT,
		/** The query word is a prefix or an infix (3+ characters) of a message word. */
		PARTIAL,
		/** Close by edit distance, or not found at all. */
		TYPO

	}

	/**
	 * The score and a preview for one message.
	 *
	 * @param score 0–100, one decimal
	 * @param kind the worst kind among the query words
	 * @param preview a plain-text excerpt around the best-matching word, which is wrapped
	 * in « »
	 */
	record Match(double score, Kind kind, String preview) {
	}

	static Match of(FtsQuery query, String content, String metadata) {
		List<String> words = query.words();
		Set<String> prefixes = query.prefixWords();
		double[] best = new double[words.size()];
		Kind[] kinds = new Kind[words.size()];
		Located[] where = new Located[words.size()];
		Map<String, Located> seen = new HashMap<>();
		scan(content, true, seen);
		if (metadata != null) {
			scan(metadata, false, seen);
		}
		for (Map.Entry<String, Located> entry : seen.entrySet()) {
			String candidate = entry.getKey();
			for (int i = 0; i < words.size(); i++) {
				if (best[i] >= 100) {
					continue;
				}
				double similarity = similarity(words.get(i), candidate, prefixes.contains(words.get(i)));
				if (similarity > best[i]) {
					best[i] = similarity;
					kinds[i] = kind(words.get(i), candidate, prefixes.contains(words.get(i)), similarity);
					where[i] = entry.getValue();
				}
			}
		}
		double weighted = 0;
		double weights = 0;
		int anchor = -1;
		Kind kind = Kind.EXACT;
		for (int i = 0; i < words.size(); i++) {
			Kind wordKind = (kinds[i] != null) ? kinds[i] : Kind.TYPO;
			kind = (wordKind.compareTo(kind) > 0) ? wordKind : kind;
			int weight = words.get(i).length();
			weighted += best[i] * weight;
			weights += weight;
			if (where[i] != null && (anchor < 0 || best[i] * weight > best[anchor] * words.get(anchor).length())) {
				anchor = i;
			}
		}
		double score = (weights == 0) ? 0 : Math.round(weighted / weights * 10) / 10.0;
		String preview = (anchor < 0) ? excerpt(content, -1, -1)
				: excerpt(where[anchor].inContent() ? content : metadata, where[anchor].start(), where[anchor].end());
		return new Match(score, kind, preview);
	}

	/**
	 * 100 when equal (or a requested prefix); for a query word of 3+ characters inside a
	 * longer word, {@link #PARTIAL_BASE} + 40 × its share of the word; otherwise (or when
	 * higher) 100 × (1 − edit distance / longer length).
	 */
	static double similarity(String query, String word, boolean prefix) {
		if (query.equals(word) || (prefix && word.startsWith(query))) {
			return 100;
		}
		double partial = partial(query, word);
		int longer = Math.max(query.length(), word.length());
		if (longer > MAX_COMPARED_LENGTH || Math.abs(query.length() - word.length()) * 2 > longer) {
			return partial;
		}
		return Math.max(partial, 100.0 * (1 - (double) distance(query, word) / longer));
	}

	private static double partial(String query, String word) {
		if (query.length() < FtsQuery.MIN_PARTIAL_LENGTH || !word.contains(query)) {
			return 0;
		}
		return PARTIAL_BASE + (100 - PARTIAL_BASE) * query.length() / word.length();
	}

	private static Kind kind(String query, String word, boolean prefix, double similarity) {
		if (similarity >= 100) {
			return Kind.EXACT;
		}
		return (similarity == partial(query, word)) ? Kind.PARTIAL : Kind.TYPO;
	}

	/**
	 * Edit distance over UTF-16 units (the words are already normalized), counting an
	 * adjacent transposition as one edit (optimal string alignment), as the variants of
	 * short words do.
	 */
	static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i][j - 1] + 1, d[i - 1][j] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

	/**
	 * Where a word first occurs: in the content or the metadata, and its character range.
	 */
	private record Located(boolean inContent, int start, int end) {
	}

	private static void scan(String text, boolean inContent, Map<String, Located> seen) {
		int start = -1;
		for (int i = 0; i <= text.length();) {
			int c = (i < text.length()) ? text.codePointAt(i) : ' ';
			boolean word = Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK;
			if (word && start < 0) {
				start = i;
			}
			else if (!word && start >= 0) {
				String raw = text.substring(start, i);
				for (String normalized : FtsQuery.split(FtsQuery.normalize(raw))) {
					seen.putIfAbsent(normalized, new Located(inContent, start, i));
				}
				start = -1;
			}
			i += (i < text.length()) ? Character.charCount(c) : 1;
		}
	}

	private static String excerpt(String text, int start, int end) {
		if (start < 0) {
			int to = Math.min(text.length(), 2 * PREVIEW_CONTEXT);
			if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
				to++;
			}
			return text.substring(0, to) + ((to < text.length()) ? "…" : "");
		}
		int from = Math.max(0, start - PREVIEW_CONTEXT);
		int to = Math.min(text.length(), end + PREVIEW_CONTEXT);
		if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
			from--;
		}
		if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
			to++;
		}
		return ((from > 0) ? "…" : "") + text.substring(from, start) + MARK_OPEN + text.substring(start, end)
				+ MARK_CLOSE + text.substring(end, to) + ((to < text.length()) ? "…" : "");
	}

}
