package dev.sharedcontext.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's files and headers over real HTTP: public static content with a strict
 * Content-Security-Policy, while its data stays behind a bearer token. (The browser
 * behaviour is {@link DashboardBrowserTests}.)
 */
class DashboardTests extends IntegrationTest {

	static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	@ParameterizedTest
	@ValueSource(strings = { "/ui/", "/ui/index.html", "/ui/app.js", "/ui/app.css" })
	void dashboardFilesAreServedWithoutCredentialsWithAStrictContentSecurityPolicy(String path) {
		Response response = this.api.get(path, null);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(header(response, "Content-Security-Policy")).isEqualTo(CSP);
		assertThat(header(response, "Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(header(response, "X-Frame-Options")).isEqualTo("DENY");
	}

	@Test
	void indexPageLoadsOnlyItsOwnScriptAndStylesheet() {
		Response response = this.api.get("/ui/", null);
		assertThat(header(response, "Content-Type")).startsWith("text/html");
		assertThat(response.text()).contains("<script src=\"app.js\" defer></script>")
			.contains("<link rel=\"stylesheet\" href=\"app.css\">")
			.doesNotContain("<script>")
			.doesNotContain("style=")
			.doesNotContain("http://")
			.doesNotContain("https://");
	}

	@Test
	void uiWithoutTrailingSlashRedirectsToTheDashboard() {
		Response response = this.api.get("/ui", null);
		assertThat(response.status()).isEqualTo(302);
		assertThat(header(response, "Location")).endsWith("/ui/");
	}

	/**
	 * A browser opening the server's address lands on the dashboard; an API client is
	 * sent there too (the API is under /api/v1), with or without a token, and is told
	 * nothing else.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "text/html,application/xhtml+xml,*/*;q=0.8", "application/json", "*/*" })
	void rootRedirectsToTheDashboardWithoutCredentials(String accept) {
		for (String token : new String[] { null, token("root-visitor", "claude", Permission.READ) }) {
			Response response = this.api.send("GET", "/", token, null, Map.of("Accept", accept));
			assertThat(response.status()).as(response.toString()).isEqualTo(302);
			assertThat(header(response, "Location")).endsWith("/ui/");
			assertThat(response.text()).isEmpty();
		}
	}

	@Test
	void onlyReadingTheRootIsPublic() {
		Response head = this.api.send("HEAD", "/", null, null, Map.of());
		assertThat(head.status()).as("HEAD, for uptime checks").isEqualTo(302);
		assertThat(header(head, "Location")).endsWith("/ui/");
		assertThat(this.api.post("/", null, "{}").status()).isEqualTo(401);
		assertThat(this.api.send("DELETE", "/", null, null, Map.of()).status()).isEqualTo(401);
	}

	/**
	 * Beside the browser test, which checks it where Chromium is installed: an element
	 * with the {@code hidden} attribute (the sign-in form not chosen, the admin links)
	 * stays hidden whatever display rule the stylesheet gives it.
	 */
	@Test
	void stylesheetLetsNoDisplayRuleShowAHiddenElement() throws IOException {
		String css = Files.readString(Path.of("src/main/resources/static/ui/app.css"));
		assertThat(css).contains("[hidden] { display: none !important; }");
	}

	@Test
	void onlyReadingTheDashboardIsPublic() {
		assertThat(this.api.post("/ui/index.html", null, "{}").status()).isEqualTo(401);
		assertThat(this.api.get("/api/v1/sessions", null).status()).isEqualTo(401);
		assertThat(header(this.api.get("/api/v1/sessions", null), "Content-Security-Policy")).isNull();
	}

	@Test
	void meTellsTheDashboardWhoTheTokenStandsFor() {
		String token = token("dash-viewer", "dashboard", Permission.READ, Permission.ADMIN);
		Response me = this.api.get("/api/v1/auth/me", token);
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json().get("agent_id").asString()).isEqualTo("dash-viewer");
		assertThat(me.json().get("agent_type").asString()).isEqualTo("dashboard");
		assertThat(me.json().get("permissions").valueStream().map((p) -> p.asString())).containsExactly("read",
				"admin");
		assertThat(me.json().get("token_id").asString()).isNotBlank();
		assertThat(me.text()).doesNotContain(token);
		assertThat(this.api.get("/api/v1/auth/me", null).status()).isEqualTo(401);
	}

	/**
	 * A cheap guard beside the browser test: the script never turns data into markup or
	 * code.
	 */
	@Test
	void scriptNeverParsesDataAsHtmlOrCode() throws IOException {
		String script = Files.readString(Path.of("src/main/resources/static/ui/app.js"));
		String code = script.lines().filter((line) -> !line.trim().startsWith("//")).reduce("", (a, b) -> a + b + "\n");
		assertThat(code).doesNotContain(".innerHTML")
			.doesNotContain(".outerHTML")
			.doesNotContain("insertAdjacentHTML")
			.doesNotContain("document.write")
			.doesNotContain("eval(")
			.doesNotContain("new Function")
			.doesNotContain("localStorage");
	}

	private static String header(Response response, String name) {
		return response.headers()
			.entrySet()
			.stream()
			.filter((e) -> e.getKey().equalsIgnoreCase(name))
			.map((e) -> e.getValue().get(0))
			.findFirst()
			.orElse(null);
	}

}
