package dev.sharedcontext.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The firewall's default header checks without a regular expression. Spring Security's
 * {@link StrictHttpFirewall} checks every header name and value it hands out against
 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} (values: tab allowed too); a regex match
 * per header read was a visible share of each {@code /mcp} call. These loops accept
 * exactly the same strings: every code point assigned, none a control character but, in a
 * value, tab.
 */
final class HeaderCharacters {

	private HeaderCharacters() {
	}

	/**
	 * A firewall with the default rules, header checks by {@link #isAllowedName} and
	 * {@link #isAllowedValue}.
	 */
	static StrictHttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters::isAllowedName);
		firewall.setAllowedHeaderValues(HeaderCharacters::isAllowedValue);
		return firewall;
	}

	static boolean isAllowedName(String name) {
		return allowed(name, false);
	}

	static boolean isAllowedValue(String value) {
		return allowed(value, true);
	}

	private static boolean allowed(String text, boolean tab) {
		int length = text.length();
		int i = 0;
		while (i < length) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
