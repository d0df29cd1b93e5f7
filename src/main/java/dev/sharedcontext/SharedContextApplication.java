package dev.sharedcontext;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Shared Context Server. {@code java -jar server.jar} starts the server; a first argument
 * naming a host command ({@code token}, {@code backup}, {@code config check},
 * {@code client-config}, {@code audit}, {@code migrate-to}, {@code aot-train},
 * {@code version}) runs that command and exits instead, and {@code --help} lists them
 * (see {@link HostCommands}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SharedContextApplication {

	public static void main(String[] args) {
		Integer exit = HostCommands.run(SharedContextApplication.class, args);
		if (exit != null) {
			System.exit(exit);
		}
		SpringApplication.run(SharedContextApplication.class, args);
	}

	/** The one source of time, so expiry and retention can be tested without waiting. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
