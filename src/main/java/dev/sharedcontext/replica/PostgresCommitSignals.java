package dev.sharedcontext.replica;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link CommitSignals} as {@code SELECT pg_notify(channel, payload)} on the connection
 * of the current transaction (the primary {@link JdbcClient} joins it), so PostgreSQL
 * delivers the signal when that transaction commits and drops it when it rolls back.
 * Outside a transaction the statement commits on its own, right after the change it
 * follows.
 * <p>
 * All messages of one transaction (a group-commit batch) make one signal, sent just
 * before the commit with the largest id. PostgreSQL commits the messages of different
 * transactions in id order (the writer takes a transaction-level advisory lock before
 * drawing ids), so "messages up to id N" has no holes once it is delivered.
 */
final class PostgresCommitSignals implements CommitSignals {

	/** The one channel every replica listens on. */
	static final String CHANNEL = "shared_context_commits";

	private final JdbcClient jdbc;

	private final String origin;

	PostgresCommitSignals(JdbcClient jdbc, String origin) {
		this.jdbc = jdbc;
		this.origin = origin;
	}

	@Override
	public void messageCommitted(long id) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			send(Signal.Kind.MESSAGES, Long.toString(id));
			return;
		}
		MaxId pending = (MaxId) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			MaxId created = new MaxId();
			TransactionSynchronizationManager.bindResource(this, created);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					send(Signal.Kind.MESSAGES, Long.toString(created.get()));
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(PostgresCommitSignals.this);
				}
			});
			pending = created;
		}
		pending.accumulateAndGet(id, Math::max);
	}

	@Override
	public void tokenChanged(String tokenId) {
		send(Signal.Kind.TOKEN, tokenId);
	}

	@Override
	public void mcpEventStored(String mcpSessionId) {
		send(Signal.Kind.MCP_EVENT, mcpSessionId);
	}

	private void send(Signal.Kind kind, String argument) {
		this.jdbc.sql("SELECT pg_notify(:channel, :payload)")
			.param("channel", CHANNEL)
			.param("payload", new Signal(this.origin, kind, argument).payload())
			.query()
			.listOfRows();
	}

	/** The largest message id of one transaction. */
	private static final class MaxId extends AtomicLong {

		private static final long serialVersionUID = 1L;

	}

}
