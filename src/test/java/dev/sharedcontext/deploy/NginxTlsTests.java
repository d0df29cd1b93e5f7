package dev.sharedcontext.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.AuditTrail;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.McpAgent;
import dev.sharedcontext.support.ServerProcess;
import dev.sharedcontext.support.SseClient;
import io.modelcontextprotocol.spec.McpSchema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The committed nginx recipe ({@code deploy/nginx/shared-context-server.conf}) in front
 * of the real server: a real nginx with a self-signed certificate, the recipe with only
 * its {@code EDIT:} values replaced, and the official MCP Java SDK client speaking HTTPS
 * (HTTP/2) through it. Without nginx the tests are skipped, unless
 * {@code SC_NGINX_REQUIRED=true} (CI installs nginx), when they fail.
 */
class NginxTlsTests extends IntegrationTest {

	static final Path RECIPE = Path.of("deploy/nginx/shared-context-server.conf");

	private static final Path NGINX = Path.of("/usr/sbin/nginx");

	private static final String PUBLIC_ORIGIN = "https://agents.example.com";

	/** A client address the test claims to nginx; nginx appends the real peer. */
	private static final String CLIENT = "203.0.113.7";

	@TempDir
	static Path dir;

	private static final int HTTPS_PORT = ServerProcess.freePort();

	private static final int HTTP_PORT = ServerProcess.freePort();

	private static Process nginx;

	private static SSLContext tls;

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void behindTheProxy(DynamicPropertyRegistry registry) {
		// what docs/operations.md tells users: the proxy's own address, and the public
		// origin for browser MCP clients
		registry.add("shared-context.proxy.trusted", () -> "127.0.0.1");
		registry.add("shared-context.mcp.allowed-origins", () -> PUBLIC_ORIGIN);
	}

	@BeforeAll
	static void certificate() throws Exception {
		boolean required = "true".equals(System.getenv("SC_NGINX_REQUIRED"));
		if (!Files.isExecutable(NGINX)) {
			assertThat(required).as("SC_NGINX_REQUIRED=true but there is no " + NGINX).isFalse();
			assumeTrue(false, "nginx is not installed (" + NGINX + "): the TLS proxy recipe is not tested");
		}
		run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
				"-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", dir.resolve("key.pem").toString(),
				"-out", dir.resolve("cert.pem").toString()));
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
			Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
			trust.setCertificateEntry("nginx", certificate);
		}
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		tls = SSLContext.getInstance("TLS");
		tls.init(null, trustManagers.getTrustManagers(), null);
	}

	@BeforeEach
	void startNginx() throws Exception {
		if (nginx != null) {
			return;
		}
		Files.writeString(dir.resolve("shared-context-server.conf"), render(Files.readString(RECIPE), this.port));
		Files.createDirectories(dir.resolve("logs"));
		Files.writeString(dir.resolve("nginx.conf"), """
				pid %1$s/nginx.pid;
				error_log %1$s/logs/error.log info;
				events { worker_connections 256; }
				http {
				    access_log %1$s/logs/access.log;
				    client_body_temp_path %1$s/client_body;
				    proxy_temp_path %1$s/proxy;
				    fastcgi_temp_path %1$s/fastcgi;
				    uwsgi_temp_path %1$s/uwsgi;
				    scgi_temp_path %1$s/scgi;
				    include %1$s/shared-context-server.conf;
				}
				""".formatted(dir));
		run(List.of(NGINX.toString(), "-t", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString()));
		nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
				"-g", "daemon off;")
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("logs/stdout.log").toFile())
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (true) {
			try {
				if (https().send(get("/actuator/health"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					break;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			assertThat(nginx.isAlive()).as("nginx running; " + Files.readString(dir.resolve("logs/error.log")))
				.isTrue();
			assertThat(System.nanoTime()).as("nginx answers within 20 s").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	@AfterAll
	static void stopNginx() throws InterruptedException {
		if (nginx != null) {
			nginx.destroy();
			if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
				nginx.destroyForcibly();
			}
			nginx = null;
		}
	}

	/**
	 * The recipe with its {@code EDIT:} values replaced: each must be there exactly as
	 * written, so an edit to the recipe that this test no longer covers fails here.
	 */
	static String render(String recipe, int serverPort) {
		Map<String, String> edits = Map.of("listen 80;", "listen 127.0.0.1:" + HTTP_PORT + ";", "listen [::]:80;", "",
				"listen 443 ssl http2;", "listen 127.0.0.1:" + HTTPS_PORT + " ssl http2;", "listen [::]:443 ssl http2;",
				"", "/etc/ssl/certs/agents.example.com.pem", dir.resolve("cert.pem").toString(),
				"/etc/ssl/private/agents.example.com.key", dir.resolve("key.pem").toString(), "server 127.0.0.1:23456 ",
				"server 127.0.0.1:" + serverPort + " ");
		String rendered = recipe;
		for (Map.Entry<String, String> edit : edits.entrySet()) {
			assertThat(rendered.split(java.util.regex.Pattern.quote(edit.getKey()), -1))
				.as("'%s' once in %s", edit.getKey(), RECIPE)
				.hasSize(2);
			rendered = rendered.replace(edit.getKey(), edit.getValue());
		}
		return rendered;
	}

	@Test
	void mcpThroughNginxWithTlsAndHttp2() throws Exception {
		String requestId = AuditTrail.newRequestId();
		Map<String, String> headers = Map.of("Origin", PUBLIC_ORIGIN, "X-Forwarded-For", CLIENT,
				AuditTrail.REQUEST_ID_HEADER, requestId);
		String writer = token("writer", "claude", Permission.READ, Permission.WRITE);
		// the writer speaks HTTP/2 to nginx, the reader HTTP/1.1 (the SDK's default)
		try (McpAgent agent = McpAgent.connect(base(), API_KEY, writer,
				(client) -> trustTestCertificate(client.version(HttpClient.Version.HTTP_2)), headers);
				McpAgent reader = McpAgent.connect(base(), API_KEY, token("reader", "claude", Permission.READ),
						this::trustTestCertificate, Map.of())) {
			assertThat(agent.client().listTools().tools()).extracting(McpSchema.Tool::name)
				.contains("create_session", "add_message", "get_messages", "wait_for_messages");
			String sessionId = (String) agent.ok("create_session", Map.of("purpose", "behind nginx")).get("session_id");

			// the dashboard's live stream (SSE) through nginx: open at once, events
			// unbuffered
			SseClient live = SseClient.open(https(), base(), "/api/v1/sessions/" + sessionId + "/events", writer,
					Map.of());
			assertThat(live.status()).isEqualTo(200);

			// the 2025 GET /mcp stream through nginx: the reader (HTTP/1.1) subscribes to
			// the session and is told when a message lands in it
			reader.client().subscribeResource(new McpSchema.SubscribeRequest("session://" + sessionId));

			// a long poll waiting through nginx is answered when the message arrives
			CompletableFuture<Map<String, Object>> wait = CompletableFuture.supplyAsync(() -> reader
				.ok("wait_for_messages", Map.of("session_id", sessionId, "after_id", 0, "timeout_seconds", 30)));
			Thread.sleep(1000);
			assertThat(wait).as("still waiting for a message").isNotDone();
			agent.ok("add_message", Map.of("session_id", sessionId, "content", "hello through TLS"));
			assertThat(wait.get(20, TimeUnit.SECONDS).toString()).contains("hello through TLS")
				.doesNotContain("timed_out=true");

			Map<String, Object> read = reader.ok("get_messages", Map.of("session_id", sessionId));
			assertThat(read.toString()).contains("hello through TLS");
			await().atMost(Duration.ofSeconds(20))
				.alias("resources/updated on the GET /mcp stream through nginx")
				.until(() -> reader.updatedResources().contains("session://" + sessionId));
			try (live) {
				SseClient.Event event = live.next(Duration.ofSeconds(10));
				assertThat(event).as("the message's event through nginx within 10 s").isNotNull();
				assertThat(event.data()).contains("hello through TLS");
			}
		}
		// the server trusted nginx (127.0.0.1) and took the client from its
		// X-Forwarded-For
		assertThat(new AuditTrail(this.jdbc).forRequest(requestId)).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.remoteAddress()).isEqualTo(CLIENT));
	}

	@Test
	void http2ForEverythingElseAndARedirectFromPlainHttp() throws Exception {
		HttpResponse<String> health = https().send(get("/actuator/health"), HttpResponse.BodyHandlers.ofString());
		assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(health.body()).contains("UP");
		HttpResponse<String> dashboard = https().send(get("/ui/index.html"), HttpResponse.BodyHandlers.ofString());
		assertThat(dashboard.statusCode()).isEqualTo(200);

		HttpResponse<Void> plain = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + "/mcp?x=1")).build(),
					HttpResponse.BodyHandlers.discarding());
		assertThat(plain.statusCode()).isEqualTo(301);
		assertThat(plain.headers().firstValue("Location")).hasValue("https://127.0.0.1/mcp?x=1");
	}

	@Test
	void aBrowserOriginOtherThanTheAllowedOneIsRefused() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/mcp"))
			.header("Origin", "https://evil.example")
			.header("X-API-Key", API_KEY)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
			.build();
		HttpResponse<String> refused = https().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("Origin not allowed");
	}

	private String base() {
		return "https://localhost:" + HTTPS_PORT;
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).build();
	}

	private HttpClient https() {
		HttpClient.Builder builder = HttpClient.newBuilder();
		trustTestCertificate(builder);
		return builder.build();
	}

	private void trustTestCertificate(HttpClient.Builder builder) {
		builder.sslContext(tls).connectTimeout(Duration.ofSeconds(5));
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
	}

}
