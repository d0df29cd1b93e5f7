package dev.sharedcontext.host;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * The application context of a host command ({@code token}, {@code audit verify},
 * {@code backup}, {@code config check}, {@code client-config}, {@code migrate-to}): the
 * server's own configuration and database, without the web server, banner, start-up log
 * or scheduled jobs, and lazily initialised, so only the beans the command asks for are
 * built. Asking for a database bean migrates the database first, as the server would on
 * start. One place, so every host command starts the same way.
 * <p>
 * Closing such a context publishes the closed event to the stream beans, which a command
 * never built: Spring builds them just to deliver it, after the scheduler they need has
 * already stopped, and logs the failed construction as a warning with a stack trace.
 * Nothing is wrong then, so the context's own logger is set to errors only.
 */
public final class HostContext {

	private HostContext() {
	}

	/**
	 * Whether a command line is {@code NAME --help} (or {@code -h}): the command then
	 * prints its usage and exits 0, without starting anything.
	 */
	public static boolean asksForHelp(String[] args) {
		return args.length == 2 && ("--help".equals(args[1]) || "-h".equals(args[1]));
	}

	/**
	 * Reads {@code --name value} pairs from {@code args[from]} on: every name must be one
	 * of {@code names} and have a value.
	 * @throws IllegalArgumentException naming the unknown option or the one without a
	 * value (the command prints it with its usage and exits 2)
	 */
	public static Map<String, String> options(String[] args, int from, Set<String> names) {
		Map<String, String> options = new HashMap<>();
		for (int i = from; i < args.length; i++) {
			String name = args[i];
			if (!names.contains(name)) {
				throw new IllegalArgumentException("unknown option " + name);
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(name + " needs a value");
			}
			options.put(name, args[++i]);
		}
		return options;
	}

	/**
	 * A host command runs none of the server's {@code @Scheduled} jobs: a {@code token
	 * list} must not purge audit rows or build the search index, and a job still running
	 * when the command's context closes would build beans after their scheduler stopped.
	 */
	private static void withoutScheduledJobs(ConfigurableApplicationContext context) {
		context.addBeanFactoryPostProcessor((beanFactory) -> {
			BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
			if (registry.containsBeanDefinition(TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)) {
				registry.removeBeanDefinition(TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME);
			}
		});
	}

	/**
	 * Starts the context.
	 * @param application the application class
	 * @param args extra settings as {@code --name=value} arguments; they win over the
	 * environment and system properties (used to point a context at another database)
	 * @return the running context; close it when done
	 */
	public static ConfigurableApplicationContext start(Class<?> application, String... args) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.initializers(HostContext::withoutScheduledJobs)
			.properties("logging.level.root=WARN",
					"logging.level.org.springframework.context.annotation.AnnotationConfigApplicationContext=ERROR",
					"spring.main.lazy-initialization=true")
			.run(args);
	}

	/**
	 * The server's configuration without its beans: an empty context over the same
	 * environment (variables, {@code config/application.yml}, profiles, system
	 * properties), for commands that only read settings ({@code backup},
	 * {@code config check}, {@code client-config}) and so must not open, migrate or
	 * create the database. Read a settings record from it with {@link #bind}.
	 * @return the context; close it when done
	 */
	public static ConfigurableApplicationContext configuration(Class<?> application) {
		return new SpringApplicationBuilder(SettingsOnly.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=WARN")
			.run();
	}

	/**
	 * Binds and validates one {@code @ConfigurationProperties} record from a context's
	 * environment, the way the server binds it on start.
	 * @throws org.springframework.boot.context.properties.bind.BindException when a
	 * setting is malformed or invalid (the server would not start)
	 */
	public static <T> T bind(ConfigurableApplicationContext context, Class<T> type) {
		ConfigurationProperties annotation = AnnotationUtils.findAnnotation(type, ConfigurationProperties.class);
		String prefix = (annotation != null) ? annotation.prefix() : "";
		try (LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean()) {
			validator.afterPropertiesSet();
			return Binder.get(context.getEnvironment())
				.bindOrCreate(prefix, Bindable.of(type), new ValidationBindHandler(validator));
		}
	}

	/** The empty configuration behind {@link #configuration}. */
	@Configuration(proxyBeanMethods = false)
	static class SettingsOnly {

	}

}
