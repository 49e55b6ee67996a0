package dev.memleak.heap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real GC notification sequence captured on this project's machine (see
 * {@code src/test/resources/gc/README.md}): the header and every notification.
 *
 * @param name the file's base name, e.g. {@code jdk17-g1-leak}
 * @param leakBytesPerSecond the workload's true leak rate
 * @param events the notifications, as the tracker receives them
 * @author memleak
 */
record GcFixture(String name, long leakBytesPerSecond, List<GcEvent> events) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static GcFixture load(String name) {
		try (InputStream in = GcFixture.class.getResourceAsStream("/gc/" + name + ".jsonl.gz");
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
			JsonNode header = JSON.readTree(reader.readLine());
			List<GcEvent> events = new ArrayList<>();
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				JsonNode node = JSON.readTree(line);
				events.add(new GcEvent(Instant.ofEpochMilli(node.get("wallMillis").asLong()),
						node.get("gcName").asString(), node.get("gcAction").asString(), node.get("gcCause").asString(),
						pools(node.get("before")), pools(node.get("after"))));
			}
			return new GcFixture(name, header.get("leakBytesPerSecond").asLong(), events);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Instant end() {
		return this.events.get(this.events.size() - 1).at();
	}

	private static Map<String, GcEvent.PoolUsage> pools(JsonNode node) {
		Map<String, GcEvent.PoolUsage> pools = new HashMap<>();
		node.properties()
			.forEach((entry) -> pools.put(entry.getKey(), new GcEvent.PoolUsage(entry.getValue().get("used").asLong(),
					entry.getValue().get("max").asLong())));
		return pools;
	}

}
