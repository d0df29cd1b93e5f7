package dev.sharedcontext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the package graph acyclic: every package is its own slice, sub-packages included
 * ({@code auth}, {@code auth.token} and {@code auth.apikey} are three slices), so a cycle
 * such as {@code auth → auth.token → ratelimit → audit → auth} fails the build. ArchUnit
 * rather than Spring Modulith: Modulith treats only the top-level packages as modules and
 * folds sub-packages into them, which would hide exactly the cycles between a package and
 * its sub-packages ({@code auth ↔ auth.token}, {@code mcp ↔ mcp.tool}).
 */
class ModularityTests {

	static final JavaClasses PRODUCTION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.sharedcontext");

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.sharedcontext.(**)").should().beFreeOfCycles().check(PRODUCTION);
	}

	/**
	 * One repository owns the {@code messages} table: other features ask
	 * {@code MessageRepository}, and no class outside the message package can read a
	 * message row.
	 */
	@Test
	void messageRowsAreReadOnlyInTheMessagePackage() {
		classes().that()
			.haveFullyQualifiedName("dev.sharedcontext.message.MessageRows")
			.should()
			.notBePublic()
			.andShould()
			.onlyBeAccessed()
			.byClassesThat()
			.resideInAPackage("dev.sharedcontext.message")
			.check(PRODUCTION);
	}

	/**
	 * A source scan, since SQL lives in strings: {@code messages} as a table (after
	 * {@code FROM}, {@code JOIN}, {@code INTO} or {@code UPDATE}) appears only in
	 * {@code message/MessageRepository.java} and the per-engine search SQL it runs,
	 * {@code message/MessageSearchSql.java}. The FTS5 tables ({@code messages_fts},
	 * {@code messages_trigram}) are other names and do not match.
	 */
	@Test
	void onlyMessageRepositoryHasSqlOnTheMessagesTable() throws IOException {
		Pattern table = Pattern.compile("(?i)\\b(from|join|into|update)\\s+messages\\b");
		Path sources = Path.of("src/main/java/dev/sharedcontext");
		Path owner = sources.resolve("message/MessageRepository.java");
		Path searchSql = sources.resolve("message/MessageSearchSql.java");
		List<Path> offenders;
		try (Stream<Path> files = Files.walk(sources)) {
			offenders = files.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> !file.equals(owner) && !file.equals(searchSql))
				.filter((file) -> table.matcher(read(file)).find())
				.toList();
		}
		assertThat(table.matcher(read(owner)).find()).as("the scan finds the owner's SQL").isTrue();
		assertThat(offenders).isEmpty();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
