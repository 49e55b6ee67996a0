package dev.memleak.sample;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Switches of the sample's leak scenarios.
 *
 * @author memleak
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	private final Leak leak = new Leak();

	private final Cache cache = new Cache();

	private final Job job = new Job();

	private final Carts carts = new Carts();

	private final Footprint footprint = new Footprint();

	private final Ballast ballast = new Ballast();

	public Leak getLeak() {
		return this.leak;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Job getJob() {
		return this.job;
	}

	public Carts getCarts() {
		return this.carts;
	}

	public Footprint getFootprint() {
		return this.footprint;
	}

	public Ballast getBallast() {
		return this.ballast;
	}

	/**
	 * A static audit log that keeps an entry for every {@code GET /owners/{id}}: a leak.
	 */
	public static class Leak {

		/**
		 * Whether every owner lookup retains an audit entry forever.
		 */
		private boolean enabled;

		/**
		 * Bytes retained per owner lookup when the leak is on.
		 */
		private DataSize bytesPerRequest = DataSize.ofKilobytes(16);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getBytesPerRequest() {
			return this.bytesPerRequest;
		}

		public void setBytesPerRequest(DataSize bytesPerRequest) {
			this.bytesPerRequest = bytesPerRequest;
		}

	}

	/**
	 * A bounded quote cache that fills and then plateaus: not a leak.
	 */
	public static class Cache {

		/**
		 * Whether quote lookups are cached.
		 */
		private boolean enabled;

		/**
		 * Entries kept before the least recently used is evicted.
		 */
		private int maxEntries = 2000;

		/**
		 * Size of one cached quote.
		 */
		private DataSize entrySize = DataSize.ofKilobytes(8);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

		public DataSize getEntrySize() {
			return this.entrySize;
		}

		public void setEntrySize(DataSize entrySize) {
			this.entrySize = entrySize;
		}

	}

	/**
	 * The nightly-style roll-up job, run on a short interval here, and the invoice
	 * archive job that leaks.
	 */
	public static class Job {

		/**
		 * Delay between two runs of the roll-up job.
		 */
		private Duration interval = Duration.ofSeconds(30);

		private final Leak leak = new Leak();

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Leak getLeak() {
			return this.leak;
		}

		/**
		 * A scheduled job that archives invoices into a static list that only grows: a
		 * leak in background work, with no request involved.
		 */
		public static class Leak {

			/**
			 * Whether the invoice archive job runs; every run retains an archived invoice
			 * forever.
			 */
			private boolean enabled;

			/**
			 * Bytes retained per run.
			 */
			private DataSize bytesPerRun = DataSize.ofKilobytes(256);

			/**
			 * Delay between two runs.
			 */
			private Duration interval = Duration.ofSeconds(1);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public DataSize getBytesPerRun() {
				return this.bytesPerRun;
			}

			public void setBytesPerRun(DataSize bytesPerRun) {
				this.bytesPerRun = bytesPerRun;
			}

			public Duration getInterval() {
				return this.interval;
			}

			public void setInterval(Duration interval) {
				this.interval = interval;
			}

		}

	}

	/**
	 * Carts: medium-lived objects that expire.
	 */
	public static class Carts {

		/**
		 * How long a cart is kept after its last use.
		 */
		private Duration ttl = Duration.ofSeconds(5);

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

	/**
	 * Leaks outside the heap, for the footprint's tests and benchmark.
	 */
	public static class Footprint {

		/**
		 * Which leak runs: none, direct-buffers, threads, class-loaders, unsafe or
		 * native.
		 */
		private Leak leak = Leak.NONE;

		/**
		 * Bytes leaked per second by the memory leaks, in chunks of 64 KiB (class
		 * loaders: one class of about 64 KiB of metaspace per loader).
		 */
		private DataSize bytesPerSecond = DataSize.ofMegabytes(1);

		/**
		 * Time between two threads that never end, for the thread leak.
		 */
		private Duration threadInterval = Duration.ofSeconds(1);

		/**
		 * The JNI library of the native leak (built from src/main/c/native_leak.c).
		 */
		private Path nativeLibrary;

		public Leak getLeak() {
			return this.leak;
		}

		public void setLeak(Leak leak) {
			this.leak = leak;
		}

		public DataSize getBytesPerSecond() {
			return this.bytesPerSecond;
		}

		public void setBytesPerSecond(DataSize bytesPerSecond) {
			this.bytesPerSecond = bytesPerSecond;
		}

		public Duration getThreadInterval() {
			return this.threadInterval;
		}

		public void setThreadInterval(Duration threadInterval) {
			this.threadInterval = threadInterval;
		}

		public Path getNativeLibrary() {
			return this.nativeLibrary;
		}

		public void setNativeLibrary(Path nativeLibrary) {
			this.nativeLibrary = nativeLibrary;
		}

		/**
		 * The leaks outside the heap.
		 */
		public enum Leak {

			/** No leak. */
			NONE,

			/** Direct buffers kept in a static list. */
			DIRECT_BUFFERS,

			/** An executor per second, never shut down. */
			THREADS,

			/** A class loader per class, kept with its class. */
			CLASS_LOADERS,

			/** {@code Unsafe.allocateMemory} without {@code freeMemory}. */
			UNSAFE,

			/** {@code malloc} in a JNI library without {@code free}. */
			NATIVE

		}

	}

	/**
	 * Reference data held from startup: a large live set that does not grow.
	 */
	public static class Ballast {

		/**
		 * Bytes of reference data held from startup; 0 for none.
		 */
		private DataSize size = DataSize.ofBytes(0);

		/**
		 * Size of one entry's payload.
		 */
		private DataSize entrySize = DataSize.ofKilobytes(1);

		public DataSize getSize() {
			return this.size;
		}

		public void setSize(DataSize size) {
			this.size = size;
		}

		public DataSize getEntrySize() {
			return this.entrySize;
		}

		public void setEntrySize(DataSize entrySize) {
			this.entrySize = entrySize;
		}

	}

}
