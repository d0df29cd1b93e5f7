package dev.sharedcontext.search;

import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.database.TransactionStatements;
import dev.sharedcontext.message.MessageRepository;

/**
 * Keeps the trigram index ({@code messages_trigram}, used only for typo-tolerant
 * candidates) up to date outside the transactions that post messages (migration V6): in
 * the background a few times a second, and before every typo-tolerant lookup up to the
 * newest committed message, so a search never misses a message that was acknowledged
 * before it started. Writing it in batches of many messages costs a fraction of writing
 * it one message per transaction, and takes it off the path of {@code add_message}.
 * SQLite only ({@link SearchConfiguration}).
 */
class TrigramIndexer implements TrigramIndex {

	/**
	 * Messages indexed per transaction, so one catch-up never holds the writer for long.
	 */
	static final int BATCH = 5_000;

	private static final Logger log = LoggerFactory.getLogger(TrigramIndexer.class);

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	private static final String INSERT = "INSERT INTO messages_trigram (rowid, content, metadata) VALUES (?, ?, ?)";

	private final MessageRepository messages;

	private final DataSource writer;

	private final TransactionTemplate transactions;

	private final ReentrantLock lock = new ReentrantLock();

	TrigramIndexer(JdbcClient jdbc, @ReadOnly JdbcClient reads, MessageRepository messages, DataSource writer,
			PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.reads = reads;
		this.messages = messages;
		this.writer = writer;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Indexes every message committed so far; returns at once when there is none to
	 * index.
	 */
	@Override
	public void catchUp() {
		if (!pending()) {
			return;
		}
		this.lock.lock();
		try {
			while (Boolean.TRUE.equals(this.transactions.execute((status) -> indexBatch()))) {
				// next batch
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Scheduled(fixedDelayString = "PT0.2S", initialDelayString = "PT1S")
	void inBackground() {
		try {
			catchUp();
		}
		catch (RuntimeException ex) {
			log.warn("Could not update the trigram index; will try again", ex);
		}
	}

	private boolean pending() {
		return this.messages.latestId() > this.reads
			.sql("SELECT indexed_through FROM search_index_progress WHERE name = 'messages_trigram'")
			.query(Long.class)
			.single();
	}

	/**
	 * One batch in the current (writing) transaction; returns whether more may be
	 * pending.
	 */
	private boolean indexBatch() {
		long from = this.jdbc.sql("SELECT indexed_through FROM search_index_progress WHERE name = 'messages_trigram'")
			.query(Long.class)
			.single();
		long newest = this.messages.latestIdInTransaction();
		if (newest <= from) {
			return false;
		}
		long to = Math.min(newest, from + BATCH);
		index(from, to);
		this.jdbc.sql("UPDATE search_index_progress SET indexed_through = :to WHERE name = 'messages_trigram'")
			.param("to", to)
			.update();
		return to < newest;
	}

	/**
	 * Copies the text of messages {@code from < id <= to} into the index through one
	 * prepared statement on the transaction's connection, a row at a time as the message
	 * package reads them, so a batch of large messages is never in memory at once.
	 */
	private void index(long from, long to) {
		TransactionStatements.withStatement(this.writer, INSERT, (insert) -> {
			this.messages.forEachText(from, to, (text) -> TransactionStatements.run("index message", INSERT, () -> {
				insert.setLong(1, text.id());
				insert.setString(2, text.content());
				insert.setString(3, text.metadata());
				return insert.executeUpdate();
			}));
			return null;
		});
	}

}
