import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scenario against a server that is already running (for profiling by hand):
 * {@code java -cp target/bench/classes Probe PORT API_KEY PID add|get CLIENTS SECONDS}. Loopback only.
 */
public final class Probe {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		String apiKey = args[1];
		long pid = Long.parseLong(args[2]);
		String what = args[3];
		int clients = Integer.parseInt(args[4]);
		double seconds = Double.parseDouble(args[5]);
		List<Agent> agents = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			Agent agent = new Agent("probe-" + i, port, apiKey);
			agent.connect();
			agents.add(agent);
		}
		String body = agents.get(0).tool("create_session", "{\"purpose\":\"probe\"}");
		Matcher m = Pattern.compile("\"session_id\":\"(session_[0-9a-f]{16})\"").matcher(body);
		m.find();
		String session = m.group(1);
		Corpus corpus = new Corpus(5000);
		for (int i = 0; i < 100; i++) {
			agents.get(0).mcpAddMessage(session, corpus.message(i));
		}
		Load.Op op = what.equals("add") ? (agent, seq) -> agent.mcpAddMessage(session, corpus.message(seq))
				: (agent, seq) -> agent.tool("get_messages", "{\"session_id\":\"" + session + "\",\"limit\":50}");
		Load.run(what + " warm-up", agents, Math.min(5, seconds), pid, null, op);
		Load.run(what, agents, seconds, pid, null, op);
	}

}
