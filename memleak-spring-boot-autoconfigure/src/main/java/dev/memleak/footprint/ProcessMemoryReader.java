package dev.memleak.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the process's resident memory from {@code /proc/self/status} below a file-system
 * root.
 *
 * @author memleak
 */
public final class ProcessMemoryReader {

	private final Path status;

	/**
	 * Create a reader.
	 * @param root the file-system root, {@code /} outside tests
	 */
	public ProcessMemoryReader(Path root) {
		this.status = root.resolve("proc/self/status");
	}

	/**
	 * Read the process's memory now.
	 * @return the reading
	 * @throws IOException if the file cannot be read or has no {@code VmRSS}
	 */
	public ProcessMemory read() throws IOException {
		Long resident = null;
		Long anon = null;
		Long file = null;
		Integer threads = null;
		for (String line : Files.readString(this.status).split("\n")) {
			if (line.startsWith("VmRSS:")) {
				resident = kilobytes(line);
			}
			else if (line.startsWith("RssAnon:")) {
				anon = kilobytes(line);
			}
			else if (line.startsWith("RssFile:")) {
				file = kilobytes(line);
			}
			else if (line.startsWith("Threads:")) {
				threads = Integer.parseInt(line.substring("Threads:".length()).trim());
			}
		}
		if (resident == null) {
			throw new IOException(this.status + " has no VmRSS line");
		}
		return new ProcessMemory(resident, anon, file, threads);
	}

	// "VmRSS: 219824 kB": the kernel always writes kB (KiB).
	private static long kilobytes(String line) {
		String value = line.substring(line.indexOf(':') + 1).trim();
		int space = value.indexOf(' ');
		return Long.parseLong((space > 0) ? value.substring(0, space) : value) * 1024;
	}

}
