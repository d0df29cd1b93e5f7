package dev.sharedcontext.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one gate every request body passes, REST and MCP alike: at most 1 MiB, strict
 * UTF-8, no NUL ({@link JsonBodyScanner}). A declared {@code Content-Length} above the
 * cap is refused before anything is read. REST bodies are checked while the JSON parser
 * reads them (a refusal surfaces as a 400/413 problem through
 * {@link ApiExceptionHandler}); a {@code POST /mcp} body is read and checked here first,
 * so that a refusal is a JSON-RPC error and the endpoint never sees it.
 * <p>
 * The query string gets the NUL check too: a {@code %00} in a query parameter ({@code q},
 * {@code prefix}, {@code agent_id}…) would otherwise reach a SQL parameter, which
 * PostgreSQL's {@code text} rejects with an error (a 500). Tomcat already refuses
 * {@code %00} in the path.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class RequestBodyFilter extends OncePerRequestFilter {

	static final int MAX_BODY_BYTES = 1024 * 1024;

	static final String TOO_LARGE = "Request body exceeds " + MAX_BODY_BYTES + " bytes";

	/**
	 * The request attribute that holds a {@code POST /mcp} body once read and checked, so
	 * that the endpoint takes the bytes instead of reading them again through a stream.
	 */
	public static final String MCP_BODY = RequestBodyFilter.class.getName() + ".mcpBody";

	static final String NUL_IN_QUERY = "Query string contains a NUL character (%00), which no parameter accepts";

	private final JsonMapper jsonMapper;

	RequestBodyFilter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (containsNul(request.getQueryString())) {
			refuse(request, response, HttpStatus.BAD_REQUEST, "INVALID_INPUT", NUL_IN_QUERY,
					ErrorResponses.INVALID_REQUEST);
			return;
		}
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", TOO_LARGE,
					ErrorResponses.INVALID_REQUEST);
			return;
		}
		if (!HttpMethod.POST.matches(request.getMethod()) || !ErrorResponses.isMcp(request.getRequestURI())) {
			chain.doFilter(new CheckedRequest(request), response);
			return;
		}
		byte[] body;
		try {
			body = new CheckedInputStream(request.getInputStream()).readAllBytes();
		}
		catch (RequestTooLargeException ex) {
			refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", TOO_LARGE,
					ErrorResponses.INVALID_REQUEST);
			return;
		}
		catch (MalformedBodyException ex) {
			refuse(request, response, HttpStatus.BAD_REQUEST, "INVALID_INPUT", ex.getMessage(),
					(ex.violation() == JsonBodyScanner.Violation.INVALID_UTF8) ? ErrorResponses.PARSE_ERROR
							: ErrorResponses.INVALID_REQUEST);
			return;
		}
		request.setAttribute(MCP_BODY, body);
		chain.doFilter(new ReadRequest(request, body), response);
	}

	/**
	 * Whether a raw query string decodes to anything with U+0000: a {@code %00} escape
	 * (not the {@code 00} after another escape, as in {@code %2500}) or a raw NUL.
	 */
	static boolean containsNul(String query) {
		if (query == null) {
			return false;
		}
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == 0) {
				return true;
			}
			if (c == '%' && i + 2 < query.length()) {
				if (query.charAt(i + 1) == '0' && query.charAt(i + 2) == '0') {
					return true;
				}
				i += 2;
			}
		}
		return false;
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String code,
			String detail, int rpcCode) throws IOException {
		ErrorResponses.Body body = ErrorResponses.of(this.jsonMapper, request.getRequestURI(), status, code, detail,
				rpcCode);
		response.setStatus(status.value());
		response.setContentType(body.contentType());
		response.getOutputStream().write(body.text().getBytes(StandardCharsets.UTF_8));
	}

	/** A request whose body is checked as it is read. */
	private static final class CheckedRequest extends HttpServletRequestWrapper {

		private ServletInputStream stream;

		CheckedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CheckedInputStream(super.getInputStream());
			}
			return this.stream;
		}

	}

	/** A request whose body has been read and checked already. */
	private static final class ReadRequest extends HttpServletRequestWrapper {

		private final ServletInputStream stream;

		ReadRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.stream = new BufferedInputStream(body);
		}

		@Override
		public ServletInputStream getInputStream() {
			return this.stream;
		}

	}

	private static final class BufferedInputStream extends ServletInputStream {

		private final ByteArrayInputStream body;

		BufferedInputStream(byte[] body) {
			this.body = new ByteArrayInputStream(body);
		}

		@Override
		public int read() {
			return this.body.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return this.body.read(buffer, offset, length);
		}

		@Override
		public boolean isFinished() {
			return this.body.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("The body has been read already");
		}

	}

	private static final class CheckedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final JsonBodyScanner scanner = new JsonBodyScanner();

		private final byte[] one = new byte[1];

		private long count;

		CheckedInputStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int n = read(this.one, 0, 1);
			return (n < 0) ? -1 : (this.one[0] & 0xFF);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				this.count += n;
				if (this.count > MAX_BODY_BYTES) {
					throw new RequestTooLargeException();
				}
				check(this.scanner.scan(buffer, offset, n));
			}
			else if (n < 0) {
				check(this.scanner.finish());
			}
			return n;
		}

		private static void check(JsonBodyScanner.Violation violation) throws MalformedBodyException {
			if (violation != null) {
				throw new MalformedBodyException(violation);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
