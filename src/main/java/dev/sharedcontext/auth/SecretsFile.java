package dev.sharedcontext.auth;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Reads the generated secrets file ({@code SECRETS_FILE}, default
 * {@code data/secrets.properties}): the one reader for the server, which generates the
 * secrets when the file lacks them, and for {@code config check}, which only reports
 * them.
 */
public final class SecretsFile {

	private SecretsFile() {
	}

	/**
	 * The stored secrets, empty when the file does not exist.
	 * @throws UncheckedIOException when the file exists but cannot be read
	 */
	public static Properties read(Path file) {
		Properties stored = new Properties();
		if (Files.exists(file)) {
			try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				stored.load(reader);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the secrets file " + file.toAbsolutePath(), ex);
			}
		}
		return stored;
	}

}
