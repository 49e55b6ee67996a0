package dev.memleak.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Finds this process's memory cgroup from {@code /proc/self/cgroup} and
 * {@code /proc/self/mountinfo}, below a file-system root (so that recorded trees can be
 * read in tests). A cgroup v1 memory controller wins over cgroup v2, as the kernel binds
 * the controller to one hierarchy only.
 *
 * @author memleak
 */
final class CgroupLocator {

	private CgroupLocator() {
	}

	/**
	 * Locate the memory cgroup.
	 * @param root the file-system root, {@code /} outside tests
	 * @return where it is
	 * @throws IOException if the files cannot be read, or name no memory cgroup
	 */
	static Location locate(Path root) throws IOException {
		List<String> cgroups = Files.readAllLines(root.resolve("proc/self/cgroup"));
		List<String> mounts = Files.readAllLines(root.resolve("proc/self/mountinfo"));
		String v1Path = null;
		String v2Path = null;
		for (String line : cgroups) {
			String[] parts = line.split(":", 3);
			if (parts.length < 3) {
				continue;
			}
			if (List.of(parts[1].split(",")).contains("memory")) {
				v1Path = parts[2];
			}
			else if (parts[0].equals("0") && parts[1].isEmpty()) {
				v2Path = parts[2];
			}
		}
		if (v1Path != null) {
			Mount mount = findMount(mounts, "cgroup", "memory");
			if (mount != null) {
				return new Location("v1", resolve(root, mount, v1Path), root.resolve(mount.point.substring(1)));
			}
		}
		if (v2Path != null) {
			Mount mount = findMount(mounts, "cgroup2", null);
			if (mount != null) {
				Path directory = resolve(root, mount, v2Path);
				if (Files.exists(directory.resolve("memory.current"))) {
					return new Location("v2", directory, root.resolve(mount.point.substring(1)));
				}
				throw new IOException("the cgroup v2 directory " + directory + " has no memory controller");
			}
		}
		throw new IOException("/proc/self/cgroup and /proc/self/mountinfo name no mounted memory cgroup");
	}

	// The cgroup path is relative to the hierarchy's root; the mount shows the part of
	// the hierarchy below its own root. In a container with its own cgroup namespace
	// both are "/"; without one, the path names the container's cgroup, which is mounted
	// as the mount's root.
	private static Path resolve(Path root, Mount mount, String cgroupPath) {
		Path mountPoint = root.resolve(mount.point.substring(1));
		String relative;
		if (mount.root.equals("/")) {
			relative = cgroupPath;
		}
		else if (cgroupPath.equals(mount.root) || cgroupPath.startsWith(mount.root + "/")) {
			relative = cgroupPath.substring(mount.root.length());
		}
		else {
			relative = "/";
		}
		if (relative.isEmpty() || relative.contains("..")) {
			relative = "/";
		}
		Path directory = relative.equals("/") ? mountPoint : mountPoint.resolve(relative.substring(1));
		return Files.isDirectory(directory) ? directory : mountPoint;
	}

	private static @Nullable Mount findMount(List<String> mounts, String type, @Nullable String option) {
		for (String line : mounts) {
			int separator = line.indexOf(" - ");
			if (separator < 0) {
				continue;
			}
			String[] left = line.substring(0, separator).split(" ");
			String[] right = line.substring(separator + 3).split(" ");
			if (left.length < 5 || right.length < 3 || !right[0].equals(type)) {
				continue;
			}
			if (option == null || List.of(right[2].split(",")).contains(option)) {
				return new Mount(unescape(left[3]), unescape(left[4]));
			}
		}
		return null;
	}

	// mountinfo escapes space, tab, newline and backslash as octal (\040).
	private static String unescape(String field) {
		if (field.indexOf('\\') < 0) {
			return field;
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < field.length(); i++) {
			char c = field.charAt(i);
			if (c == '\\' && i + 3 < field.length()) {
				out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
				i += 3;
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * Where the memory cgroup is.
	 *
	 * @param version {@code v1} or {@code v2}
	 * @param directory the cgroup's directory
	 * @param mountPoint the hierarchy's mount point, above which no parent is read
	 */
	record Location(String version, Path directory, Path mountPoint) {
	}

	private record Mount(String root, String point) {
	}

}
