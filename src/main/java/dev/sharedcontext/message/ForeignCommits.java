package dev.sharedcontext.message;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Reports messages committed by another process on the same database file.
 * {@link MessageAdded} fires only in the process that committed, so whatever waits for
 * posts here ({@code wait_for_messages}, MCP listen streams) would never hear of a post
 * made through another replica. About once a second, and only while a {@link Watcher} is
 * watching, this probe reads who may see each message with an id above the last one it
 * saw, leaves out those announced here by {@link MessageAdded}, and hands the rest to
 * every watcher.
 * <p>
 * A message committed here whose event has not run yet when the probe reads it is
 * reported too; that rare double report is harmless to watchers that re-read or send
 * level-triggered notifications, and avoiding it would need a lock across the commit.
 */
@Component
public class ForeignCommits {

	private static final Logger log = LoggerFactory.getLogger(ForeignCommits.class);

	private final MessageRepository messages;

	private final ObjectProvider<Watcher> watchers;

	/** Ids announced by {@link MessageAdded} here and not yet passed by the probe. */
	private final NavigableSet<Long> local = new ConcurrentSkipListSet<>();

	/** The largest id the probe has read; -1 while nobody watches. */
	private volatile long seenId = -1;

	/** Watchers are looked up when probing: they may depend on this component. */
	ForeignCommits(MessageRepository messages, ObjectProvider<Watcher> watchers) {
		this.messages = messages;
		this.watchers = watchers;
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
