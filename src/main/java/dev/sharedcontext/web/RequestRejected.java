package dev.sharedcontext.web;

/**
 * Published when a request is refused before any controller saw it (by the container or
 * by Spring Security's firewall). The web layer only reports it; the audit log listens,
 * so {@code web} does not depend on {@code audit}. Listeners run synchronously on the
 * refusing thread, where the request's address and id are still known.
 *
 * @param method the request method as sent (untrusted, unsanitised)
 * @param path the request path as sent (untrusted, unsanitised)
 * @param reason why it was refused, e.g. {@code firewall}
 * @param status the status it was answered with
 */
public record RequestRejected(String method, String path, String reason, int status) {

}
