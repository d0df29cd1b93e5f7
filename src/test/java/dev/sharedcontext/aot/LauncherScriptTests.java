package dev.sharedcontext.aot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code bin/shared-context-server}, the launcher that trains and uses the JVM's start-up
 * cache, run by bash against a stand-in {@code java} (a script that answers
 * {@code -version} as told, fakes the jar extraction and the training run, and logs every
 * call): which JVM flags it chooses per Java version, that it trains once per JVM and jar
 * and then only uses the cache, that a failed training still starts the server, that
 * {@code SCS_AOT=off} and host commands never train, and that {@code JAVA_OPTS} and the
 * arguments pass through. The real JVM's side (that the jar's {@code aot-train} runs and
 * exits 0) is {@link AotTrainCommandTests}; bench/ measures the real thing.
 */
class LauncherScriptTests {

	private static final Path LAUNCHER = Path.of("bin/shared-context-server").toAbsolutePath();

	private static final String FAKE_JAVA = """
			#!/usr/bin/env bash
			echo "$*" >> "$FAKE_LOG"
			if [ "$1" = -version ]; then printf 'openjdk version "%s" 2026-01-01\\n' "$FAKE_VERSION" >&2; exit 0; fi
			args=("$@")
			for ((i = 0; i < $#; i++)); do
			  if [ "${args[$i]}" = --destination ]; then
			    mkdir -p "${args[$((i + 1))]}" && touch "${args[$((i + 1))]}/shared-context-server.jar"; exit 0
			  fi
			done
			for a in "$@"; do
			  case "$a" in
			    -XX:AOTCacheOutput=*|-XX:ArchiveClassesAtExit=*)
			      [ "${FAKE_TRAIN_FAIL:-}" = 1 ] && exit 1
			      echo cache > "${a#*=}"; exit 0 ;;
			  esac
			done
			echo "server started: $*"
			""";

	@TempDir
	Path temp;

	private Path log;

	private Path jar;

	private Path javaHome;

	/** Prefix of the launcher's command line, e.g. setpriv to run it as another user. */
	private List<String> runAs = List.of();

	@BeforeEach
	void fakeJavaAndJar() throws IOException {
		assumeThat(Path.of("/bin/bash")).exists();
		this.javaHome = this.temp.resolve("jdk");
		Path java = Files.createDirectories(this.javaHome.resolve("bin")).resolve("java");
		Files.writeString(java, FAKE_JAVA, StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.jar = this.temp.resolve("dist/shared-context-server.jar");
		Files.createDirectories(this.jar.getParent());
		Files.writeString(this.jar, "not really a jar");
		this.log = this.temp.resolve("java-calls.log");
	}

	private record Run(int exit, String output, List<String> javaCalls) {

		String last() {
			return this.javaCalls.get(this.javaCalls.size() - 1);
		}

		long trainings() {
			return this.javaCalls.stream().filter((c) -> c.contains(" aot-train ")).count();
		}

	}

	private Run launch(String version, Map<String, String> env, String... args) throws Exception {
		Files.deleteIfExists(this.log);
		ProcessBuilder builder = new ProcessBuilder(java.util.stream.Stream
			.of(this.runAs.stream(), java.util.stream.Stream.of("/bin/bash", LAUNCHER.toString()),
					java.util.stream.Stream.of(args))
			.flatMap((s) -> s)
			.toList()).redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.remove("JAVA_OPTS");
		environment.remove("SCS_AOT");
		environment.remove("SCS_AOT_DIR");
		environment.put("JAVA_HOME", this.javaHome.toString());
		environment.put("SCS_JAR", this.jar.toString());
		environment.put("FAKE_LOG", this.log.toString());
		environment.put("FAKE_VERSION", version);
		environment.putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		List<String> calls = Files.exists(this.log) ? Files.readAllLines(this.log) : List.of();
		return new Run(process.exitValue(), output, calls);
	}

	@Test
	void java25TrainsAnAotCacheOnceBesideTheJarThenStartsWithIt() throws Exception {
		Run first = launch("25.0.3", Map.of("JAVA_OPTS", "-Xmx300m -Dx=1"), "--server.port=1234");

		assertThat(first.exit()).as(first.output()).isZero();
		assertThat(first.output()).contains("training the start-up cache").contains("start-up cache ready");
		assertThat(first.trainings()).isEqualTo(1);
		assertThat(first.javaCalls()).anySatisfy(
				(c) -> assertThat(c).startsWith("-Djarmode=tools -jar " + this.jar).contains("extract --destination"));
		assertThat(first.javaCalls()).anySatisfy((c) -> assertThat(c).startsWith("-Xmx300m -Dx=1 -XX:AOTCacheOutput=")
			.contains("aot-train --seconds 20"));
		assertThat(first.last()).matches("-Xmx300m -Dx=1 -XX:AOTCache=\\S+/\\.aot/[0-9a-f]{16}/app\\.aot -jar "
				+ "\\S+/\\.aot/[0-9a-f]{16}/app/shared-context-server\\.jar --server\\.port=1234");
		assertThat(first.output()).contains("server started: -Xmx300m");

		Run second = launch("25.0.3", Map.of("JAVA_OPTS", "-Xmx300m -Dx=1"), "--server.port=1234");
		assertThat(second.trainings()).isZero();
		assertThat(second.output()).doesNotContain("training");
		assertThat(second.last()).isEqualTo(first.last());
	}

	@Test
	void anotherJvmOrOtherOptionsTrainAnotherCache() throws Exception {
		Run first = launch("25.0.3", Map.of());
		Run upgraded = launch("25.0.4", Map.of());
		Run otherOptions = launch("25.0.4", Map.of("JAVA_OPTS", "-XX:+UseSerialGC"));

		assertThat(List.of(first, upgraded, otherOptions)).allSatisfy((r) -> assertThat(r.trainings()).isEqualTo(1));
		assertThat(List.of(first.last(), upgraded.last(), otherOptions.last())).doesNotHaveDuplicates();
	}

	@Test
	void java17To24UseACdsArchive() throws Exception {
		Run run = launch("17.0.15", Map.of());

		assertThat(run.javaCalls()).anySatisfy((c) -> assertThat(c).startsWith("-XX:ArchiveClassesAtExit="));
		assertThat(run.last())
			.matches("-XX:SharedArchiveFile=\\S+/app\\.jsa -jar \\S+/app/shared-context-server\\.jar");
	}

	@Test
	void failedTrainingWarnsAndStartsWithoutTheCache() throws Exception {
		Run run = launch("25.0.3", Map.of("FAKE_TRAIN_FAIL", "1", "JAVA_OPTS", "-Xmx1g"), "--x=y");

		assertThat(run.exit()).isZero();
		assertThat(run.output()).contains("training failed").contains("starting without a start-up cache");
		assertThat(run.last()).isEqualTo("-Xmx1g -jar " + this.jar + " --x=y");
		assertThat(this.jar.resolveSibling(".aot")).isDirectoryNotContaining("glob:**/app.aot");
	}

	@Test
	void offSwitchAndHostCommandsNeverTrain() throws Exception {
		Run off = launch("25.0.3", Map.of("SCS_AOT", "off", "JAVA_OPTS", "-Xmx1g"));
		assertThat(off.javaCalls()).containsExactly("-Xmx1g -jar " + this.jar);

		Run token = launch("25.0.3", Map.of(), "token", "create", "--agent-id", "ops");
		assertThat(token.trainings()).isZero();
		assertThat(token.last()).isEqualTo("-jar " + this.jar + " token create --agent-id ops");

		for (String help : new String[] { "--help", "-h" }) {
			Run usage = launch("25.0.3", Map.of(), help);
			assertThat(usage.trainings()).as(help).isZero();
			assertThat(usage.last()).isEqualTo("-jar " + this.jar + " " + help);
		}
	}

	@Test
	void cacheDirectoryCanBeChosen() throws Exception {
		Path caches = this.temp.resolve("caches");
		Run run = launch("25.0.3", Map.of("SCS_AOT_DIR", caches.toString(), "SCS_AOT_SECONDS", "3"));

		assertThat(run.javaCalls()).anySatisfy((c) -> assertThat(c).contains("aot-train --seconds 3"));
		assertThat(run.last()).startsWith("-XX:AOTCache=" + caches + "/");
		assertThat(caches).isDirectoryRecursivelyContaining("glob:**/app.aot");
	}

	@Test
	void trainOnlyTrainsThenExitsWithoutStartingTheServer() throws Exception {
		Path caches = this.temp.resolve("baked");
		Map<String, String> env = Map.of("SCS_AOT_DIR", caches.toString(), "SCS_AOT_TRAIN_ONLY", "true");
		Run build = launch("25.0.3", env);
		assertThat(build.exit()).as(build.output()).isZero();
		assertThat(build.trainings()).isEqualTo(1);
		assertThat(build.last()).contains(" aot-train ");
		assertThat(build.output()).doesNotContain("server started");

		Run again = launch("25.0.3", env);
		assertThat(again.exit()).isZero();
		assertThat(again.javaCalls()).noneSatisfy((c) -> assertThat(c).contains("aot-train"));

		Run failed = launch("25.0.3", Map.of("SCS_AOT_DIR", this.temp.resolve("other").toString(), "SCS_AOT_TRAIN_ONLY",
				"true", "FAKE_TRAIN_FAIL", "1"));
		assertThat(failed.exit()).isEqualTo(1);
		assertThat(failed.output()).doesNotContain("server started");
	}

	@Test
	void aReadOnlyCacheDirectoryIsUsedButNeverTrainedIn() throws Exception {
		Path caches = this.temp.resolve("baked");
		assertThat(launch("25.0.3", Map.of("SCS_AOT_DIR", caches.toString(), "SCS_AOT_TRAIN_ONLY", "true")).exit())
			.isZero();
		assertThat(caches.toFile().setWritable(false, false)).isTrue();
		if ("root".equals(System.getProperty("user.name"))) {
			// root writes to read-only directories: run the launcher as nobody (like the
			// image's user), who may
			// read everything here and write only the call log
			assumeThat(Path.of("/usr/bin/setpriv")).as("as root, setpriv runs the launcher as nobody").exists();
			this.runAs = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
			for (Path dir : List.of(this.temp, this.javaHome, this.javaHome.resolve("bin"), this.jar.getParent())) {
				Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
			Files.setPosixFilePermissions(this.temp, PosixFilePermissions.fromString("rwxrwxrwx"));
		}
		try {
			Run baked = launch("25.0.3", Map.of("SCS_AOT_DIR", caches.toString()));
			assertThat(baked.trainings()).isZero();
			assertThat(baked.last()).startsWith("-XX:AOTCache=" + caches + "/");

			Run otherOptions = launch("25.0.3", Map.of("SCS_AOT_DIR", caches.toString(), "JAVA_OPTS", "-Xmx1g"));
			assertThat(otherOptions.exit()).as(otherOptions.output()).isZero();
			assertThat(otherOptions.output()).contains("not writable; starting without one");
			assertThat(otherOptions.last()).isEqualTo("-Xmx1g -jar " + this.jar);
		}
		finally {
			caches.toFile().setWritable(true, false);
		}
	}

}
