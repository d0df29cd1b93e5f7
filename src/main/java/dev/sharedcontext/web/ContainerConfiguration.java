package dev.sharedcontext.web;

import java.nio.charset.StandardCharsets;

import org.apache.catalina.core.StandardHost;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Makes the failures that happen before a controller runs answer like every other error
 * (problem+json, JSON-RPC on {@code /mcp}) and be reported as {@link RequestRejected}:
 * Tomcat's own rejections through {@link ProblemErrorReportValve}, Spring Security's
 * firewall ({@code ;}, encoded dots and slashes, non-printable characters) through a
 * {@link RequestRejectedHandler}.
 */
@Configuration(proxyBeanMethods = false)
class ContainerConfiguration {

	@Bean
	RejectedRequests rejectedRequests(ApplicationEventPublisher events, ProxyProperties proxies) {
		return new RejectedRequests(events, proxies.proxies());
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(JsonMapper json,
			RejectedRequests rejected) {
		return (factory) -> factory.addContextCustomizers((context) -> {
			StandardHost host = (StandardHost) context.getParent();
			// the host adds a valve of this class only when none is there yet
			host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			host.getPipeline().addValve(new ProblemErrorReportValve(json, rejected));
		});
	}

	@Bean
	RequestRejectedHandler problemRequestRejectedHandler(JsonMapper json, RejectedRequests rejected) {
		return (request, response, ex) -> {
			rejected.audit(request.getMethod(), request.getRequestURI(), "firewall", HttpStatus.BAD_REQUEST.value());
			ErrorResponses.Body body = ErrorResponses.of(json, request.getRequestURI(), HttpStatus.BAD_REQUEST,
					"INVALID_INPUT", "The request path or a header contains characters the server does not accept",
					ErrorResponses.INVALID_REQUEST);
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			response.setContentType(body.contentType());
			response.getOutputStream().write(body.text().getBytes(StandardCharsets.UTF_8));
		};
	}

}
