package dev.sharedcontext.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A clock that stands still until a test moves it, so expiry can be tested without
 * waiting. Register it as a {@code @Primary} bean in a {@code @TestConfiguration}; every
 * service that takes the {@link Clock} then follows it.
 */
public final class MutableClock extends Clock {

	private volatile Instant now;

	public MutableClock(Instant start) {
		this.now = start;
	}

	/** A clock at the current time, truncated to the millisecond the database stores. */
	public static MutableClock startingNow() {
		return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("MutableClock is always UTC");
	}

}
