package dev.sharedcontext.auth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing or weak key into Spring Boot's start-up report without a stack trace.
 */
class InvalidSecretsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSecretsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecretsException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set the variable in the environment or in config/application.yml; see .env.example.", cause);
	}

}
