package dev.sharedcontext.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through {@code /usr/bin/chromedriver} for the browser
 * tests: nothing is downloaded; without them the calling test class is skipped, saying
 * why. Each instance has its own throw-away profile.
 */
public final class HeadlessChromium implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final Path profile;

	private final ChromeDriver driver;

	private HeadlessChromium(Path profile, ChromeDriver driver) {
		this.profile = profile;
		this.driver = driver;
	}

	/** Starts a browser, or skips the calling test class when none is installed. */
	public static HeadlessChromium start() throws IOException {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Skipping the browser test: Debian's chromium and chromium-driver are not installed "
						+ "(/usr/bin/chromium, /usr/bin/chromedriver); .ci/run installs them with apt-get");
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
		Path profile = Files.createTempDirectory("scs-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--window-size=1280,900",
				"--user-data-dir=" + profile.toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(new File("target/chromedriver.log"))
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
		return new HeadlessChromium(profile, driver);
	}

	public ChromeDriver driver() {
		return this.driver;
	}

	@Override
	public void close() throws IOException {
		this.driver.quit();
		try (var files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

}
