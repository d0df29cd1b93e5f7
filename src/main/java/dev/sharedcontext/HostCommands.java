package dev.sharedcontext;

import java.util.List;

import dev.sharedcontext.aot.AotTrainCommand;
import dev.sharedcontext.audit.AuditCommand;
import dev.sharedcontext.auth.token.TokenCommand;
import dev.sharedcontext.backup.BackupCommand;
import dev.sharedcontext.host.VersionCommand;
import dev.sharedcontext.mcp.ClientConfigCommand;
import dev.sharedcontext.migration.MigrateCommand;

/**
 * The jar's command line: with no arguments (or only {@code --name=value} settings) it
 * starts the server; a first argument naming a host command runs that command and exits
 * instead. One table, so {@code --help} lists exactly the commands that dispatch, and a
 * mistyped command or {@code --help} never starts a server by accident.
 */
final class HostCommands {

	/**
	 * One host command: its name, a one-line summary for {@code --help}, and its entry.
	 */
	record Command(String name, String synopsis, String summary, Entry entry) {
	}

	/** A command's entry point; returns the process's exit code. */
	interface Entry {

		int run(Class<?> application, String[] args);

	}

	static final List<Command> ALL = List.of(
			new Command(TokenCommand.NAME, "token create|list|revoke ...", "issue, list or revoke tokens",
					TokenCommand::run),
			new Command(BackupCommand.NAME, "backup --to FILE", "online SQLite backup of the database",
					BackupCommand::run),
			new Command(ConfigCheckCommand.NAME, "config check", "print the effective configuration, with warnings",
					ConfigCheckCommand::run),
			new Command(ClientConfigCommand.NAME, "client-config CLIENT [--url URL] [--with-key]",
					"an MCP client's configuration for this server", ClientConfigCommand::run),
			new Command(AuditCommand.NAME, "audit verify", "check the audit log's hash chain", AuditCommand::run),
			new Command(MigrateCommand.NAME, "migrate-to --database-url URL",
					"copy the SQLite database to an empty PostgreSQL", MigrateCommand::run),
			new Command(AotTrainCommand.NAME, "aot-train", "start-up cache training run (the launcher runs it)",
					AotTrainCommand::run),
			new Command(VersionCommand.NAME, "version", "the server's and Java's version",
					(application, args) -> VersionCommand.run(args)));

	static final String USAGE = """
			usage: java -jar shared-context-server.jar [--name=value ...]     start the server
			       java -jar shared-context-server.jar COMMAND [ARGS]        run a host command and exit
			       (bin/shared-context-server takes the same arguments)

			The server is configured by environment variables (.env.example, docs/operations.md) or
			--name=value settings, e.g. --server.port=8080.

			Host commands (each has --help; they use the server's configuration, database and secrets):
			""";

	private HostCommands() {
	}

	/**
	 * Runs the host command {@code args} name, or prints the usage for {@code --help},
	 * {@code -h} or {@code help}.
	 * @return the exit code, or {@code null} when {@code args} start the server
	 */
	static Integer run(Class<?> application, String[] args) {
		if (args.length == 0) {
			return null;
		}
		String first = args[0];
		if ("--help".equals(first) || "-h".equals(first) || "help".equals(first)) {
			System.out.print(usage());
			return 0;
		}
		for (Command command : ALL) {
			if (command.name().equals(first)) {
				return command.entry().run(application, args);
			}
		}
		if (!first.startsWith("-")) {
			System.err.println("error: unknown command '" + first + "'");
			System.err.print(usage());
			return 2;
		}
		return null;
	}

	static String usage() {
		StringBuilder usage = new StringBuilder(USAGE);
		for (Command command : ALL) {
			usage.append(String.format("  %-47s %s%n", command.synopsis(), command.summary()));
		}
		return usage.toString();
	}

}
