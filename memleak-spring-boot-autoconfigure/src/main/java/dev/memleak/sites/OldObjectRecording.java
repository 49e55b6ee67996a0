package dev.memleak.sites;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A running old-object recording. The JVM keeps its samples in memory; they are only
 * written out when emitted.
 *
 * @author memleak
 */
public interface OldObjectRecording extends AutoCloseable {

	/**
	 * Write the samples of the objects still alive to a JFR file.
	 * @param file where to write them; must not exist
	 * @throws IOException if the file cannot be written
	 */
	void emitTo(Path file) throws IOException;

	/**
	 * Stop sampling and drop the samples.
	 */
	@Override
	void close();

}
