package dev.sharedcontext.audit;

import java.io.PrintStream;

import org.springframework.context.ConfigurableApplicationContext;

import dev.sharedcontext.host.HostContext;

/**
 * {@code java -jar server.jar audit verify}: checks the audit log's hash chain on the
 * host, against the same database (same configuration) as the server, and says whether it
 * is intact. Exit code 0 when it is, 1 at the first broken row (whose id is printed), 2
 * for a usage error.
 */
public final class AuditCommand {

	public static final String NAME = "audit";

	private static final String USAGE = """
			usage: java -jar shared-context-server.jar audit verify
			  Checks the audit log's hash chain from the oldest remaining row. Exit code 0: intact;
			  1: broken (the first broken row's id is printed); 2: usage error.""";

	private AuditCommand() {
	}

	public static int run(Class<?> application, String[] args) {
		PrintStream out = System.out;
		PrintStream err = System.err;
		if (HostContext.asksForHelp(args)) {
			out.println(USAGE);
			return 0;
		}
		if (args.length != 2 || !"verify".equals(args[1])) {
			err.println("error: expected 'audit verify'");
			err.println(USAGE);
			return 2;
		}
		try (ConfigurableApplicationContext context = HostContext.start(application)) {
			AuditVerification result = context.getBean(AuditVerifier.class).verify();
			String unchained = (result.unchained() > 0)
					? " (" + result.unchained() + " older rows predate the chain and were not checked)" : "";
			if (result.intact()) {
				out.printf("OK: %d audit rows checked%s%n", result.checked(), unchained);
				return 0;
			}
			out.printf("BROKEN at audit row id %d: %s; %d rows before it checked%s%n", result.brokenId(),
					result.problem(), result.checked(), unchained);
			return 1;
		}
	}

}
