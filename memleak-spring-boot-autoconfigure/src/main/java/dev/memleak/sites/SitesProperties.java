package dev.memleak.sites;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of leak sites (JFR old-object samples) and of automatic heap dumps. Every
 * rule between these properties, and with the features they wait for, is in
 * {@link SitesSettings}.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.sites")
public class SitesProperties {

	/**
	 * Whether to find where long-lived objects are allocated with a JDK Flight Recorder
	 * old-object recording. The recording waits until a leak is suspected (see
	 * start-when-suspected): until then it costs nothing, JFR is not even started unless
	 * initialize-jfr-at-startup says so. While it records, no slowdown was measurable
	 * (within 10%) on an allocation-bound loop or a Spring MVC application, and JFR uses
	 * about 15 MB of native memory.
	 */
	private boolean enabled = true;

	/**
	 * Whether the recording waits until a leak is suspected (the escalation starts it) or
	 * someone asks for sites, instead of starting with the application. Waiting costs
	 * nothing until then and samples the leak with a fresh sampler; starting at once also
	 * catches leaks the detector misses, at the recording's cost all the time. Unset:
	 * true when leak detection and escalation are on, otherwise the recording starts only
	 * on demand. True requires both.
	 */
	private @Nullable Boolean startWhenSuspected;

	/**
	 * Whether to initialize JDK Flight Recorder when the application starts, without
	 * recording anything, while the recording waits for a suspected leak or a request. On
	 * JDK 17 to 22, JFR's first start retransforms a few JDK classes and the JVM then
	 * discards all its compiled code: started under load on JDK 17, the recording cut
	 * throughput to about a seventh for 5 seconds, and it took 20 seconds to recover.
	 * Initialized at startup, that happens before the application is ready instead, for
	 * about a second of startup on 2 cores, 15-20 MB of native memory and two idle
	 * threads from then on, and a slower first seconds under load (0.83 of memleak off on
	 * JDK 17, docs/performance.md). JDK 23 and later discard nothing when JFR starts.
	 */
	private boolean initializeJfrAtStartup;

	/**
	 * Time between two emissions of the samples while leak sites are gathered (after a
	 * suspected leak, until the top leak site is stable; all the time when the recording
	 * starts with the application); 0 emits only on demand (POST
	 * /actuator/memoryleak/sites). Each emission stops the application for a few
	 * milliseconds.
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

	public @Nullable Boolean getStartWhenSuspected() {
		return this.startWhenSuspected;
	}

	public void setStartWhenSuspected(@Nullable Boolean startWhenSuspected) {
		this.startWhenSuspected = startWhenSuspected;
	}

	public boolean isInitializeJfrAtStartup() {
		return this.initializeJfrAtStartup;
	}

	public void setInitializeJfrAtStartup(boolean initializeJfrAtStartup) {
		this.initializeJfrAtStartup = initializeJfrAtStartup;
	}

	public Duration getEmissionInterval() {
		return this.emissionInterval;
	}

	public void setEmissionInterval(Duration emissionInterval) {
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
		this.pathToGcRootsCutoff = pathToGcRootsCutoff;
	}

	public int getTopSites() {
		return this.topSites;
	}

	public void setTopSites(int topSites) {
		this.topSites = topSites;
	}

	public int getMaxFrames() {
		return this.maxFrames;
	}

	public void setMaxFrames(int maxFrames) {
		this.maxFrames = maxFrames;
	}

	public List<String> getFrameworkPackages() {
		return this.frameworkPackages;
	}

	public void setFrameworkPackages(List<String> frameworkPackages) {
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

	/**
	 * Return the settings, with the unset values derived.
	 * @param detection whether leak detection is on ({@code memleak.detection.enabled})
	 * @param escalation whether escalation is on ({@code memleak.escalation.enabled})
	 * @return the settings
	 * @throws IllegalArgumentException naming the property, or both properties, that
	 * break a rule
	 */
	public SitesSettings toSettings(boolean detection, boolean escalation) {
		return SitesSettings.builder()
			.startWhenSuspected(this.startWhenSuspected)
			.initializeJfrAtStartup(this.initializeJfrAtStartup)
			.emissionInterval(this.emissionInterval)
			.pathToGcRoots(this.pathToGcRoots, this.pathToGcRootsCutoff)
			.topSites(this.topSites)
			.maxFrames(this.maxFrames)
			.frameworkPackages(this.frameworkPackages)
			.directory(this.directory)
			.heapDump(this.heapDump.toSettings())
			.suspicions(detection, escalation)
			.build();
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
			this.minInterval = minInterval;
		}

		public DataSize getMaxDisk() {
			return this.maxDisk;
		}

		public void setMaxDisk(DataSize maxDisk) {
			this.maxDisk = maxDisk;
		}

		public boolean isLive() {
			return this.live;
		}

		public void setLive(boolean live) {
			this.live = live;
		}

		/**
		 * Return the settings of automatic heap dumps.
		 * @return the settings
		 * @throws IllegalArgumentException naming the property, or both properties, that
		 * break a rule
		 */
		public SitesSettings.HeapDumpSettings toSettings() {
			return new SitesSettings.HeapDumpSettings(this.onSuspected, this.directory, this.minInterval,
					this.maxDisk.toBytes(), this.live);
		}

	}

}
