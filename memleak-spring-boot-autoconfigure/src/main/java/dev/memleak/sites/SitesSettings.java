package dev.memleak.sites;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Everything leak sites and heap dumps need, with every rule between the
 * {@code memleak.sites.*} properties and the features they wait for: the record cannot
 * hold settings that contradict each other, whether they come from properties or from a
 * user's own bean. Dependent defaults are derived by {@link #builder()}.
 *
 * @param recordingStart when the old-object recording starts
 * @param initializeJfrAtStartup whether JDK Flight Recorder is initialized at startup,
 * without recording, when the recording waits
 * @param emissionInterval time between two emissions while sites are gathered; zero for
 * on demand only
 * @param pathToGcRoots whether emissions search reference chains
 * @param pathToGcRootsCutoff most time one emission searches them
 * @param topSites sites reported
 * @param maxFrames stack frames kept per site
 * @param frameworkPackages package prefixes of framework code
 * @param directory where emission files go
 * @param heapDump automatic heap dumps
 * @author memleak
 */
public record SitesSettings(RecordingStart recordingStart, boolean initializeJfrAtStartup, Duration emissionInterval,
		boolean pathToGcRoots, Duration pathToGcRootsCutoff, int topSites, int maxFrames,
		List<String> frameworkPackages, Path directory, HeapDumpSettings heapDump) {

	public SitesSettings {
		frameworkPackages = List.copyOf(frameworkPackages);
		if (!emissionInterval.isZero() && emissionInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("memleak.sites.emission-interval must be 0 (on demand only) or at "
					+ "least 1s, but was " + emissionInterval);
		}
		if (pathToGcRootsCutoff.compareTo(Duration.ofMillis(1)) < 0
				|| pathToGcRootsCutoff.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException("memleak.sites.path-to-gc-roots-cutoff must be between 1ms and 1m "
					+ "(inclusive), but was " + pathToGcRootsCutoff);
		}
		requireBetween("memleak.sites.top-sites", topSites, 1, 100);
		requireBetween("memleak.sites.max-frames", maxFrames, 1, 64);
		if (frameworkPackages.stream().anyMatch((prefix) -> prefix == null || prefix.isBlank())) {
			throw new IllegalArgumentException(
					"memleak.sites.framework-packages must not contain empty prefixes, but was " + frameworkPackages);
		}
	}

	/**
	 * Return the JFR cutoff setting of emissions: how long to search paths to GC roots.
	 * @return {@code 0 ns} when path-to-gc-roots is off
	 */
	Duration effectiveCutoff() {
		return this.pathToGcRoots ? this.pathToGcRootsCutoff : Duration.ZERO;
	}

	/**
	 * The defaults, with leak detection and escalation on.
	 * @return the defaults
	 */
	public static SitesSettings defaults() {
		return builder().build();
	}

	/**
	 * Start a builder whose unset values are the defaults, derived from whether leak
	 * detection and escalation are on where they depend on it.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	static void requireBetween(String property, long value, long min, long max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					property + " must be between " + min + " and " + max + " (inclusive), but was " + value);
		}
	}

	/**
	 * When the old-object recording starts.
	 */
	public enum RecordingStart {

		/** With the application; emissions every emission interval, all the time. */
		AT_STARTUP,

		/**
		 * When the leak detector suspects a leak (the escalation starts it), or when
		 * someone asks for sites.
		 */
		WHEN_SUSPECTED,

		/**
		 * Only when someone asks for sites: nothing suspects leaks (leak detection or
		 * escalation is off).
		 */
		ON_DEMAND

	}

	/**
	 * Automatic heap dumps when a leak becomes suspected.
	 *
	 * @param onSuspected whether to write one when the status becomes SUSPECTED
	 * @param directory where, required when on-suspected is true
	 * @param minInterval least time between two automatic dumps
	 * @param maxDiskBytes most disk the dumps may take
	 * @param live whether to dump reachable objects only
	 */
	public record HeapDumpSettings(boolean onSuspected, @Nullable Path directory, Duration minInterval,
			long maxDiskBytes, boolean live) {

		public HeapDumpSettings {
			if (minInterval.compareTo(Duration.ofSeconds(1)) < 0) {
				throw new IllegalArgumentException(
						"memleak.sites.heap-dump.min-interval must be at least 1s, but was " + minInterval);
			}
			if (maxDiskBytes <= 0) {
				throw new IllegalArgumentException(
						"memleak.sites.heap-dump.max-disk must be positive, but was " + maxDiskBytes + "B");
			}
			if (onSuspected && directory == null) {
				throw new IllegalArgumentException("memleak.sites.heap-dump.directory must be set when "
						+ "memleak.sites.heap-dump.on-suspected=true: heap dumps are as large as the heap and are "
						+ "never written to a default location");
			}
		}

		/**
		 * The defaults: no automatic dump, 6 hours apart, 2 GB of disk, live objects.
		 * @return the defaults
		 */
		public static HeapDumpSettings defaults() {
			return new HeapDumpSettings(false, null, Duration.ofHours(6), 2L * 1024 * 1024 * 1024, true);
		}

	}

	/**
	 * Builds {@link SitesSettings}; values left unset are the defaults, or derived.
	 */
	public static final class Builder {

		private @Nullable Boolean startWhenSuspected;

		private boolean initializeJfrAtStartup;

		private Duration emissionInterval = Duration.ofMinutes(1);

		private boolean pathToGcRoots;

		private Duration pathToGcRootsCutoff = Duration.ofSeconds(1);

		private int topSites = 10;

		private int maxFrames = 8;

		private List<String> frameworkPackages = new ArrayList<>(StackFolding.DEFAULT_FRAMEWORK_PACKAGES);

		private Path directory = Path.of(System.getProperty("java.io.tmpdir"), "memleak");

		private HeapDumpSettings heapDump = HeapDumpSettings.defaults();

		private boolean detection = true;

		private boolean escalation = true;

		Builder() {
		}

		/**
		 * Set whether the recording waits for a suspected leak; {@code null} derives it:
		 * it waits when leak detection and escalation are on, and records on demand
		 * otherwise.
		 * @param startWhenSuspected the value or {@code null}
		 * @return this builder
		 */
		public Builder startWhenSuspected(@Nullable Boolean startWhenSuspected) {
			this.startWhenSuspected = startWhenSuspected;
			return this;
		}

		/**
		 * Set whether JDK Flight Recorder is initialized at startup, without recording,
		 * while the recording waits (off by default).
		 * @param initializeJfrAtStartup whether to
		 * @return this builder
		 */
		public Builder initializeJfrAtStartup(boolean initializeJfrAtStartup) {
			this.initializeJfrAtStartup = initializeJfrAtStartup;
			return this;
		}

		public Builder emissionInterval(Duration emissionInterval) {
			this.emissionInterval = emissionInterval;
			return this;
		}

		public Builder pathToGcRoots(boolean pathToGcRoots, Duration cutoff) {
			this.pathToGcRoots = pathToGcRoots;
			this.pathToGcRootsCutoff = cutoff;
			return this;
		}

		public Builder topSites(int topSites) {
			this.topSites = topSites;
			return this;
		}

		public Builder maxFrames(int maxFrames) {
			this.maxFrames = maxFrames;
			return this;
		}

		public Builder frameworkPackages(List<String> frameworkPackages) {
			this.frameworkPackages = new ArrayList<>(frameworkPackages);
			return this;
		}

		public Builder directory(Path directory) {
			this.directory = directory;
			return this;
		}

		public Builder heapDump(HeapDumpSettings heapDump) {
			this.heapDump = heapDump;
			return this;
		}

		/**
		 * Say whether leak detection ({@code memleak.detection.enabled}) and escalation
		 * ({@code memleak.escalation.enabled}) are on: what waits for a suspected leak
		 * needs both.
		 * @param detection whether leak detection is on
		 * @param escalation whether escalation is on
		 * @return this builder
		 */
		public Builder suspicions(boolean detection, boolean escalation) {
			this.detection = detection;
			this.escalation = escalation;
			return this;
		}

		/**
		 * Build the settings.
		 * @return the settings
		 * @throws IllegalArgumentException naming the property, or both properties, that
		 * break a rule
		 */
		public SitesSettings build() {
			String noSuspicions = noSuspicions();
			if (noSuspicions != null && Boolean.TRUE.equals(this.startWhenSuspected)) {
				throw new IllegalArgumentException(
						"memleak.sites.start-when-suspected=true waits for a suspected leak, " + "but " + noSuspicions
								+ ": nothing would ever start the recording. Set "
								+ "memleak.sites.start-when-suspected=false to record from startup, or leave it unset to "
								+ "record on demand");
			}
			if (noSuspicions != null && this.heapDump.onSuspected()) {
				throw new IllegalArgumentException("memleak.sites.heap-dump.on-suspected=true waits for a suspected "
						+ "leak, but " + noSuspicions + ": no heap dump would ever be written");
			}
			RecordingStart start;
			if (Boolean.FALSE.equals(this.startWhenSuspected)) {
				start = RecordingStart.AT_STARTUP;
			}
			else {
				start = (noSuspicions != null) ? RecordingStart.ON_DEMAND : RecordingStart.WHEN_SUSPECTED;
			}
			return new SitesSettings(start, this.initializeJfrAtStartup, this.emissionInterval, this.pathToGcRoots,
					this.pathToGcRootsCutoff, this.topSites, this.maxFrames, this.frameworkPackages, this.directory,
					this.heapDump);
		}

		private @Nullable String noSuspicions() {
			if (!this.detection) {
				return "memleak.detection.enabled=false";
			}
			return (!this.escalation) ? "memleak.escalation.enabled=false" : null;
		}

	}

}
