package dev.sharedcontext.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** JSON conventions of the API that Spring Boot's properties cannot express. */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

	/**
	 * Every time in the API is UTC ISO-8601 with exactly three fraction digits:
	 * 2026-11-25T16:29:18.000Z.
	 */
	static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Bean
	SimpleModule timestampModule() {
		SimpleModule module = new SimpleModule("timestamps");
		module.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
			@Override
			public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
				generator.writeString(TIMESTAMP.format(value));
			}
		});
		return module;
	}

}
