package dev.sharedcontext.message;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.background.BackgroundConfiguration;
import dev.sharedcontext.session.SessionService;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;
import dev.sharedcontext.web.ApiException;
import dev.sharedcontext.web.InvalidInputException;

/**
 * Group commit for posted messages. SQLite has one writer, and most of the cost of a
 * small write is per transaction (the WAL frames of every page touched, a new FTS5
 * segment per index), so posts that arrive while a transaction is being written are
 * queued and the next transaction writes all of them: one writer thread drains the queue,
 * writes up to {@value #MAX_BATCH} messages in one IMMEDIATE transaction, and answers
 * each caller only after that transaction has committed. Under no load a batch is one
 * message, so nothing waits for company. On PostgreSQL the same batch is one multi-row
 * INSERT, and the transaction first takes the lock that makes message ids commit in id
 * order across every connection and replica ({@link MessageRepository#withInserter}).
 * <p>
 * Each message is checked on its own (session exists, parent is a visible message of the
 * same session) before anything of it is written, so one bad post fails alone with its
 * own error and the rest of the batch commits. An unexpected database failure rolls the
 * whole batch back and fails every caller in it: nothing acknowledged is ever lost, and
 * nothing failed is ever stored. {@link MessageAdded} is published for each stored
 * message inside the transaction, so its listeners run after the commit, as before.
 * <p>
 * The writer thread is the one thread of {@link BackgroundConfiguration#MESSAGE_WRITER}:
 * the drain loop is submitted there on start and interrupted on stop, after the web
 * server's graceful drain.
 */
@Component
class MessageWriter implements SmartLifecycle {

	static final int MAX_BATCH = 256;

	private static final Logger log = LoggerFactory.getLogger(MessageWriter.class);

	private final MessageRepository messages;

	private final SessionService sessions;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final ThreadPoolTaskExecutor executor;

	private volatile Future<?> loop;

	private volatile CountDownLatch stopped = new CountDownLatch(0);

	MessageWriter(MessageRepository messages, SessionService sessions, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager, Clock clock,
			@Qualifier(BackgroundConfiguration.MESSAGE_WRITER) ThreadPoolTaskExecutor executor) {
		this.executor = executor;
		this.messages = messages;
		this.sessions = sessions;
		this.events = events;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/** A post waiting for its transaction. {@code metadata} is already serialized. */
	record Pending(AgentPrincipal caller, String sessionId, PostMessageRequest request, String metadata,
			CompletableFuture<Message> result) {
	}

	/**
	 * Writes the message and returns it once it is committed. Inside a caller's own
	 * transaction it is written there and then, so that it commits or rolls back with the
	 * rest of that transaction.
	 */
	Message write(AgentPrincipal caller, String sessionId, PostMessageRequest request, String metadata) {
		if (TransactionSynchronizationManager.isActualTransactionActive() || this.loop == null) {
			return this.transactions.execute((status) -> this.messages.withInserter((inserter) -> {
				List<Message> written = new ArrayList<>(1);
				writeOne(inserter, caller, sessionId, request, metadata, this.clock.instant(), new HashSet<>(),
						written::add);
				inserter.flush();
				return written.get(0);
			}));
		}
		CompletableFuture<Message> result = new CompletableFuture<>();
		this.queue.add(new Pending(caller, sessionId, request, metadata, result));
		if (this.loop == null) {
			failRemaining();
		}
		try {
			return result.join();
		}
		catch (java.util.concurrent.CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

	private void drain(CountDownLatch done) {
		try {
			List<Pending> batch = new ArrayList<>(MAX_BATCH);
			while (!Thread.currentThread().isInterrupted()) {
				try {
					batch.add(this.queue.take());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				this.queue.drainTo(batch, MAX_BATCH - 1);
				writeBatch(batch);
				batch.clear();
			}
			failRemaining();
		}
		finally {
			done.countDown();
		}
	}

	private void writeBatch(List<Pending> batch) {
		Message[] written = new Message[batch.size()];
		try {
			this.transactions.executeWithoutResult((status) -> this.messages.withInserter((inserter) -> {
				Instant now = this.clock.instant();
				Set<String> checked = new HashSet<>();
				for (int i = 0; i < batch.size(); i++) {
					Pending pending = batch.get(i);
					int index = i;
					try {
						writeOne(inserter, pending.caller(), pending.sessionId(), pending.request(), pending.metadata(),
								now, checked, (message) -> written[index] = message);
					}
					catch (ApiException ex) {
						// checked before anything of this message was written: it fails
						// alone
						pending.result().completeExceptionally(ex);
					}
				}
				return null;
			}));
		}
		catch (RuntimeException ex) {
			log.warn("Could not write a batch of {} messages; all of them failed", batch.size(), ex);
			batch.forEach((pending) -> pending.result().completeExceptionally(ex));
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			if (written[i] != null) {
				batch.get(i).result().complete(written[i]);
			}
		}
	}

	/**
	 * Checks, then adds, one message to the current transaction's inserter, which hands
	 * the stored message (with its id) to {@code written} once its row is written, and
	 * publishes {@link MessageAdded} for it. Every check comes before the message is
	 * added, so a failed check leaves nothing of this message behind.
	 * @param checked sessions this transaction has already found writable
	 */
	private void writeOne(MessageRepository.Inserter inserter, AgentPrincipal caller, String sessionId,
			PostMessageRequest request, String metadata, Instant now, Set<String> checked, Consumer<Message> written) {
		if (request.parentMessageId() != null) {
			requireParent(inserter, caller, sessionId, request.parentMessageId());
		}
		if (checked.add(sessionId)) {
			try {
				this.sessions.requireWritable(sessionId);
			}
			catch (RuntimeException ex) {
				checked.remove(sessionId);
				throw ex;
			}
		}
		String content = request.content().strip();
		Message unsaved = new Message(0, sessionId, caller.agentId(), caller.agentType(), content,
				request.visibilityOrDefault(), request.messageTypeOrDefault(), metadata, now,
				request.parentMessageId());
		inserter.add(unsaved, (message) -> {
			this.events.publishEvent(new MessageAdded(message));
			written.accept(message);
		});
	}

	/**
	 * The parent may be a message of this very batch whose row is still buffered (a
	 * client that guessed the id): when it is not found, the buffer is written and the
	 * lookup tried once more.
	 */
	private void requireParent(MessageRepository.Inserter inserter, AgentPrincipal caller, String sessionId,
			long parentId) {
		Optional<Message> found = this.messages.findForUpdate(parentId);
		if (found.isEmpty() && inserter.hasPending()) {
			inserter.flush();
			found = this.messages.findForUpdate(parentId);
		}
		Message parent = found
			.filter((m) -> VisibilityPolicy.canRead(Viewer.of(caller), m.visibility(), m.sender(), m.senderType()))
			.orElse(null);
		if (parent == null || !parent.sessionId().equals(sessionId)) {
			// a missing session is the better answer when both are wrong
			this.sessions.requireExists(sessionId);
			throw new InvalidInputException("INVALID_PARENT_MESSAGE",
					"parent_message_id " + parentId + " is not a message of this session",
					List.of(new InvalidInputException.FieldError("parent_message_id",
							"must be a message of the same session")));
		}
	}

	private void failRemaining() {
		List<Pending> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.forEach((pending) -> pending.result()
			.completeExceptionally(new IllegalStateException("The server is shutting down")));
	}

	@Override
	public void start() {
		CountDownLatch done = new CountDownLatch(1);
		this.stopped = done;
		this.loop = this.executor.submit(() -> drain(done));
	}

	@Override
	public void stop() {
		Future<?> writer = this.loop;
		this.loop = null;
		if (writer != null) {
			writer.cancel(true);
			try {
				this.stopped.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			// a loop cancelled before it ran never drained
			failRemaining();
		}
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

	/**
	 * Stops after the web server's graceful shutdown (phase {@code DEFAULT_PHASE - 1024})
	 * has let in-flight requests finish, and before the web server itself stops
	 * ({@code DEFAULT_PHASE - 2048}).
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1536;
	}

}
