package dev.sharedcontext.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code java -jar server.jar version}: which build this is and which JVM runs it, read
 * from {@code META-INF/build-info.properties} (written by the Spring Boot Maven plugin's
 * {@code build-info} goal) without starting an application context, so it answers in well
 * under a second and works even when the configuration would not load.
 */
public final class VersionCommand {

	public static final String NAME = "version";

	static final String BUILD_INFO = "META-INF/build-info.properties";

	private VersionCommand() {
	}

	public static int run(String[] args) {
		if (args.length > 1) {
			if (HostContext.asksForHelp(args)) {
				System.out.println("usage: java -jar shared-context-server.jar version\n"
						+ "  Prints the server's version and build time and the Java version running it.");
				return 0;
			}
			System.err.println("error: 'version' takes no arguments");
			System.err.println("usage: java -jar shared-context-server.jar version");
			return 2;
		}
		Properties build = buildInfo();
		String name = build.getProperty("build.name", "shared-context-server");
		String version = build.getProperty("build.version", "unknown (no " + BUILD_INFO + ")");
		System.out.println(name + " " + version);
		if (build.getProperty("build.time") != null) {
			System.out.println("built " + build.getProperty("build.time"));
		}
		System.out.println("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor")
				+ ", " + System.getProperty("java.home") + ")");
		return 0;
	}

	private static Properties buildInfo() {
		Properties properties = new Properties();
		try (InputStream in = VersionCommand.class.getClassLoader().getResourceAsStream(BUILD_INFO)) {
			if (in != null) {
				properties.load(in);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

}
