package dev.memleak.sites;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of leak sites (JFR old-object samples) and of automatic heap dumps.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.sites")
public class SitesProperties {

	/**
	 * Whether to find where long-lived objects are allocated with a JDK Flight Recorder
	 * old-object recording. Off unless opted in: while it records, no slowdown was
	 * measurable (within 10%) on an allocation-bound loop or a Spring MVC application,
	 * and JFR uses about 10 MB of native memory (docs/performance.md).
	 */
	private boolean enabled;

	/**
	 * Whether the recording waits until the leak detector suspects a leak (or until
	 * someone asks for sites) instead of starting with the application. Waiting costs
	 * nothing until then and samples the leak with a fresh sampler; starting at once also
	 * catches leaks the detector misses, at the recording's cost all the time.
	 */
	private boolean startWhenSuspected = true;

	/**
	 * Time between two emissions of the samples while the recording runs; 0 emits only on
	 * demand (POST /actuator/memoryleak/sites) and when a leak becomes suspected. Each
	 * emission stops the application for a few milliseconds.
	 */
	private Duration emissionInterval = Duration.ofMinutes(1);

	/**
	 * Whether each emission also searches the reference chain from a GC root to every
	 * sampled object. It shows who holds the leak, but the search walks the heap while
	 * the application is stopped: tens to hundreds of milliseconds per emission, more on
	 * large heaps.
	 */
	private boolean pathToGcRoots;

	/**
	 * Longest time one emission may spend searching reference chains when
	 * path-to-gc-roots is on; chains not found by then are left out. Bounds the pause.
	 */
	private Duration pathToGcRootsCutoff = Duration.ofSeconds(1);

	/**
	 * Sites reported, leak sites first, then by samples. More costs nothing at emission
	 * time, only report size.
	 */
	private int topSites = 10;

	/**
	 * Stack frames kept per site: the allocating frame and then application frames
	 * (framework frames between them are folded into one line each).
	 */
	private int maxFrames = 8;

	/**
	 * Package prefixes of framework code, whose frames are folded so that the
	 * application's own frames come first. Replaces the default list when set.
	 */
	private List<String> frameworkPackages = new ArrayList<>(StackFolding.DEFAULT_FRAMEWORK_PACKAGES);

	/**
	 * Directory for the short-lived file of each emission (a few hundred KB, deleted as
	 * soon as it is read; memleak's subdirectory is removed when the application stops).
	 * Defaults to 'memleak' under java.io.tmpdir.
	 */
	private Path directory = Path.of(System.getProperty("java.io.tmpdir"), "memleak");

	/**
	 * Automatic heap dumps when the leak detector starts suspecting a leak.
	 */
	private final HeapDump heapDump = new HeapDump();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isStartWhenSuspected() {
		return this.startWhenSuspected;
	}

	public void setStartWhenSuspected(boolean startWhenSuspected) {
		this.startWhenSuspected = startWhenSuspected;
	}

	public Duration getEmissionInterval() {
		return this.emissionInterval;
	}

	public void setEmissionInterval(Duration emissionInterval) {
		if (!emissionInterval.isZero() && emissionInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("memleak.sites.emission-interval must be 0 (on demand only) or at "
					+ "least 1s, but was " + emissionInterval);
		}
		this.emissionInterval = emissionInterval;
	}

	public boolean isPathToGcRoots() {
		return this.pathToGcRoots;
	}

	public void setPathToGcRoots(boolean pathToGcRoots) {
		this.pathToGcRoots = pathToGcRoots;
	}

	public Duration getPathToGcRootsCutoff() {
		return this.pathToGcRootsCutoff;
	}

	public void setPathToGcRootsCutoff(Duration pathToGcRootsCutoff) {
		if (pathToGcRootsCutoff.compareTo(Duration.ofMillis(1)) < 0
				|| pathToGcRootsCutoff.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException("memleak.sites.path-to-gc-roots-cutoff must be between 1ms and 1m "
					+ "(inclusive), but was " + pathToGcRootsCutoff);
		}
		this.pathToGcRootsCutoff = pathToGcRootsCutoff;
	}

	/**
	 * Return the JFR cutoff setting of emissions: how long to search paths to GC roots.
	 * @return {@code 0 ns} when path-to-gc-roots is off
	 */
	Duration effectiveCutoff() {
		return this.pathToGcRoots ? this.pathToGcRootsCutoff : Duration.ZERO;
	}

	public int getTopSites() {
		return this.topSites;
	}

	public void setTopSites(int topSites) {
		requireBetween("memleak.sites.top-sites", topSites, 1, 100);
		this.topSites = topSites;
	}

	public int getMaxFrames() {
		return this.maxFrames;
	}

	public void setMaxFrames(int maxFrames) {
		requireBetween("memleak.sites.max-frames", maxFrames, 1, 64);
		this.maxFrames = maxFrames;
	}

	public List<String> getFrameworkPackages() {
		return this.frameworkPackages;
	}

	public void setFrameworkPackages(List<String> frameworkPackages) {
		if (frameworkPackages.stream().anyMatch((prefix) -> prefix == null || prefix.isBlank())) {
			throw new IllegalArgumentException(
					"memleak.sites.framework-packages must not contain empty prefixes, but was " + frameworkPackages);
		}
		this.frameworkPackages = new ArrayList<>(frameworkPackages);
	}

	public Path getDirectory() {
		return this.directory;
	}

	public void setDirectory(Path directory) {
		this.directory = directory;
	}

	public HeapDump getHeapDump() {
		return this.heapDump;
	}

	static void requireBetween(String property, long value, long min, long max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					property + " must be between " + min + " and " + max + " (inclusive), but was " + value);
		}
	}

	/**
	 * Automatic heap dumps when the leak detector starts suspecting a leak.
	 */
	public static class HeapDump {

		/**
		 * Whether to write a heap dump when the leak detector's status becomes SUSPECTED.
		 * A dump stops the application for about a second per GiB of heap (more with
		 * 'live') and writes a file about the size of the heap, so it needs a directory,
		 * and is rate-limited and capped by a disk quota.
		 */
		private boolean onSuspected;

		/**
		 * Directory the heap dumps are written to and kept in until someone deletes them.
		 * Required when on-suspected is true; in Kubernetes, a volume that outlives the
		 * container.
		 */
		private @Nullable Path directory;

		/**
		 * Least time between two automatic heap dumps; protects against a status that
		 * flaps.
		 */
		private Duration minInterval = Duration.ofHours(6);

		/**
		 * Most disk the heap dumps in the directory may take together, partial files
		 * included. A dump that would not fit is skipped, and one that turns out larger
		 * than the room left is deleted: a dump is about the size of the used heap.
		 */
		private DataSize maxDisk = DataSize.ofGigabytes(2);

		/**
		 * Whether to dump only reachable objects: forces a full collection first (a
		 * longer pause) but gives a smaller file without garbage.
		 */
		private boolean live = true;

		public boolean isOnSuspected() {
			return this.onSuspected;
		}

		public void setOnSuspected(boolean onSuspected) {
			this.onSuspected = onSuspected;
		}

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public Duration getMinInterval() {
			return this.minInterval;
		}

		public void setMinInterval(Duration minInterval) {
			if (minInterval.compareTo(Duration.ofSeconds(1)) < 0) {
				throw new IllegalArgumentException(
						"memleak.sites.heap-dump.min-interval must be at least 1s, but was " + minInterval);
			}
			this.minInterval = minInterval;
		}

		public DataSize getMaxDisk() {
			return this.maxDisk;
		}

		public void setMaxDisk(DataSize maxDisk) {
			if (maxDisk.toBytes() <= 0) {
				throw new IllegalArgumentException(
						"memleak.sites.heap-dump.max-disk must be positive, but was " + maxDisk);
			}
			this.maxDisk = maxDisk;
		}

		public boolean isLive() {
			return this.live;
		}

		public void setLive(boolean live) {
			this.live = live;
		}

		/**
		 * Fail unless the properties agree with each other.
		 * @throws IllegalArgumentException naming the properties that disagree
		 */
		public void validate() {
			if (this.onSuspected && this.directory == null) {
				throw new IllegalArgumentException("memleak.sites.heap-dump.directory must be set when "
						+ "memleak.sites.heap-dump.on-suspected=true: heap dumps are as large as the heap and are "
						+ "never written to a default location");
			}
		}

	}

}
