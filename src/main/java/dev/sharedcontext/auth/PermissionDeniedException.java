package dev.sharedcontext.auth;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.sharedcontext.web.ApiException;

/** The caller is authenticated but its token lacks a permission the operation needs. */
public class PermissionDeniedException extends ApiException {

	private final String operation;

	private final Permission required;

	public PermissionDeniedException(String operation, Permission required) {
		super(HttpStatus.FORBIDDEN, "PERMISSION_DENIED",
				"'" + operation + "' needs the '" + required.value() + "' permission");
		this.operation = operation;
		this.required = required;
	}

	public String operation() {
		return this.operation;
	}

	public Permission required() {
		return this.required;
	}

	@Override
	public List<String> suggestions() {
		return List.of("Ask an admin for a token with the '" + this.required.value() + "' permission");
	}

}
