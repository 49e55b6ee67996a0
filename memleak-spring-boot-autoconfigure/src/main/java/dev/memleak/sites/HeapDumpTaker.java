package dev.memleak.sites;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import dev.memleak.core.PauseOperation;
import org.jspecify.annotations.Nullable;

/**
 * Writes heap dumps into {@code memleak.sites.heap-dump.directory}, one at a time, at
 * most one per {@code min-interval}, and only while all dumps there (partial ones
 * included) fit {@code max-disk}. A dump is written under a {@code .partial.hprof} name
 * and renamed when complete; a failed one (I/O error, disk full) is deleted. Completed
 * dumps are kept: they are what an operator comes for. Partial files of this process, or
 * of processes that no longer run, are deleted at startup. A dump needs room in the pause
 * budget: the application is stopped while it is written.
 *
 * @author memleak
 */
public class HeapDumpTaker {

	static final String PREFIX = "memleak-heap-";

	static final String PARTIAL_SUFFIX = ".partial.hprof";

	private static final int HISTORY_SIZE = 10;

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final HeapDumper dumper;

	private final @Nullable Path directory;

	private final Duration minInterval;

	private final long maxDiskBytes;

	private final boolean live;

	private final Clock clock;

	private final FailureRecorder failures;

	private final LongSupplier estimatedBytes;

	private final PauseBudget budget;

	private final long pid = ProcessHandle.current().pid();

	private final ReentrantLock lock = new ReentrantLock();

	private final Deque<HeapDumpResult> history = new ArrayDeque<>();

	private @Nullable Instant lastWritten;

	/**
	 * Create an instance, deleting partial dumps left behind.
	 * @param dumper writes the dumps
	 * @param settings directory, rate limit, quota and mode
	 * @param clock the time of dumps
	 * @param failures where failed dumps are counted
	 * @param budget the pauses memleak may cause
	 */
	public HeapDumpTaker(HeapDumper dumper, SitesSettings.HeapDumpSettings settings, Clock clock,
			FailureRecorder failures, PauseBudget budget) {
		this(dumper, settings, clock, failures,
				() -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), budget);
	}

	HeapDumpTaker(HeapDumper dumper, SitesSettings.HeapDumpSettings settings, Clock clock, FailureRecorder failures,
			LongSupplier estimatedBytes, PauseBudget budget) {
		this.dumper = dumper;
		Path directory = settings.directory();
		this.directory = (directory != null) ? directory.toAbsolutePath() : null;
		this.minInterval = settings.minInterval();
		this.maxDiskBytes = settings.maxDiskBytes();
		this.live = settings.live();
		this.clock = clock;
		this.failures = failures;
		this.estimatedBytes = estimatedBytes;
		this.budget = budget;
		removeLeftovers();
	}

	/**
	 * Write a heap dump now, on the calling thread, unless one is being written, the last
	 * one is too recent or it would not fit.
	 * @param trigger why
	 * @return the result; {@link HeapDumpStatus#BUSY} if another dump is being written
	 */
	public HeapDumpResult dump(SitesTrigger trigger) {
		Instant time = this.clock.instant();
		if (!this.lock.tryLock()) {
			return HeapDumpResult.notWritten(time, trigger, HeapDumpStatus.BUSY,
					"Another heap dump is being written; only one is written at a time");
		}
		try {
			HeapDumpResult result = attempt(time, trigger);
			synchronized (this.history) {
				if (this.history.size() == HISTORY_SIZE) {
					this.history.removeFirst();
				}
				this.history.addLast(result);
			}
			return result;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the last attempts.
	 * @return up to 10 results, oldest first
	 */
	public List<HeapDumpResult> history() {
		synchronized (this.history) {
			return List.copyOf(this.history);
		}
	}

	private HeapDumpResult attempt(Instant time, SitesTrigger trigger) {
		String unavailable = this.dumper.unavailableReason();
		if (unavailable != null) {
			return HeapDumpResult.notWritten(time, trigger, HeapDumpStatus.UNAVAILABLE, unavailable);
		}
		Path directory = this.directory;
		if (directory == null) {
			return HeapDumpResult.notWritten(time, trigger, HeapDumpStatus.SKIPPED,
					"memleak.sites.heap-dump.directory is not set");
		}
		if (this.lastWritten != null && this.lastWritten.plus(this.minInterval).isAfter(time)) {
			return HeapDumpResult.notWritten(time, trigger, HeapDumpStatus.SKIPPED,
					"The last heap dump was written at " + this.lastWritten
							+ ", less than memleak.sites.heap-dump.min-interval (" + this.minInterval + ") ago");
		}
		Path partial = directory.resolve(PREFIX + STAMP.format(time) + "-" + this.pid + PARTIAL_SUFFIX);
		long start = System.nanoTime();
		try {
			Files.createDirectories(directory);
			long used = diskUsed(directory);
			String noRoom = noRoom(directory, used, this.estimatedBytes.getAsLong());
			if (noRoom != null) {
				return HeapDumpResult.notWritten(time, trigger, HeapDumpStatus.SKIPPED, noRoom);
			}
			long heapBytes = this.estimatedBytes.getAsLong();
			PauseBudget.Permit permit = this.budget.acquire(PauseOperation.HEAP_DUMP, heapBytes, false);
			if (!permit.isGranted()) {
				return HeapDumpResult.notWritten(time, trigger, HeapDumpStatus.SKIPPED, permit.refusalNote());
			}
			this.lastWritten = time;
			long dumping = System.nanoTime();
			try {
				this.dumper.dumpHeap(partial, this.live);
			}
			finally {
				permit.complete(Duration.ofNanos(System.nanoTime() - dumping));
			}
			Duration duration = Duration.ofNanos(System.nanoTime() - start);
			long bytes = Files.size(partial);
			if (used + bytes > this.maxDiskBytes) {
				Files.delete(partial);
				return new HeapDumpResult(time, trigger, HeapDumpStatus.SKIPPED, null, 0, duration,
						"The heap dump (" + mb(bytes)
								+ ") did not fit memleak.sites.heap-dump.max-disk with the dumps already kept ("
								+ mb(used) + " of " + mb(this.maxDiskBytes) + ") and was deleted");
			}
			Path file = complete(partial);
			return new HeapDumpResult(time, trigger, HeapDumpStatus.COMPLETED, file.toString(), bytes, duration, null);
		}
		catch (IOException | RuntimeException ex) {
			Duration duration = Duration.ofNanos(System.nanoTime() - start);
			deletePartial(partial);
			this.failures.record(LeakSiteSampler.COMPONENT, ex);
			return new HeapDumpResult(time, trigger, HeapDumpStatus.FAILED, null, 0, duration,
					"Writing a heap dump to memleak.sites.heap-dump.directory (" + directory + ") failed, the partial "
							+ "file was deleted: " + ex);
		}
	}

	private @Nullable String noRoom(Path directory, long used, long estimate) throws IOException {
		if (used + estimate > this.maxDiskBytes) {
			return "A heap dump of about " + mb(estimate) + " (the heap in use) would not fit "
					+ "memleak.sites.heap-dump.max-disk (" + mb(this.maxDiskBytes) + "; " + mb(used)
					+ " taken by the dumps in " + directory + "): delete old dumps or raise the quota";
		}
		long usable = Files.getFileStore(directory).getUsableSpace();
		if (usable < estimate + estimate / 10) {
			return "A heap dump of about " + mb(estimate) + " would leave the disk of " + directory + " full ("
					+ mb(usable) + " free)";
		}
		return null;
	}

	private static Path complete(Path partial) throws IOException {
		String name = partial.getFileName().toString();
		Path file = partial.resolveSibling(name.substring(0, name.length() - PARTIAL_SUFFIX.length()) + ".hprof");
		try {
			return Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			return Files.move(partial, file);
		}
	}

	private static long diskUsed(Path directory) throws IOException {
		long used = 0;
		try (DirectoryStream<Path> dumps = Files.newDirectoryStream(directory, PREFIX + "*.hprof")) {
			for (Path dump : dumps) {
				used += Files.size(dump);
			}
		}
		return used;
	}

	private void removeLeftovers() {
		if (this.directory == null || !Files.isDirectory(this.directory)) {
			return;
		}
		try (DirectoryStream<Path> partials = Files.newDirectoryStream(this.directory, PREFIX + "*" + PARTIAL_SUFFIX)) {
			for (Path partial : partials) {
				if (isOrphan(partial.getFileName().toString())) {
					Files.deleteIfExists(partial);
				}
			}
		}
		catch (IOException ex) {
			this.failures.record(LeakSiteSampler.COMPONENT, ex);
		}
	}

	// memleak-heap-<stamp>-<pid>.partial.hprof: ours (a previous run with the same pid,
	// as in containers) or of a process that is gone.
	private boolean isOrphan(String name) {
		String withoutSuffix = name.substring(0, name.length() - PARTIAL_SUFFIX.length());
		try {
			long pid = Long.parseLong(withoutSuffix.substring(withoutSuffix.lastIndexOf('-') + 1));
			return pid == this.pid || ProcessHandle.of(pid).isEmpty();
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private void deletePartial(Path partial) {
		if (!Files.isDirectory(partial.getParent())) {
			return;
		}
		try {
			Files.deleteIfExists(partial);
		}
		catch (IOException ex) {
			this.failures.record(LeakSiteSampler.COMPONENT, ex);
		}
	}

	private static String mb(long bytes) {
		return (bytes >> 20) + " MB";
	}

}
