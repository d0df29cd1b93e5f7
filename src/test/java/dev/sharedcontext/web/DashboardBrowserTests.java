package dev.sharedcontext.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.HeadlessChromium;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard end to end in a real browser: Debian's headless Chromium driven through
 * {@code /usr/bin/chromedriver} (nothing is downloaded; without them every test is
 * reported skipped, saying why) against the real server. Lands on the dashboard from
 * {@code /}, sees one sign-in form at a time, signs in, opens a session, watches messages
 * posted over REST arrive live, and checks that another agent's private message never
 * shows, that markup posted by an agent stays text and that the audit log's details are
 * wide enough to read. Screenshots go to {@code target/ui-*.png} at 1280 and 390 px wide.
 */
class DashboardBrowserTests extends IntegrationTest {

	private static final String XSS = "<img src=x onerror=\"window.__xss = 1\"> and <script>window.__xss = 2</script>"
			+ " and [a](javascript:window.__xss=3) <b onmouseover=\"window.__xss=4\">bold?</b>";

	private static HeadlessChromium chromium;

	private static ChromeDriver browser;

	private String viewer;

	private String alice;

	private String bob;

	private String carol;

	@BeforeAll
	static void startBrowser() throws IOException {
		if (HeadlessChromium.installed()) {
			chromium = HeadlessChromium.start();
			browser = chromium.driver();
		}
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (chromium != null) {
			chromium.close();
		}
	}

	@BeforeEach
	void agents() {
		HeadlessChromium.assumeInstalled();
		this.viewer = token("ops-lead", "claude", Permission.READ, Permission.WRITE, Permission.ADMIN);
		this.alice = token("alice", "claude", Permission.READ, Permission.WRITE);
		this.bob = token("bob", "claude", Permission.READ, Permission.WRITE);
		this.carol = token("carol", "gemini", Permission.READ, Permission.WRITE);
		browser.manage().window().setSize(new Dimension(1280, 900));
	}

	@AfterEach
	void signOut() {
		if (browser == null) {
			return;
		}
		browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		browser.get(url("/ui/"));
		browser.executeScript("sessionStorage.clear()");
	}

	@Test
	void openingTheServersAddressLandsOnTheDashboard() {
		browser.get(url("/"));
		wait(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-title")));
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/ui/"));
	}

	@Test
	void signInShowsOneFormAtATimeAndTheTabsSwitchBetweenThem() {
		browser.get(url("/ui/"));
		wait(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-token")));
		assertOnlyFormShown("signin-token", "signin-key");
		assertThat(browser.findElement(By.id("tab-token")).getAttribute("aria-selected")).isEqualTo("true");
		screenshot("signin-1280");

		browser.findElement(By.id("tab-key")).click();
		assertOnlyFormShown("signin-key", "signin-token");
		assertThat(browser.findElement(By.id("tab-key")).getAttribute("aria-selected")).isEqualTo("true");
		assertThat(browser.findElement(By.id("api-key")).isDisplayed()).isTrue();

		browser.findElement(By.id("tab-token")).click();
		assertOnlyFormShown("signin-token", "signin-key");

		phone();
		assertOnlyFormShown("signin-token", "signin-key");
		assertThat(fitsTheScreen()).as("no horizontal scrolling at 390 px").isTrue();
	}

	@Test
	void signedInViewerSeesNewMessagesLiveAsTextButNeverAnotherAgentsPrivateOnes() {
		String sessionId = session(this.alice, "Ship v2 of the billing service");
		long kickoff = post(this.alice, sessionId, "Kick-off: v2 ships on Friday. Claim a task by replying here.",
				"public", null);
		post(this.bob, sessionId, "I'll take the database migration (V7 → V8).", "public", kickoff);
		post(this.carol, sessionId, "Load tests run tonight; results go to memory under perf/v2.", "public", kickoff);
		post(this.bob, sessionId, "Claude agents: keep the migration idempotent, staging already has half of it.",
				"agent_only", null);
		post(this.carol, sessionId, "CAROL-SECRET: my private scratch note", "private", null);
		post(this.viewer, sessionId, "Rollback plan approved by ops; window is 18:00–19:00 UTC.", "admin_only", null);
		post(this.viewer, sessionId, "Note to self: read the audit log on Friday morning.", "private", null);
		post(this.carol, sessionId, XSS, "public", null);

		signInWithToken(this.viewer);
		wait(Duration.ofSeconds(10)).until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("[data-session-id='" + sessionId + "'] h2 a")));
		assertThat(browser.getCurrentUrl()).doesNotContain("sct_");
		assertThat(browser.executeScript("return Object.keys(sessionStorage).length")).isEqualTo(1L);
		screenshot("sessions-1280");

		browser.findElement(By.cssSelector("[data-session-id='" + sessionId + "'] h2 a")).click();
		waitUntilLive();
		assertThat(browser.findElements(By.cssSelector("#messages .message"))).hasSize(7);
		assertThat(browser.findElements(By.cssSelector("#message-" + kickoff + " > .replies > .message"))).hasSize(2);
		assertThat(badges()).contains("public", "agent_only", "admin_only", "private");

		long live = post(this.bob, sessionId, "Migration finished on staging; 0 errors.", "public", kickoff);
		wait(Duration.ofSeconds(2)).until(ExpectedConditions.presenceOfElementLocated(By.id("message-" + live)));
		assertThat(browser.findElement(By.cssSelector("#message-" + live + " .content")).getText())
			.isEqualTo("Migration finished on staging; 0 errors.");

		post(this.carol, sessionId, "CAROL-SECRET: another private note", "private", null);
		long after = post(this.alice, sessionId, "Thanks all, see you Friday.", "public", null);
		wait(Duration.ofSeconds(2)).until(ExpectedConditions.presenceOfElementLocated(By.id("message-" + after)));
		assertThat(browser.getPageSource()).doesNotContain("CAROL-SECRET");

		WebElement markup = browser.findElements(By.cssSelector("#messages .content"))
			.stream()
			.filter((e) -> e.getText().startsWith("<img"))
			.findFirst()
			.orElseThrow();
		assertThat(markup.getText()).isEqualTo(XSS);
		assertThat(browser.findElements(By.cssSelector("#main img, #main script, #main b"))).isEmpty();
		assertThat(browser.executeScript("return typeof window.__xss")).isEqualTo("undefined");
		screenshot("session-1280");
		long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
		browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", 1280, "height", (int) Math.min(2400, height), "deviceScaleFactor", 1, "mobile", false));
		screenshot("session-1280-full");

		phone();
		assertThat(fitsTheScreen()).as("no horizontal scrolling at 390 px").isTrue();
		screenshot("session-390");
		browser.get(url("/ui/#/sessions"));
		wait(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".card")));
		assertThat(fitsTheScreen()).as("no horizontal scrolling at 390 px").isTrue();
		screenshot("sessions-390");
	}

	@Test
	void apiKeySignInMintsAReadTokenAndShowsTheAgentsOwnMemoryOnly() {
		Response stored = this.api.send("PUT", "/api/v1/memory/notes/today", this.alice,
				Map.of("value", Map.of("focus", "<b>release</b>", "done", List.of(1, 2))), Map.of());
		assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
		this.api.send("PUT", "/api/v1/memory/notes/bob-only", this.bob, Map.of("value", "BOB-MEMORY"), Map.of());

		browser.get(url("/ui/"));
		wait(Duration.ofSeconds(5)).until(ExpectedConditions.elementToBeClickable(By.id("tab-key"))).click();
		browser.findElement(By.id("api-key")).sendKeys(API_KEY);
		browser.findElement(By.id("agent-id")).sendKeys("alice");
		browser.findElement(By.id("agent-type")).clear();
		browser.findElement(By.id("agent-type")).sendKeys("claude");
		browser.findElement(By.id("signin-key-submit")).click();
		wait(Duration.ofSeconds(5))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who-name"), "alice"));
		assertThat(browser.findElement(By.id("who-name")).getText()).endsWith("read");
		assertThat(browser.findElements(By.cssSelector("#nav a[data-admin]"))).allMatch((a) -> !a.isDisplayed());

		browser.get(url("/ui/#/memory"));
		wait(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(By.id("memory-table")));
		String table = browser.findElement(By.id("memory-table")).getText();
		assertThat(table).contains("notes/today").contains("<b>release</b>").doesNotContain("BOB-MEMORY");
		assertThat(browser.findElements(By.cssSelector("#memory-table b"))).isEmpty();
		screenshot("memory-1280");
	}

	@Test
	void adminIssuesAndRevokesATokenAndSeesItInTheAuditLog() {
		signInWithToken(this.viewer);
		wait(Duration.ofSeconds(5))
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#nav a[data-route='tokens']")));

		browser.get(url("/ui/#/tokens"));
		wait(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(By.id("tokens-table")));
		browser.findElement(By.id("issue-agent-id")).sendKeys("reviewer");
		browser.findElement(By.id("issue-agent-type")).sendKeys("gemini");
		browser.findElement(By.cssSelector("#issue-token button[type='submit']")).click();
		WebElement issued = wait(Duration.ofSeconds(5))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("issued-token")));
		String newToken = issued.getAttribute("value");
		assertThat(newToken).startsWith("sct_");
		assertThat(this.api.get("/api/v1/auth/me", newToken).status()).isEqualTo(200);
		wait(Duration.ofSeconds(5)).until((d) -> d.findElement(By.id("tokens-table")).getText().contains("reviewer"));
		screenshot("tokens-1280");

		WebElement revoke = browser.findElements(By.cssSelector("#tokens-table tr"))
			.stream()
			.filter((row) -> row.getText().contains("reviewer"))
			.findFirst()
			.orElseThrow()
			.findElement(By.cssSelector("button.danger"));
		browser.executeScript("window.confirm = () => true");
		revoke.click();
		wait(Duration.ofSeconds(5)).until((d) -> this.api.get("/api/v1/auth/me", newToken).status() == 401);

		browser.get(url("/ui/#/audit"));
		WebElement audit = wait(Duration.ofSeconds(5))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("audit-table")));
		wait(Duration.ofSeconds(5)).until((d) -> audit.getText().contains("token_revoked"));
		assertThat(audit.getText()).doesNotContain(newToken);
		screenshot("audit-1280");

		// the details are JSON: at a desktop width their column is wide enough to read a
		// line of it, and nothing in it is cut off sideways
		List<WebElement> details = browser.findElements(By.cssSelector("#audit-table td[data-label='Details'] pre"));
		assertThat(details).isNotEmpty();
		for (WebElement pre : details) {
			WebElement cell = pre.findElement(By.xpath(".."));
			assertThat(cell.getSize().getWidth()).as("details column width in px").isGreaterThanOrEqualTo(280);
			assertThat(
					(Boolean) browser.executeScript("return arguments[0].scrollWidth <= arguments[0].clientWidth", pre))
				.as("details fit their column without scrolling sideways")
				.isTrue();
		}
		phone();
		assertThat(fitsTheScreen()).as("no horizontal scrolling at 390 px").isTrue();
		screenshot("audit-390");
	}

	@Test
	void searchAcrossSessionsShowsOnlyWhatTheViewerMaySee() {
		String sessionId = session(this.alice, "Release notes");
		post(this.alice, sessionId, "The zeppelin launch is on schedule.", "public", null);
		post(this.carol, sessionId, "zeppelin worries, private to carol", "private", null);
		signInWithToken(this.bob);
		wait(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(By.id("search-q")));
		browser.findElement(By.id("search-q")).sendKeys("zeppelin");
		browser.findElement(By.cssSelector("#search-form button[type='submit']")).click();
		WebElement results = wait(Duration.ofSeconds(5))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("search-results")));
		wait(Duration.ofSeconds(5)).until((d) -> results.getText().contains("launch is on schedule"));
		assertThat(browser.getPageSource()).doesNotContain("private to carol");
		screenshot("search-1280");
	}

	// ---- helpers

	private void signInWithToken(String token) {
		browser.get(url("/ui/"));
		WebElement field = wait(Duration.ofSeconds(5))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
		field.sendKeys(token);
		browser.findElement(By.id("signin-submit")).click();
		wait(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(By.id("who-name")));
	}

	/**
	 * Exactly one sign-in form shows: the other is hidden and laid out as nothing,
	 * whatever the stylesheet says about forms.
	 */
	private void assertOnlyFormShown(String shown, String hidden) {
		assertThat(browser.findElement(By.id(shown)).isDisplayed()).as(shown + " displayed").isTrue();
		assertThat(browser.findElement(By.id(hidden)).isDisplayed()).as(hidden + " displayed").isFalse();
		assertThat(
				browser.executeScript("return getComputedStyle(document.getElementById(arguments[0])).display", hidden))
			.isEqualTo("none");
		assertThat(browser.findElements(By.cssSelector(".signin form")).stream().filter(WebElement::isDisplayed))
			.hasSize(1);
	}

	private void waitUntilLive() {
		wait(Duration.ofSeconds(5)).until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "live"));
	}

	private List<String> badges() {
		return browser.findElements(By.cssSelector("#messages .badge"))
			.stream()
			.map((b) -> b.getAttribute("data-visibility"))
			.toList();
	}

	private void phone() {
		browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
	}

	private boolean fitsTheScreen() {
		return (Boolean) ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth <= window.innerWidth");
	}

	private static WebDriverWait wait(Duration timeout) {
		return new WebDriverWait(browser, timeout, Duration.ofMillis(50));
	}

	private static void screenshot(String name) {
		try {
			Path target = Path.of("target", "ui-" + name + ".png");
			Files.createDirectories(target.getParent());
			Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private String session(String token, String purpose) {
		Response created = this.api.post("/api/v1/sessions", token, Map.of("purpose", purpose));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private long post(String token, String sessionId, String content, String visibility, Long parent) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("content", content, "visibility", visibility));
		if (parent != null) {
			body.put("parent_message_id", parent);
		}
		Response response = this.api.post("/api/v1/sessions/" + sessionId + "/messages", token, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

}
