package dev.memleak.sites;

import java.io.IOException;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Writes heap dumps.
 *
 * @author memleak
 */
@FunctionalInterface
public interface HeapDumper {

	/**
	 * Write a heap dump. The application is stopped while it is written.
	 * @param file an absolute path ending in {@code .hprof} that does not exist
	 * @param live whether to dump only reachable objects (a full collection first)
	 * @throws IOException if the dump cannot be written; the file may then be partial
	 */
	void dumpHeap(Path file, boolean live) throws IOException;

	/**
	 * Why this JVM cannot write heap dumps.
	 * @return the reason, or {@code null} if it can
	 */
	default @Nullable String unavailableReason() {
		return null;
	}

}
