package floor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An empty Spring Boot web application with actuator: what start-up costs on this machine before the server adds a
 * single bean of its own. {@code aot-train [--seconds N]} is the launcher's training command, as in the server: start
 * on a free port, ask for health for N seconds, exit.
 */
@SpringBootApplication
public class Floor {

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("aot-train")) {
			train((args.length > 2 && args[1].equals("--seconds")) ? Integer.parseInt(args[2]) : 20);
			return;
		}
		SpringApplication.run(Floor.class, args);
	}

	private static void train(int seconds) throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(Floor.class, "--server.port=0")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient client = HttpClient.newHttpClient();
			HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
				.build();
			long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
			while (System.nanoTime() < end) {
				client.send(health, HttpResponse.BodyHandlers.discarding());
			}
		}
	}

}
