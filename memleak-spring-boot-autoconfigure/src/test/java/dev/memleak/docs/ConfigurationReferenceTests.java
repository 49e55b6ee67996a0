package dev.memleak.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} is generated from the configuration metadata the build
 * produces, and this test keeps it so: it fails when the file differs from what the
 * metadata gives. Regenerate with
 * {@code mvn -pl memleak-spring-boot-autoconfigure test -Dtest=ConfigurationReferenceTests -Dmemleak.docs.update=true}.
 */
class ConfigurationReferenceTests {

	private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

	private static final Map<String, String> TITLES = new LinkedHashMap<>();

	static {
		TITLES.put("", "memleak");
		TITLES.put("request", "Requests (`memleak.request.*`)");
		TITLES.put("detection", "Leak detection (`memleak.detection.*`)");
		TITLES.put("task", "Background tasks (`memleak.task.*`)");
		TITLES.put("snapshot", "Heap snapshots (`memleak.snapshot.*`)");
		TITLES.put("sites", "Leak sites and heap dumps (`memleak.sites.*`)");
		TITLES.put("footprint", "Outside the heap (`memleak.footprint.*`)");
		TITLES.put("escalation", "Escalation (`memleak.escalation.*`)");
		TITLES.put("pause-budget", "Pause budget (`memleak.pause-budget.*`)");
		TITLES.put("diagnosis", "Diagnosis (`memleak.diagnosis.*`)");
	}

	@Test
	void referenceListsEveryPropertyWithItsDefaultAndDescription() throws IOException {
		String expected = render(properties());
		if (Boolean.getBoolean("memleak.docs.update")) {
			Files.writeString(REFERENCE, expected);
		}
		assertThat(Files.readString(REFERENCE)).as("docs/configuration.md is out of date; regenerate it (see Javadoc)")
			.isEqualTo(expected);
	}

	@Test
	void everyPropertyHasADescription() throws IOException {
		assertThat(properties()).isNotEmpty()
			.allSatisfy((property) -> assertThat(property.path("description").asString())
				.as(property.get("name").asString())
				.isNotBlank());
	}

	private static List<JsonNode> properties() throws IOException {
		try (InputStream in = ConfigurationReferenceTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonNode metadata = JsonMapper.builder().build().readTree(in);
			List<JsonNode> properties = new ArrayList<>();
			metadata.get("properties").forEach((property) -> {
				if (property.get("name").asString().startsWith("memleak.")) {
					properties.add(property);
				}
			});
			properties.sort((a, b) -> a.get("name").asString().compareTo(b.get("name").asString()));
			return properties;
		}
	}

	private static String render(List<JsonNode> properties) {
		Map<String, List<JsonNode>> groups = new TreeMap<>();
		for (JsonNode property : properties) {
			String[] parts = property.get("name").asString().split("\\.");
			groups.computeIfAbsent((parts.length > 2) ? parts[1] : "", (key) -> new ArrayList<>()).add(property);
		}
		StringBuilder out = new StringBuilder();
		out.append("# Configuration reference\n\n");
		out.append("Every `memleak.*` property, generated from the configuration metadata the build produces\n");
		out.append(
				"(`META-INF/spring-configuration-metadata.json`, which IDEs also read). `ConfigurationReferenceTests`\n");
		out.append("fails the build when this file and the metadata differ. Invalid values fail startup with a\n");
		out.append("message that names the property and the allowed values.\n\n");
		out.append("Endpoint access follows Spring Boot: `management.endpoint.memoryleak.access` (`read-only` by\n");
		out.append("default; `unrestricted` opens the write operations: snapshots, leak-site emissions) and\n");
		out.append("`management.endpoints.web.exposure.include` (add `memoryleak`).\n");
		List<String> order = new ArrayList<>(TITLES.keySet());
		groups.keySet().stream().filter((group) -> !order.contains(group)).forEach(order::add);
		for (String group : order) {
			List<JsonNode> members = groups.get(group);
			if (members == null) {
				continue;
			}
			out.append("\n## ").append(TITLES.getOrDefault(group, "`memleak." + group + ".*`")).append("\n\n");
			out.append("| property | type | default | description |\n|---|---|---|---|\n");
			for (JsonNode property : members) {
				out.append("| `")
					.append(property.get("name").asString())
					.append("` | ")
					.append(type(property.path("type").asString()))
					.append(" | ")
					.append(defaultValue(property.get("defaultValue")))
					.append(" | ")
					.append(property.path("description").asString().replace("|", "\\|").replace("\n", " "))
					.append(" |\n");
			}
		}
		return out.toString();
	}

	private static String type(String type) {
		return type
			.replaceAll("(java\\.lang\\.|java\\.time\\.|java\\.util\\.|org\\.springframework\\.util\\.unit\\.)", "")
			.replaceAll("[a-z]+(\\.[a-z]+)*\\.([A-Z])", "$2")
			.replace("<", "&lt;")
			.replace(">", "&gt;");
	}

	private static String defaultValue(JsonNode value) {
		if (value == null || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return "`" + String.join(",", items) + "`";
		}
		return "`" + value.asString() + "`";
	}

}
