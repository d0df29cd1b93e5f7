package dev.sharedcontext.web;

/**
 * Field names as clients see them: the API speaks snake_case, Java records use camelCase.
 */
public final class JsonNames {

	private JsonNames() {
	}

	public static String snakeCase(String javaName) {
		StringBuilder out = new StringBuilder(javaName.length() + 4);
		for (int i = 0; i < javaName.length(); i++) {
			char c = javaName.charAt(i);
			if (Character.isUpperCase(c)) {
				out.append('_').append(Character.toLowerCase(c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
