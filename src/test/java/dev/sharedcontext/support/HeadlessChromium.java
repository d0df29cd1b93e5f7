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
 * tests: nothing is downloaded. Without them each browser test is reported skipped,
 * saying why ({@link #assumeInstalled()}), rather than the class silently running no
 * test. {@code -Dsct.test.chromium=PATH} and {@code -Dsct.test.chromedriver=PATH} point
 * elsewhere. Each instance has its own throw-away profile.
 */
public final class HeadlessChromium implements AutoCloseable {

	private static final Path CHROMIUM = Path.of(System.getProperty("sct.test.chromium", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getProperty("sct.test.chromedriver", "/usr/bin/chromedriver"));

	private final Path profile;

	private final ChromeDriver driver;

	private HeadlessChromium(Path profile, ChromeDriver driver) {
		this.profile = profile;
		this.driver = driver;
	}

	/** Whether the browser and its driver are there to be started. */
	public static boolean installed() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	/**
	 * Skips the calling test, with the reason, when the browser is not installed. Call it
	 * from the test (or its {@code @BeforeEach}): Maven Surefire counts a test skipped
	 * there, while a skip in {@code @BeforeAll} shows only as "Tests run: 0".
	 */
	public static void assumeInstalled() {
		Assumptions.assumeTrue(installed(),
				"Skipping the browser test: Debian's chromium and chromium-driver are not installed (" + CHROMIUM + ", "
						+ CHROMEDRIVER + "); .ci/run installs them with apt-get");
	}

	/** Starts a browser; see {@link #installed()}. */
	public static HeadlessChromium start() throws IOException {
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
