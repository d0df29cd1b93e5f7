package dev.sharedcontext.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the dashboard ({@code src/main/resources/static/ui/}, plain HTML, CSS and
 * JavaScript, no build step) at {@code /ui/}. Its pages hold no data: everything comes
 * from {@code /api/v1} with the token the user signed in with, which the page keeps in
 * the tab's session storage. {@code GET /} redirects there for everyone: a browser
 * opening the server's address lands on the dashboard, and an API client learns where it
 * is without being given anything it could not fetch anyway (the API lives under
 * {@code /api/v1}).
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/", "/ui/");
		registry.addRedirectViewController("/ui", "/ui/");
		registry.addViewController("/ui/").setViewName("forward:/ui/index.html");
	}

}
