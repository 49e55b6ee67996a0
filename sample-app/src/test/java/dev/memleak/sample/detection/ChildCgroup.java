package dev.memleak.sample.detection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child of this process's cgroup v1 memory cgroup with a limit, for running a JVM in a
 * container of a known size; removed on close.
 *
 * @author memleak
 */
final class ChildCgroup implements AutoCloseable {

	private static final AtomicInteger COUNT = new AtomicInteger();

	private final Path directory;

	private ChildCgroup(Path directory) {
		this.directory = directory;
	}

	/**
	 * Create a child cgroup, or say why it cannot be created.
	 * @param limitBytes its memory limit
	 * @return the cgroup, or {@code null} when this machine does not allow it (a failure
	 * with {@code CI=true})
	 */
	static ChildCgroup create(long limitBytes) throws IOException {
		Path parent = ownMemoryCgroup();
		if (parent == null) {
			return unavailable("this process is in no cgroup v1 memory cgroup");
		}
		Path directory = parent.resolve("memleak-it-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet());
		try {
			Files.createDirectory(directory);
			Files.writeString(directory.resolve("memory.limit_in_bytes"), Long.toString(limitBytes));
		}
		catch (IOException ex) {
			Files.deleteIfExists(directory);
			return unavailable("cannot create " + directory + " with a limit (" + ex + "): not root?");
		}
		return new ChildCgroup(directory);
	}

	private static Path ownMemoryCgroup() throws IOException {
		Path cgroup = Path.of("/proc/self/cgroup");
		Path mount = Path.of("/sys/fs/cgroup/memory");
		if (!Files.exists(cgroup) || !Files.isDirectory(mount)) {
			return null;
		}
		for (String line : Files.readAllLines(cgroup)) {
			String[] parts = line.split(":", 3);
			if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
				Path directory = mount.resolve(parts[2].substring(1));
				return Files.isDirectory(directory) ? directory : null;
			}
		}
		return null;
	}

	private static ChildCgroup unavailable(String reason) {
		if ("true".equals(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true but no child memory cgroup can be created: " + reason);
		}
		System.err.println("*** SKIPPED: a JVM in a container of known size: " + reason + " ***");
		return null;
	}

	/**
	 * Return a launcher that moves itself into this cgroup, then runs its arguments.
	 * @return the launcher's command
	 */
	List<String> launcher() {
		return List.of("sh", "-c", "echo $$ > " + this.directory.resolve("cgroup.procs") + " && exec \"$0\" \"$@\"");
	}

	String name() {
		return this.directory.getFileName().toString();
	}

	/**
	 * Return how many processes of the cgroup the OOM killer killed.
	 * @return the kills, from memory.oom_control
	 */
	long oomKills() throws IOException {
		for (String line : Files.readAllLines(this.directory.resolve("memory.oom_control"))) {
			if (line.startsWith("oom_kill ")) {
				return Long.parseLong(line.substring("oom_kill ".length()).trim());
			}
		}
		return -1;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		// A cgroup can be removed once its last process is gone.
		for (int attempt = 0; attempt < 50; attempt++) {
			try {
				Files.deleteIfExists(this.directory);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		Files.deleteIfExists(this.directory);
	}

}
