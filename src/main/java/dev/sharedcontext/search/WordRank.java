package dev.sharedcontext.search;

import java.util.List;
import java.util.Set;

import dev.sharedcontext.message.Message;

/**
 * The order of exact hits: BM25 over the window the word index returned, computed here
 * because FTS5's {@code bm25()} reads the statistics of every match in the database first
 * (for a common word, most of a large database) and {@code ts_rank_cd} is computed per
 * match as well. Every message of the window contains every query term, so each term's
 * inverse document frequency is the same for all of them and only term frequency and
 * message length decide: {@code Σ tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))}, a
 * content hit counting 1 and a metadata hit 0.5 (content weighs twice metadata, as the
 * indexes' own ranking did). Higher is better.
 */
final class WordRank {

	private static final double K1 = 1.2;

	private static final double B = 0.75;

	private static final double METADATA_WEIGHT = 0.5;

	private final List<String> words;

	private final Set<String> prefixes;

	WordRank(FtsQuery query) {
		this.words = query.words();
		this.prefixes = query.prefixWords();
	}

	/** The rank of each message, in the order given (higher is better). */
	double[] rank(List<Message> messages, boolean includeMetadata) {
		double[][] tf = new double[messages.size()][];
		int[] lengths = new int[messages.size()];
		long total = 0;
		for (int i = 0; i < messages.size(); i++) {
			Message message = messages.get(i);
			tf[i] = new double[this.words.size()];
			lengths[i] = count(message.content(), tf[i], 1.0);
			if (includeMetadata && message.metadata() != null) {
				lengths[i] += count(message.metadata(), tf[i], METADATA_WEIGHT);
			}
			total += lengths[i];
		}
		double average = messages.isEmpty() ? 1 : Math.max(1.0, (double) total / messages.size());
		double[] ranks = new double[messages.size()];
		for (int i = 0; i < messages.size(); i++) {
			double norm = K1 * (1 - B + B * lengths[i] / average);
			for (double f : tf[i]) {
				ranks[i] += f * (K1 + 1) / (f + norm);
			}
		}
		return ranks;
	}

	/**
	 * Adds the weighted occurrences of each query word to {@code tf}; returns the number
	 * of words.
	 */
	private int count(String text, double[] tf, double weight) {
		List<String> tokens = FtsQuery.split(FtsQuery.normalize(text));
		for (String token : tokens) {
			for (int w = 0; w < this.words.size(); w++) {
				String word = this.words.get(w);
				if (token.equals(word) || (this.prefixes.contains(word) && token.startsWith(word))) {
					tf[w] += weight;
				}
			}
		}
		return tokens.size();
	}

}
