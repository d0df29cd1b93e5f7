package dev.sharedcontext.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Service;

import dev.sharedcontext.audit.AuditSession;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.message.IndexQuery;
import dev.sharedcontext.message.Message;
import dev.sharedcontext.message.MessageRepository;
import dev.sharedcontext.ratelimit.RateLimit;
import dev.sharedcontext.ratelimit.RateLimited;
import dev.sharedcontext.session.SessionService;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;
import dev.sharedcontext.web.InvalidInputException;
import dev.sharedcontext.web.Timestamps;

/**
 * {@code search_context}, {@code search_by_sender} and {@code search_by_timerange} (SPEC
 * §7), for MCP and REST alike.
 * <p>
 * A search first asks the word index (BM25, prefix, phrase) for messages containing every
 * query word; those score 100. When they do not fill the page and the threshold allows
 * less than an exact match, it asks the trigram index for a bounded set of messages
 * containing a piece of a query word, scores each by {@link Similarity} and keeps those
 * at or above {@code fuzzy_threshold}. Both lookups filter by session, scope and
 * {@link VisibilityPolicy} in SQL, so a message the caller may not read is never a
 * candidate.
 */
@Service
public class SearchService {

	/**
	 * How many typo-tolerant candidates are scored per result asked for (and at least how
	 * many).
	 */
	private static final int FUZZY_CANDIDATES_PER_RESULT = 5;

	private static final int MIN_FUZZY_CANDIDATES = 50;

	private final MessageRepository messages;

	private final SessionService sessions;

	private final TrigramIndex trigrams;

	SearchService(MessageRepository messages, SessionService sessions, TrigramIndex trigrams) {
		this.messages = messages;
		this.sessions = sessions;
		this.trigrams = trigrams;
	}

	/**
	 * Ranked search in one session, or in every session when {@code request.sessionId()}
	 * is {@code null}.
	 * @throws dev.sharedcontext.session.SessionNotFoundException when the session does
	 * not exist
	 */
	@RateLimited(RateLimit.SEARCH)
	public SearchResults search(AgentPrincipal caller, SearchRequest request) {
		caller.require(Permission.READ, "search_context");
		long started = System.nanoTime();
		if (request.sessionId() != null) {
			this.sessions.requireReadable(caller, request.sessionId());
		}
		FtsQuery query = FtsQuery.parse(request.query());
		List<SearchHit> hits = query.isEmpty() ? List.of() : find(Viewer.of(caller), query, request);
		return new SearchResults(request.sessionId(), request.query(), request.fuzzyThreshold(), request.limit(),
				request.searchMetadata(), request.searchScope(), hits, hits.size(),
				(System.nanoTime() - started) / 1_000_000);
	}

	private List<SearchHit> find(Viewer viewer, FtsQuery query, SearchRequest request) {
		int limit = request.limit();
		boolean metadata = request.searchMetadata();
		IndexQuery indexed = query.forIndexes(metadata);
		List<MessageRepository.IndexMatch> exact = this.messages.findByWordIndex(indexed, Similarity.MARK_OPEN,
				Similarity.MARK_CLOSE, request.sessionId(), request.searchScope().tier(), viewer, limit);
		List<Ranked> ranked = new ArrayList<>();
		Set<Long> seen = new HashSet<>();
		for (MessageRepository.IndexMatch candidate : exact) {
			seen.add(candidate.message().id());
			ranked.add(new Ranked(new SearchHit(candidate.message(), 100.0, Relevance.HIGH, candidate.preview()), 0,
					candidate.bm25()));
		}
		if (ranked.size() < limit && request.fuzzyThreshold() < 100 && query.hasFuzzyWords()) {
			int candidates = Math.max(MIN_FUZZY_CANDIDATES, limit * FUZZY_CANDIDATES_PER_RESULT);
			this.trigrams.catchUp();
			for (MessageRepository.IndexMatch candidate : this.messages.findByTrigramIndex(indexed, request.sessionId(),
					request.searchScope().tier(), viewer, candidates)) {
				if (!seen.add(candidate.message().id())) {
					continue;
				}
				Similarity.Match match = Similarity.of(query, candidate.message().content(),
						metadata ? candidate.message().metadata() : null);
				if (match.score() >= request.fuzzyThreshold()) {
					ranked.add(new Ranked(new SearchHit(candidate.message(), match.score(), Relevance.of(match.score()),
							match.preview()), 1, candidate.bm25()));
				}
			}
		}
		return ranked.stream().sorted(Ranked.ORDER).limit(limit).map(Ranked::hit).toList();
	}

	/**
	 * A hit with what orders it: score, then exact before fuzzy, then BM25 within its
	 * index, then newest.
	 */
	private record Ranked(SearchHit hit, int source, double bm25) {

		static final Comparator<Ranked> ORDER = Comparator.comparingDouble((Ranked r) -> -r.hit().score())
			.thenComparingInt(Ranked::source)
			.thenComparingDouble(Ranked::bm25)
			.thenComparingLong((Ranked r) -> -r.hit().message().id());

	}

	/**
	 * The visible messages of {@code sender} in a session, oldest first; {@code limit}
	 * 1–100.
	 */
	@RateLimited(RateLimit.SEARCH)
	public SenderMessages bySender(AgentPrincipal caller, @AuditSession String sessionId, String sender, int limit) {
		caller.require(Permission.READ, "search_by_sender");
		this.sessions.requireReadable(caller, sessionId);
		List<Message> messages = this.messages.findBySender(sessionId, sender, Viewer.of(caller), limit);
		return new SenderMessages(sessionId, sender, messages, messages.size());
	}

	/**
	 * The visible messages of a session posted from {@code start} to {@code end} (both
	 * inclusive), oldest first; {@code limit} 1–100.
	 * @throws InvalidInputException when {@code start} is after {@code end}
	 * ({@code INVALID_TIME_RANGE}) or either lies outside years 0000–9999
	 * ({@code INVALID_INPUT})
	 */
	@RateLimited(RateLimit.SEARCH)
	public TimeRangeMessages byTimeRange(AgentPrincipal caller, @AuditSession String sessionId, Instant start,
			Instant end, int limit) {
		caller.require(Permission.READ, "search_by_timerange");
		requireInRange(start, "start_time");
		requireInRange(end, "end_time");
		this.sessions.requireReadable(caller, sessionId);
		if (start.isAfter(end)) {
			throw new InvalidInputException("INVALID_TIME_RANGE", "start_time must not be after end_time",
					List.of(new InvalidInputException.FieldError("start_time", "must not be after end_time")));
		}
		List<Message> messages = this.messages.findInRange(sessionId, start, end, Viewer.of(caller), limit);
		return new TimeRangeMessages(sessionId, start, end, messages, messages.size());
	}

	private static void requireInRange(Instant time, String field) {
		if (time == null) {
			throw new InvalidInputException("INVALID_INPUT", field + " is required",
					List.of(new InvalidInputException.FieldError(field, "is required")));
		}
		Timestamps.requireFourDigitYear(time, field);
	}

}
