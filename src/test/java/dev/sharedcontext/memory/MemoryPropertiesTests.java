package dev.sharedcontext.memory;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class)
		.withPropertyValues("shared-context.memory.max-entries-per-agent=10000",
				"shared-context.memory.max-value-bytes=65536", "shared-context.memory.purge-interval=60");

	@Test
	void bindWhenDefaultsThenPurgeIntervalIsInSeconds() {
		this.runner.run((context) -> {
			MemoryProperties properties = context.getBean(MemoryProperties.class);
			assertThat(properties.maxEntriesPerAgent()).isEqualTo(10_000);
			assertThat(properties.maxValueBytes()).isEqualTo(65_536);
			assertThat(properties.purgeInterval()).isEqualTo(Duration.ofSeconds(60));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "shared-context.memory.max-entries-per-agent=0", "shared-context.memory.max-value-bytes=0",
			"shared-context.memory.max-value-bytes=1048577", "shared-context.memory.purge-interval=" })
	void bindWhenOutOfRangeThenStartUpFails(String property) {
		this.runner.withPropertyValues(property).run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MemoryProperties.class)
	static class Properties {

	}

}
