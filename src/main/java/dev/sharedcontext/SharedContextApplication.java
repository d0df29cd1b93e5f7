package dev.sharedcontext;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.sharedcontext.aot.AotTrainCommand;
import dev.sharedcontext.audit.AuditCommand;
import dev.sharedcontext.auth.token.TokenCommand;
import dev.sharedcontext.migration.MigrateCommand;

/**
 * Shared Context Server. {@code java -jar server.jar} starts the server;
 * {@code java -jar server.jar token create
 * ...} issues a token on the host (the way to get the first admin token) and exits;
 * {@code java -jar server.jar audit verify} checks the audit log's hash chain and exits;
 * {@code java -jar server.jar migrate-to --database-url URL} copies the SQLite database
 * to an empty PostgreSQL database and exits; {@code java -XX:AOTCacheOutput=app.aot -jar
 * server.jar aot-train} is the training run for the JVM's start-up cache
 * (bin/shared-context-server runs it).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SharedContextApplication {

	public static void main(String[] args) {
		if (args.length > 0 && TokenCommand.NAME.equals(args[0])) {
			System.exit(TokenCommand.run(SharedContextApplication.class, args));
		}
		if (args.length > 0 && AuditCommand.NAME.equals(args[0])) {
			System.exit(AuditCommand.run(SharedContextApplication.class, args));
		}
		if (args.length > 0 && MigrateCommand.NAME.equals(args[0])) {
			System.exit(MigrateCommand.run(SharedContextApplication.class, args));
		}
		if (args.length > 0 && AotTrainCommand.NAME.equals(args[0])) {
			System.exit(AotTrainCommand.run(SharedContextApplication.class, args));
		}
		SpringApplication.run(SharedContextApplication.class, args);
	}

	/** The one source of time, so expiry and retention can be tested without waiting. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
