package dev.memleak.sample.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * Parsed YAML and JSON documents as maps and lists, and the casts to walk them.
 *
 * @author memleak
 */
final class Parsed {

	private Parsed() {
	}

	/**
	 * Parse a YAML file (or a JSON one, which is YAML too) into maps and lists.
	 * @param file the file
	 * @return its content
	 * @throws IOException if it cannot be read
	 */
	static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

	/**
	 * Cast a parsed sequence of mappings.
	 * @param value a parsed list of maps, or {@code null}
	 * @return the maps, or an empty list
	 */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> maps(Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : List.of();
	}

	/**
	 * Cast a parsed mapping.
	 * @param value a parsed map, or {@code null}
	 * @return the map, or an empty map
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

}
