package dev.memleak.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads the container's memory from its cgroup: v2 ({@code memory.current},
 * {@code memory.max}, {@code memory.stat}, {@code memory.events}) or v1
 * ({@code memory.usage_in_bytes}, {@code memory.limit_in_bytes}, {@code memory.stat},
 * {@code memory.oom_control}, {@code memory.failcnt}). The cgroup is located once.
 *
 * @author memleak
 */
public final class CgroupMemoryReader {

	/** Limits at or above this are "no limit" (v1 writes 2^63 rounded down to a page). */
	static final long NO_LIMIT = 1L << 62;

	private final Path root;

	private CgroupLocator.@Nullable Location location;

	private @Nullable IOException locationFailure;

	/**
	 * Create a reader.
	 * @param root the file-system root, {@code /} outside tests
	 */
	public CgroupMemoryReader(Path root) {
		this.root = root;
	}

	/**
	 * Read the container's memory now.
	 * @return the reading
	 * @throws IOException if there is no memory cgroup or its usage cannot be read
	 */
	public synchronized CgroupMemory read() throws IOException {
		CgroupLocator.Location where = location();
		Path directory = where.directory();
		String path = "/" + where.mountPoint().relativize(directory);
		if (where.version().equals("v2")) {
			Map<String, Long> stat = keyValues(directory.resolve("memory.stat"));
			Map<String, Long> events = keyValues(directory.resolve("memory.events"));
			return new CgroupMemory("v2", path, number(directory.resolve("memory.current")), v2Limit(where),
					stat.get("anon"), stat.get("file"), stat.get("inactive_file"), events.get("oom_kill"),
					events.get("max"));
		}
		Map<String, Long> stat = keyValues(directory.resolve("memory.stat"));
		Long limit = optionalNumber(directory.resolve("memory.limit_in_bytes"));
		Long hierarchical = stat.get("hierarchical_memory_limit");
		if (hierarchical != null && (limit == null || hierarchical < limit)) {
			limit = hierarchical;
		}
		return new CgroupMemory("v1", path, number(directory.resolve("memory.usage_in_bytes")), limitOrNull(limit),
				total(stat, "rss"), total(stat, "cache"), total(stat, "inactive_file"),
				keyValues(directory.resolve("memory.oom_control")).get("oom_kill"),
				optionalNumber(directory.resolve("memory.failcnt")));
	}

	private CgroupLocator.Location location() throws IOException {
		if (this.location == null && this.locationFailure == null) {
			try {
				this.location = CgroupLocator.locate(this.root);
			}
			catch (IOException ex) {
				this.locationFailure = ex;
			}
		}
		if (this.location == null) {
			throw this.locationFailure;
		}
		return this.location;
	}

	// The effective v2 limit is the lowest memory.max of the cgroup and its parents.
	private @Nullable Long v2Limit(CgroupLocator.Location where) throws IOException {
		Long limit = null;
		for (Path directory = where.directory(); directory != null
				&& directory.startsWith(where.mountPoint()); directory = directory.getParent()) {
			Path max = directory.resolve("memory.max");
			if (Files.exists(max)) {
				String value = Files.readString(max).trim();
				if (!value.equals("max")) {
					long bytes = Long.parseLong(value);
					limit = (limit == null) ? bytes : Math.min(limit, bytes);
				}
			}
		}
		return limitOrNull(limit);
	}

	private static @Nullable Long limitOrNull(@Nullable Long limit) {
		return (limit != null && limit < NO_LIMIT) ? limit : null;
	}

	// v1 memory.stat holds the cgroup's own counters and, prefixed total_, those of its
	// subtree; the subtree is what the limit applies to.
	private static @Nullable Long total(Map<String, Long> stat, String key) {
		Long total = stat.get("total_" + key);
		return (total != null) ? total : stat.get(key);
	}

	private static long number(Path file) throws IOException {
		return Long.parseLong(Files.readString(file).trim());
	}

	private static @Nullable Long optionalNumber(Path file) throws IOException {
		try {
			return number(file);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	static Map<String, Long> keyValues(Path file) throws IOException {
		Map<String, Long> values = new HashMap<>();
		String content;
		try {
			content = Files.readString(file);
		}
		catch (NoSuchFileException ex) {
			return values;
		}
		for (String line : content.split("\n")) {
			int space = line.indexOf(' ');
			if (space > 0) {
				try {
					values.put(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()));
				}
				catch (NumberFormatException ex) {
					// Not a counter (for example a v1 flag such as "under_oom 0" is one;
					// a
					// future key with a text value is not): skip it.
				}
			}
		}
		return values;
	}

}
