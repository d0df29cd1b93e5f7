package dev.sharedcontext.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses whose {@code X-Forwarded-For} the server believes (SPEC §11). Anyone can
 * send that header, so it only means something when the peer that sent it is a proxy the
 * operator named; everything else is the client's own claim and is ignored. Addresses are
 * parsed as literals only: nothing here ever resolves a host name.
 */
final class TrustedProxies {

	private static final TrustedProxies NONE = new TrustedProxies(List.of());

	private final List<Range> ranges;

	private TrustedProxies(List<Range> ranges) {
		this.ranges = ranges;
	}

	/**
	 * Parses IP addresses and CIDR ranges, IPv4 and IPv6 ({@code 10.0.0.0/8},
	 * {@code 127.0.0.1}, {@code fd00::/8}).
	 * @throws IllegalArgumentException naming the first entry that is neither
	 */
	static TrustedProxies of(List<String> entries) {
		List<Range> ranges = new ArrayList<>();
		for (String entry : (entries != null) ? entries : List.<String>of()) {
			if (entry != null && !entry.isBlank()) {
				ranges.add(Range.parse(entry.trim()));
			}
		}
		return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges));
	}

	boolean isEmpty() {
		return this.ranges.isEmpty();
	}

	/** Whether {@code address} (an IP literal) is one of the trusted proxies. */
	boolean contains(String address) {
		byte[] bytes = parseAddress(address);
		return bytes != null && contains(bytes);
	}

	private boolean contains(byte[] address) {
		for (Range range : this.ranges) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The client's address for a request that arrived from {@code peer}. Unless the peer
	 * is trusted that is the peer itself. Otherwise {@code X-Forwarded-For} is walked
	 * from the right, where each hop was appended by the proxy after it: the first
	 * address that is not a trusted proxy is the client. A malformed entry ends the walk
	 * at the last hop a trusted proxy vouched for.
	 * @param peer the address of the TCP peer
	 * @param forwardedFor every {@code X-Forwarded-For} header value, in order
	 */
	String clientAddress(String peer, List<String> forwardedFor) {
		if (this.ranges.isEmpty() || !contains(peer)) {
			return peer;
		}
		List<String> hops = new ArrayList<>();
		for (String header : forwardedFor) {
			for (String hop : header.split(",")) {
				hops.add(hop.trim());
			}
		}
		String client = peer;
		for (int i = hops.size() - 1; i >= 0; i--) {
			byte[] hop = parseAddress(hops.get(i));
			if (hop == null) {
				break;
			}
			client = format(hop);
			if (!contains(hop)) {
				break;
			}
		}
		return client;
	}

	/**
	 * The bytes of an IPv4 or IPv6 literal (brackets allowed around IPv6), or
	 * {@code null} when {@code text} is not one. Never a DNS lookup.
	 */
	static byte[] parseAddress(String text) {
		if (text == null) {
			return null;
		}
		String address = text.trim();
		if (address.length() > 2 && address.charAt(0) == '[' && address.charAt(address.length() - 1) == ']') {
			address = address.substring(1, address.length() - 1);
		}
		if (address.isEmpty() || address.length() > 45) {
			return null;
		}
		return (address.indexOf(':') >= 0) ? parseIpv6(address) : parseIpv4(address);
	}

	private static byte[] parseIpv4(String address) {
		byte[] bytes = new byte[4];
		int part = 0;
		int value = 0;
		int digits = 0;
		for (int i = 0; i <= address.length(); i++) {
			char c = (i < address.length()) ? address.charAt(i) : '.';
			if (c == '.') {
				if (digits == 0 || part == 4) {
					return null;
				}
				bytes[part++] = (byte) value;
				value = 0;
				digits = 0;
			}
			else if (c >= '0' && c <= '9' && digits < 3) {
				value = value * 10 + (c - '0');
				digits++;
				if (value > 255) {
					return null;
				}
			}
			else {
				return null;
			}
		}
		return (part == 4) ? bytes : null;
	}

	private static byte[] parseIpv6(String address) {
		for (int i = 0; i < address.length(); i++) {
			char c = address.charAt(i);
			if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
				return null;
			}
		}
		try {
			// only hex digits, colons and dots: the JDK parses this as a literal or
			// refuses it, it never looks it up
			return InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static String format(byte[] address) {
		try {
			return InetAddress.getByAddress(address).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** One address or CIDR range. */
	private record Range(byte[] network, int prefix) {

		static Range parse(String entry) {
			int slash = entry.indexOf('/');
			byte[] network = parseAddress((slash < 0) ? entry : entry.substring(0, slash));
			if (network == null) {
				throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
			}
			int bits = network.length * 8;
			int prefix = bits;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(entry.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > bits) {
					throw new IllegalArgumentException(
							"'" + entry + "' has a prefix length outside 0-" + bits + " for its address family");
				}
			}
			return new Range(network, prefix);
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int whole = this.prefix / 8;
			for (int i = 0; i < whole; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (address[whole] & mask) == (this.network[whole] & mask);
		}

	}

}
