package dev.sharedcontext.message;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.sharedcontext.replica.CommitSignalHandler;
import dev.sharedcontext.replica.CommitSignals;

/**
 * Reports messages committed by another process on the same database.
 * {@link MessageAdded} fires only in the process that committed, so whatever waits for
 * posts here ({@code wait_for_messages}, MCP listen streams, the dashboard's live
 * streams) would never hear of a post made through another replica. While a
 * {@link Watcher} is watching, this probe reads who may see each message with an id above
 * the last one it saw, leaves out those announced here by {@link MessageAdded}, and hands
 * the rest to every watcher.
 * <p>
 * The probe runs about once a second, and at once when another replica signals a commit
 * ({@link CommitSignalHandler#messagesCommitted}, PostgreSQL {@code LISTEN/NOTIFY}) or
 * the listener reconnects; each commit here signals the others from inside its
 * transaction ({@link CommitSignals#messageCommitted}). On SQLite there is no signal, and
 * the one-second probe alone serves processes on the same file.
 * <p>
 * <b>Commit order = id order.</b> "Everything above the last id seen" has no holes only
 * if no message with a smaller id can commit after one with a larger id has been read.
 * SQLite has one writer at a time, which draws ids inside its write lock. PostgreSQL
 * draws ids from a sequence, so the message writer takes a transaction-level advisory
 * lock before drawing them (held until commit): messages commit in id order across all
 * replicas, and a read that sees id N sees every smaller id too.
 * <p>
 * A message committed here whose event has not run yet when the probe reads it is
 * reported too; that rare double report is harmless to watchers that re-read or send
 * level-triggered notifications, and avoiding it would need a lock across the commit.
 */
@Component
public class ForeignCommits implements CommitSignalHandler {

	private static final Logger log = LoggerFactory.getLogger(ForeignCommits.class);

	private final MessageRepository messages;

	private final ObjectProvider<Watcher> watchers;

	private final CommitSignals signals;

	/** Ids announced by {@link MessageAdded} here and not yet passed by the probe. */
	private final NavigableSet<Long> local = new ConcurrentSkipListSet<>();

	/** The largest id the probe has read; -1 while nobody watches. */
	private volatile long seenId = -1;

	/** Watchers are looked up when probing: they may depend on this component. */
	ForeignCommits(MessageRepository messages, ObjectProvider<Watcher> watchers, CommitSignals signals) {
		this.messages = messages;
		this.watchers = watchers;
		this.signals = signals;
	}

	/**
	 * Runs inside the writing transaction (a plain listener runs when the event is
	 * published), so the other replicas hear of this message only if it commits.
	 */
	@EventListener
	void signalOthers(MessageAdded event) {
		this.signals.messageCommitted(event.message().id());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onMessageAdded(MessageAdded event) {
		if (this.seenId >= 0) {
			this.local.add(event.message().id());
		}
	}

	/**
	 * Starts reporting from now when nobody watched before. A watcher calls it after it
	 * counts as watching and before it reads (or acknowledges) what it watches, so that a
	 * message committed elsewhere between that moment and the next probe is reported
	 * rather than taken as the starting point.
	 */
	public synchronized void startWatching() {
		if (this.seenId < 0) {
			try {
				this.seenId = this.messages.latestId();
			}
			catch (RuntimeException ex) {
				log.debug("Could not read the newest message id: {}", ex.getMessage());
			}
		}
	}

	@Scheduled(fixedDelay = 1000)
	synchronized void probe() {
		if (this.watchers.orderedStream().noneMatch(Watcher::watching)) {
			this.seenId = -1;
			this.local.clear();
			return;
		}
		try {
			long latest = this.messages.latestId();
			long seen = this.seenId;
			this.seenId = latest;
			if (seen < 0 || latest <= seen) {
				return;
			}
			List<CommittedMessage> foreign = new ArrayList<>();
			for (CommittedMessage message : this.messages.committedBetween(seen, latest)) {
				if (!this.local.contains(message.id())) {
					foreign.add(message);
				}
			}
			this.local.headSet(latest, true).clear();
			if (!foreign.isEmpty()) {
				this.watchers.orderedStream().forEach((watcher) -> watcher.committedElsewhere(foreign));
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not probe for new messages: {}", ex.getMessage());
		}
	}

	/** Another replica committed messages: probe now rather than within a second. */
	@Override
	public void messagesCommitted(long upToId) {
		if (this.seenId >= 0 && upToId > this.seenId) {
			probe();
		}
	}

	/** The listener (re)connected: whatever was committed meanwhile is read now. */
	@Override
	public void signalsMissed() {
		probe();
	}

	/** Something that wants to hear of messages committed by other processes. */
	public interface Watcher {

		/** Whether anyone here is waiting now; the probe reads nothing while none is. */
		boolean watching();

		/**
		 * Messages committed elsewhere since the last report, in id order; called on the
		 * probe's thread, so it should hand work off rather than do it.
		 */
		void committedElsewhere(List<CommittedMessage> messages);

	}

}
