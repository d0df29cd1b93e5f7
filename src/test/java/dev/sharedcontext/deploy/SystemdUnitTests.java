package dev.sharedcontext.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code deploy/systemd/shared-context-server.service} as systemd itself reads it:
 * {@code systemd-analyze verify} in a root directory laid out as the unit's install steps
 * say (the launcher at its {@code ExecStart} path, the distribution's units beside it).
 * systemd only warns about unknown settings, so any output about the unit fails the test.
 * Skipped when {@code systemd-analyze} is not installed.
 */
class SystemdUnitTests {

	private static final Path UNIT = Path.of("deploy/systemd/shared-context-server.service");

	private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");

	@TempDir
	Path root;

	@Test
	void systemdAcceptsTheUnitWithoutAWord() throws Exception {
		assertThat(verify(Files.readString(UNIT))).isEmpty();
	}

	@Test
	void aMistakeInTheUnitWouldBeNoticed() throws Exception {
		String broken = Files.readString(UNIT).replace("SystemCallFilter=@system-service", "SystemCallFilter=@bogus");
		assertThat(verify(broken)).contains("Unknown system call group");
	}

	@Test
	void theJitCanRunAndOnlyTheStateDirectoryIsWritable() throws IOException {
		List<String> lines = Files.readAllLines(UNIT);
		assertThat(lines).contains("DynamicUser=yes", "StateDirectory=shared-context-server", "ProtectSystem=strict",
				"ProtectHome=yes", "PrivateTmp=yes", "NoNewPrivileges=yes", "SystemCallFilter=@system-service",
				"EnvironmentFile=/etc/shared-context-server/env",
				"Environment=SCS_AOT_DIR=/var/lib/shared-context-server/aot");
		assertThat(lines).noneMatch((line) -> line.startsWith("MemoryDenyWriteExecute"));
		assertThat(lines).filteredOn((line) -> line.startsWith("RestrictAddressFamilies="))
			.singleElement()
			.asString()
			.contains("AF_INET", "AF_INET6", "AF_UNIX");
	}

	private String verify(String unit) throws IOException, InterruptedException {
		assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed: the systemd unit is not verified");
		Path launcher = this.root.resolve("opt/shared-context-server/bin/shared-context-server");
		Files.createDirectories(launcher.getParent());
		Files.copy(Path.of("bin/shared-context-server"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
		Path systemUnits = Files.isDirectory(Path.of("/usr/lib/systemd/system")) ? Path.of("/usr/lib/systemd/system")
				: Path.of("/lib/systemd/system");
		copyTree(systemUnits, this.root.resolve("usr/lib/systemd/system"));
		Path installed = this.root.resolve("etc/systemd/system/shared-context-server.service");
		Files.createDirectories(installed.getParent());
		Files.writeString(installed, unit);
		Process process = new ProcessBuilder(ANALYZE.toString(), "verify", "--root=" + this.root, installed.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output.strip();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file) && !Files.isSymbolicLink(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES,
							java.nio.file.LinkOption.NOFOLLOW_LINKS);
				}
			}
		}
	}

}
