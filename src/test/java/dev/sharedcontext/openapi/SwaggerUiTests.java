package dev.sharedcontext.openapi;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.HeadlessChromium;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI at {@code /swagger-ui}: public, served under its strict
 * Content-Security-Policy, and able to load and render the whole document in a real
 * browser without a single policy violation.
 */
class SwaggerUiTests extends IntegrationTest {

	@Test
	void swaggerUiRedirectsToItsPageWhichIsPublicAndUnderAStrictPolicy() {
		Response redirect = this.api.get("/swagger-ui", null);
		assertThat(redirect.status()).isEqualTo(302);
		assertThat(redirect.headers().get("location")).singleElement().asString().endsWith("/swagger-ui/index.html");

		Response page = this.api.get("/swagger-ui/index.html", null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.headers().get("content-security-policy")).singleElement()
			.asString()
			.contains("script-src 'self';", "connect-src 'self'", "frame-ancestors 'none'")
			.doesNotContain("unsafe-eval");

		Response config = this.api.get("/v3/api-docs/swagger-config", null);
		assertThat(config.status()).isEqualTo(200);
		assertThat(config.json().get("url").asString()).isEqualTo("/v3/api-docs");
	}

	@Test
	void swaggerUiRendersEveryOperationWithoutAPolicyViolation() throws IOException {
		HeadlessChromium.assumeInstalled();
		try (HeadlessChromium chromium = HeadlessChromium.start()) {
			ChromeDriver browser = chromium.driver();
			browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
					Map.of("source", "window.__violations = []; document.addEventListener('securitypolicyviolation', "
							+ "(e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"));
			int operations = 0;
			for (var path : this.api.get("/v3/api-docs", null).json().get("paths").properties()) {
				operations += path.getValue().size();
			}

			browser.get("http://127.0.0.1:" + this.port + "/swagger-ui");
			new WebDriverWait(browser, Duration.ofSeconds(20))
				.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));

			assertThat(browser.findElements(By.cssSelector(".opblock"))).hasSize(operations);
			assertThat(browser.findElement(By.cssSelector(".info .title")).getText()).contains("Shared Context Server");
			assertThat((List<?>) browser.executeScript("return window.__violations")).isEmpty();
		}
	}

}
