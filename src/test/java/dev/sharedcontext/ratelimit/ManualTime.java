package dev.sharedcontext.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;

/** A Bucket4j time source that stands still until a test moves it. */
final class ManualTime implements TimeMeter {

	private final AtomicLong nanos = new AtomicLong(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli() * 1_000_000);

	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	@Override
	public long currentTimeNanos() {
		return this.nanos.get();
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

}
