package dev.memleak.sites;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The files emissions are written to: one at a time, in a private directory under
 * {@code memleak.sites.directory} that is created on first use and removed on
 * {@link #close()}. A file is deleted as soon as it has been read, so at most one exists.
 * Directories left behind by a JVM that died mid-emission are removed once stale.
 *
 * @author memleak
 */
final class EmissionFiles implements AutoCloseable {

	static final String PREFIX = "sites-";

	// An emission file lives for well under a second; older ones belong to dead JVMs.
	private static final Duration STALE = Duration.ofHours(1);

	private final Path parent;

	private final AtomicLong counter = new AtomicLong();

	private @Nullable Path directory;

	EmissionFiles(Path parent) {
		this.parent = parent.toAbsolutePath();
	}

	Path parent() {
		return this.parent;
	}

	/**
	 * Return a path for the next emission, creating the private directory if needed.
	 * @return a path that does not exist yet
	 * @throws IOException if the directory cannot be created
	 */
	synchronized Path next() throws IOException {
		if (this.directory == null || !Files.isDirectory(this.directory)) {
			Files.createDirectories(this.parent);
			removeStale();
			this.directory = Files.createTempDirectory(this.parent, PREFIX);
		}
		return this.directory.resolve("emission-" + this.counter.incrementAndGet() + ".jfr");
	}

	/**
	 * Check that the directory can be written to, without leaving anything behind.
	 * @return why it cannot, or {@code null} if it can
	 */
	@Nullable String problem() {
		try {
			Files.createDirectories(this.parent);
			Files.delete(Files.createTempFile(this.parent, PREFIX, ".probe"));
			return null;
		}
		catch (IOException | UncheckedIOException | SecurityException ex) {
			return "memleak.sites.directory (" + this.parent + ") is not writable: " + ex;
		}
	}

	static void delete(Path file) throws IOException {
		Files.deleteIfExists(file);
	}

	@Override
	public synchronized void close() throws IOException {
		Path directory = this.directory;
		this.directory = null;
		if (directory != null) {
			deleteTree(directory);
		}
	}

	private void removeStale() throws IOException {
		Instant staleBefore = Instant.now().minus(STALE);
		try (DirectoryStream<Path> directories = Files.newDirectoryStream(this.parent, PREFIX + "*")) {
			for (Path directory : directories) {
				if (Files.isDirectory(directory) && isStale(directory, staleBefore)) {
					deleteTree(directory);
				}
			}
		}
	}

	private static boolean isStale(Path directory, Instant staleBefore) throws IOException {
		if (Files.getLastModifiedTime(directory).toInstant().isAfter(staleBefore)) {
			return false;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				FileTime modified = Files.getLastModifiedTime(file);
				if (modified.toInstant().isAfter(staleBefore)) {
					return false;
				}
			}
		}
		return true;
	}

	private static void deleteTree(Path directory) throws IOException {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
		}
		Files.deleteIfExists(directory);
	}

}
