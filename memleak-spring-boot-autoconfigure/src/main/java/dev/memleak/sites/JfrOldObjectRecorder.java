package dev.memleak.sites;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.HotSpotDiagnosticMXBean;

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

	private static final Pattern QUEUE_SIZE = Pattern.compile("(?:^|,)old-object-queue-size=(\\d{1,9})(?=,|$)");

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

	/**
	 * Initialize JDK Flight Recorder without a recording. On JDK 17 to 22 its first
	 * initialization in a JVM retransforms a few JDK classes for its I/O and exception
	 * events, and the JVM's first class redefinition discards all compiled code: done
	 * under load, the application runs interpreted again until the JIT has recompiled it.
	 * Done at startup, it discards only what startup compiled.
	 */
	@Override
	public void prepare() {
		String reason = unavailableReason();
		if (reason != null) {
			throw new IllegalStateException(reason);
		}
		FlightRecorder.getFlightRecorder();
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

	/**
	 * Read the queue size from {@code -XX:FlightRecorderOptions}; the JVM's default when
	 * the option does not set it or cannot be read.
	 */
	@Override
	public int queueSize() {
		try {
			HotSpotDiagnosticMXBean diagnostic = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			return queueSize(diagnostic.getVMOption("FlightRecorderOptions").getValue());
		}
		catch (RuntimeException | LinkageError ex) {
			return DEFAULT_QUEUE_SIZE;
		}
	}

	/**
	 * Return the queue size a value of {@code -XX:FlightRecorderOptions} sets.
	 * @param options the option's value, such as
	 * {@code old-object-queue-size=1024,stackdepth=128}
	 * @return the queue size, or the JVM's default if the value does not set it
	 */
	static int queueSize(@Nullable String options) {
		if (options == null) {
			return DEFAULT_QUEUE_SIZE;
		}
		Matcher matcher = QUEUE_SIZE.matcher(options);
		int size = DEFAULT_QUEUE_SIZE;
		while (matcher.find()) {
			size = Integer.parseInt(matcher.group(1));
		}
		return size;
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
