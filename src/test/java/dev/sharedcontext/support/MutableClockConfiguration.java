package dev.sharedcontext.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Replaces the application's clock with a {@link MutableClock} starting now, for tests of
 * expiry, windows and retention that move time instead of waiting:
 * {@code @Import(MutableClockConfiguration.class)} and autowire {@link MutableClock}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MutableClockConfiguration {

	@Bean
	@Primary
	MutableClock mutableClock() {
		return MutableClock.startingNow();
	}

}
