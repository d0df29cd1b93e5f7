package dev.sharedcontext.web.validation;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import dev.sharedcontext.support.Corpus;
import dev.sharedcontext.web.ApiException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the edge where request bodies become records: JSON bodies (the committed seeds,
 * bodies generated from the records' own property names with values of every JSON type,
 * huge numbers and deep nesting, and text mutations of both) are read into every request
 * record of the application with the application's {@link JsonMapper} (configured by
 * application.yml: snake_case, unknown properties refused) and checked with its
 * {@link Validator}, both from text (REST bodies) and from a parsed tree (MCP tool
 * arguments). The only failures allowed are a {@link JacksonException} while binding,
 * constraint violations, or our own {@link ApiException}; the custom validators never
 * throw. The records are found by scanning, so a new request record is fuzzed without
 * touching this class. jqwik rather than Jazzer: the inputs are structured JSON built per
 * record.
 */
class RequestBindingFuzzTests {

	private static final List<String> SEEDS = Corpus.load(RequestBindingFuzzTests.class, "RequestInputs/seeds.txt");

	private static final List<Class<?>> RECORDS = requestRecords();

	private static ConfigurableApplicationContext context;

	private static JsonMapper json;

	private static Validator validator;

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, ValidationAutoConfiguration.class })
	static class JsonAndValidation {

	}

	@BeforeContainer
	static void start() {
		context = new SpringApplicationBuilder(JsonAndValidation.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run();
		json = context.getBean(JsonMapper.class);
		validator = context.getBean(Validator.class);
	}

	@AfterContainer
	static void stop() {
		context.close();
	}

	@Example
	void requestRecordsAreFoundAndTheMapperIsTheApplications() {
		assertThat(RECORDS).extracting(Class::getSimpleName)
			.contains("PostMessageRequest", "SetMemoryRequest", "SearchRequest", "CreateSessionRequest", "TokenRequest",
					"RefreshRequest", "WaitArgs");
		Class<?> createSession = record("CreateSessionRequest");
		assertThat(bind("{\"purpose\":\"p\",\"metadata\":{\"a\":1}}", createSession)).isEqualTo(Outcome.BOUND);
		// application.yml's settings are in force: unknown names refused, snake_case
		// names
		assertThat(bind("{\"purpose\":\"p\",\"unknown\":1}", createSession)).isEqualTo(Outcome.UNREADABLE);
		assertThat(bind("{\"content\":\"c\",\"message_type\":\"x y\"}", record("PostMessageRequest")))
			.isEqualTo(Outcome.REFUSED);
	}

	@Example
	void everySeedBindsOrFailsCleanly() {
		assertThat(SEEDS).hasSizeGreaterThan(40);
		for (String seed : SEEDS) {
			for (Class<?> type : RECORDS) {
				bind(seed, type);
			}
		}
	}

	@Property
	void anyBodyBindsOrFailsCleanly(@ForAll("records") Class<?> type, @ForAll("bodies") String body) {
		bind(body, type);
	}

	@Provide
	Arbitrary<Class<?>> records() {
		return Arbitraries.of(RECORDS);
	}

	@Provide
	Arbitrary<String> bodies() {
		List<String> names = new ArrayList<>();
		for (Class<?> type : RECORDS) {
			for (RecordComponent component : type.getRecordComponents()) {
				names.add(snakeCase(component.getName()));
			}
		}
		return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(SEEDS)),
				Tuple.of(6, Arbitraries.randomValue((random) -> JsonFuzz.object(random, names, 0))),
				Tuple.of(3, Arbitraries.randomValue((random) -> Corpus.mutate(random,
						List.of(JsonFuzz.object(random, names, 0), SEEDS.get(random.nextInt(SEEDS.size()))), 4096))));
	}

	enum Outcome {

		BOUND, UNREADABLE, REFUSED

	}

	private static Class<?> record(String simpleName) {
		return RECORDS.stream().filter((type) -> type.getSimpleName().equals(simpleName)).findFirst().orElseThrow();
	}

	private static Outcome bind(String body, Class<?> type) {
		try {
			Object fromText;
			try {
				fromText = json.readValue(body, type);
			}
			catch (JacksonException ex) {
				fromText = null;
			}
			Set<ConstraintViolation<Object>> violations = (fromText != null) ? validator.validate(fromText) : Set.of();
			JsonNode tree;
			try {
				tree = json.readTree(body);
			}
			catch (JacksonException ex) {
				tree = null;
			}
			if (tree != null && tree.isObject()) {
				try {
					Object fromTree = json.treeToValue(tree, type);
					if (fromTree != null) {
						validator.validate(fromTree);
					}
				}
				catch (JacksonException ex) {
					// an unreadable argument object: the tool answers INVALID_INPUT
				}
			}
			if (fromText == null) {
				return Outcome.UNREADABLE;
			}
			return violations.isEmpty() ? Outcome.BOUND : Outcome.REFUSED;
		}
		catch (ApiException ex) {
			return Outcome.REFUSED;
		}
		catch (RuntimeException | StackOverflowError ex) {
			throw new AssertionError(
					type.getName() + " <- " + body.substring(0, Math.min(body.length(), 2000)) + " threw " + ex, ex);
		}
	}

	/**
	 * Every record under dev.sharedcontext with a Bean Validation constraint or
	 * {@code @Valid} on a component: the request records of REST and of the MCP tools.
	 */
	private static List<Class<?>> requestRecords() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition bean) {
				return true;
			}
		};
		scanner.addIncludeFilter(
				(reader, factory) -> "java.lang.Record".equals(reader.getClassMetadata().getSuperClassName()));
		List<Class<?>> records = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("dev.sharedcontext")) {
			Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
			boolean test = type.getName().contains("Tests") || type.getName().contains(".support.");
			if (!test && Arrays.stream(type.getRecordComponents()).anyMatch(RequestBindingFuzzTests::constrained)) {
				records.add(type);
			}
		}
		records.sort(Comparator.comparing(Class::getName));
		return List.copyOf(records);
	}

	private static boolean constrained(RecordComponent component) {
		// a constraint lands on the component, the field, the accessor or the type,
		// depending on its @Target
		return Stream
			.of(component.getAnnotations(), component.getAccessor().getAnnotations(),
					component.getAnnotatedType().getAnnotations())
			.flatMap(Arrays::stream)
			.map(Annotation::annotationType)
			.anyMatch((annotation) -> annotation == Valid.class || annotation.isAnnotationPresent(Constraint.class));
	}

	static String snakeCase(String name) {
		return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
	}

	/**
	 * Random JSON text: objects keyed by the records' own names (and a few unknown ones),
	 * values of every type.
	 */
	static final class JsonFuzz {

		private static final String[] STRINGS = { "", " ", "\\u0000", "\\ud800", "x", "public", "private", "agent_only",
				"admin_only", "PUBLIC", "sct", "jwt", "none", "read", "admin", "read,write", "session_0123456789abcdef",
				"session_0123456789abcdeg", "a/b:c.d-e_f", "agent-1", "claude", "🙂", "日本語", "e\\u0301", "\\n\\t",
				"NaN", "-1", "1e400", "' OR 1=1 --", "<script>", "\\\\", "\\\"" };

		private static final String[] NUMBERS = { "0", "-0", "1", "-1", "1.5", "1e400", "-1e400", "1e-400",
				"2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
				"-9223372036854775809", "99999999999999999999999999999999999999", "31536000", "31536001", "100", "101",
				"100.0000001", "0.0", "4096" };

		private JsonFuzz() {
		}

		static String object(Random random, List<String> names, int depth) {
			StringBuilder out = new StringBuilder("{");
			int fields = random.nextInt(7);
			for (int i = 0; i < fields; i++) {
				if (i > 0) {
					out.append(',');
				}
				String name = (random.nextInt(8) == 0) ? "unknown_" + random.nextInt(3)
						: names.get(random.nextInt(names.size()));
				out.append('"').append(name).append("\":").append(value(random, names, depth + 1));
			}
			return out.append('}').toString();
		}

		static String value(Random random, List<String> names, int depth) {
			int kind = random.nextInt((depth > 6) ? 5 : 9);
			return switch (kind) {
				case 0 -> "null";
				case 1 -> random.nextBoolean() ? "true" : "false";
				case 2 -> NUMBERS[random.nextInt(NUMBERS.length)];
				case 3 -> '"' + STRINGS[random.nextInt(STRINGS.length)] + '"';
				case 4 -> '"' + longString(random) + '"';
				case 5 -> array(random, names, depth);
				case 6 -> nested(random);
				default -> object(random, names, depth);
			};
		}

		private static String array(Random random, List<String> names, int depth) {
			StringBuilder out = new StringBuilder("[");
			int items = random.nextInt(5);
			for (int i = 0; i < items; i++) {
				out.append((i > 0) ? "," : "").append(value(random, names, depth + 1));
			}
			return out.append(']').toString();
		}

		/**
		 * Containers nested 9 to 1,200 deep (the metadata limit is 10, the parser's 500
		 * or 1,000).
		 */
		static String nested(Random random) {
			int depth = new int[] { 9, 10, 11, 12, 200, 499, 501, 999, 1001, 1200 }[random.nextInt(10)];
			StringBuilder open = new StringBuilder();
			StringBuilder close = new StringBuilder();
			for (int i = 0; i < depth; i++) {
				boolean object = random.nextBoolean();
				open.append(object ? "{\"k\":" : "[");
				close.insert(0, object ? '}' : ']');
			}
			return open + "1" + close;
		}

		private static String longString(Random random) {
			int length = new int[] { 49, 50, 51, 255, 256, 1000, 1001, 4097, 16 * 1024 + 1, 100_001 }[random
				.nextInt(10)];
			return (random.nextBoolean() ? " " : "") + "a".repeat(length);
		}

	}

}
