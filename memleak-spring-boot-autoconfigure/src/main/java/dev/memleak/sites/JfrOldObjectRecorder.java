package dev.memleak.sites;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;

/**
 * Records old objects with JDK Flight Recorder's {@code jdk.OldObjectSample} event in
 * process.
 * <p>
 * The sampling recording is kept in memory and never written: old-object samples are only
 * emitted when a recording that has the event enabled stops or is dumped. Each emission
 * therefore starts and stops a second, empty recording whose stop writes the samples to
 * the given file (measured on JDK 17 and 25: a few milliseconds of pause without paths to
 * GC roots). The JVM emits only samples older than its last GC that found dead samples,
 * so each one outlived at least one collection. Other recordings, such as the JFR stream
 * the leak detector runs on G1 with JDK 17 to 19 or the application's own, are not
 * affected: settings of concurrent recordings are merged per event, and this recording
 * keeps no chunks on disk.
 *
 * @author memleak
 */
public final class JfrOldObjectRecorder implements OldObjectRecorder {

	@Override
	public OldObjectRecording start(Duration pathToGcRootsCutoff) {
		String reason = unavailableReason();
		if (reason != null) {
			throw new IllegalStateException(reason);
		}
		Recording sampling = new Recording();
		try {
			sampling.setName("memleak-sites");
			sampling.setToDisk(false);
			sampling.enable(OldObjectSampleReader.EVENT).withStackTrace().with("cutoff", "0 ns");
			sampling.start();
			return new JfrOldObjectRecording(sampling, pathToGcRootsCutoff.toNanos() + " ns");
		}
		catch (RuntimeException ex) {
			sampling.close();
			throw ex;
		}
	}

	@Override
	public @Nullable String unavailableReason() {
		try {
			if (!FlightRecorder.isAvailable()) {
				return "JDK Flight Recorder is not available in this JVM (disabled with -XX:-FlightRecorder, or not "
						+ "supported): leak sites cannot be recorded";
			}
			return null;
		}
		catch (LinkageError ex) {
			return "JDK Flight Recorder is missing from this JVM (" + ex + "): leak sites cannot be recorded";
		}
	}

	private static final class JfrOldObjectRecording implements OldObjectRecording {

		private final Recording sampling;

		private final String cutoff;

		JfrOldObjectRecording(Recording sampling, String cutoff) {
			this.sampling = sampling;
			this.cutoff = cutoff;
		}

		@Override
		public void emitTo(Path file) throws IOException {
			try (Recording emission = new Recording()) {
				emission.setName("memleak-sites-emission");
				// A disk recording: an in-memory one writes no readable file on stop.
				emission.setToDisk(true);
				emission.enable(OldObjectSampleReader.EVENT).withStackTrace().with("cutoff", this.cutoff);
				emission.setDestination(file);
				emission.start();
				emission.stop();
			}
		}

		@Override
		public void close() {
			this.sampling.close();
		}

	}

}
