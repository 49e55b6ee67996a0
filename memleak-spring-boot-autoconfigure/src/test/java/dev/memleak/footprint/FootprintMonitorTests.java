package dev.memleak.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.memleak.core.FailureRecorder;
import dev.memleak.footprint.FootprintReport.CategoryReport;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.bench.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The monitor driven by a manual clock: one sample per 15 simulated seconds, default
 * settings. The thread leak and the sampling thread run on the real readers with real
 * threads in this JVM; the tests that claim a heap that stays as it is or a direct-buffer
 * pool they drive hand the monitor a JVM reading they control ({@link SteadyJvm}), since
 * the test JVM's heap and its direct-buffer pool move with whatever else runs in it.
 */
class FootprintMonitorTests {

	private static final long MIB = 1024 * 1024;

	private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

	private final ParkedThreads threads = new ParkedThreads();

	private final SteadyJvm jvm = new SteadyJvm();

	@TempDir
	Path root;

	@AfterEach
	void releaseLeaks() throws InterruptedException {
		this.threads.close();
	}

	@Test
	void aThreadLeakIsNamedByItsPatternAndNothingElseIsSuspected() {
		FootprintMonitor monitor = monitor(Path.of("/"), null);
		FootprintReport report = run(monitor, 40, (step) -> {
			this.threads.start("leaky-worker-" + (2 * step));
			this.threads.start("leaky-worker-" + (2 * step + 1));
		});
		assertThat(category(report, "threads").status()).as(report.toString()).isEqualTo(LeakStatus.SUSPECTED);
		assertThat(category(report, "threads").detail()).startsWith("leaky-worker-N: 80 threads");
		assertThat(category(report, "threads").countGrowthPerHour()).isCloseTo(480.0, within(10.0));
		assertThat(report.threadGroups().get(0).pattern()).isEqualTo("leaky-worker-N");
		assertThat(report.threadGroups().get(0).status()).isEqualTo(LeakStatus.SUSPECTED);
		assertThat(report.categories().get(0).category()).isEqualTo("threads");
		assertThat(report.categories()).filteredOn((category) -> category.status() == LeakStatus.SUSPECTED)
			.extracting(CategoryReport::category)
			.containsExactly("threads");
		assertThat(report.status()).isEqualTo(LeakStatus.SUSPECTED);
		assertThat(report.notes())
			.anyMatch((note) -> note.startsWith("Outside the heap, threads keeps growing (+480/h to ")
					&& note.contains("leaky-worker-N: 80 threads") && note.contains("Thread.print"));
	}

	@Test
	void suspicionWaitsForTheWarmUpAndTheMinimumDuration() {
		FootprintMonitor monitor = steadyMonitor(Path.of("/"), Path.of("/"), null);
		// 8 samples of warm-up, then 20 (5 minutes) before the growth is long enough.
		FootprintReport report = run(monitor, 27, (step) -> this.jvm.addDirectBuffer(MIB));
		assertThat(category(report, "direct_buffers").status()).as(report.toString())
			.isIn(LeakStatus.UNKNOWN, LeakStatus.WATCH);
		report = run(monitor, 3, (step) -> this.jvm.addDirectBuffer(MIB));
		CategoryReport direct = category(report, "direct_buffers");
		assertThat(direct.status()).as(report.toString()).isEqualTo(LeakStatus.SUSPECTED);
		// 1 MiB every 15 s.
		assertThat(direct.growthBytesPerHour()).isCloseTo(240.0 * MIB, within(5.0 * MIB));
		assertThat(direct.count()).isEqualTo(this.jvm.startBuffers + 30);
		assertThat(direct.since()).isEqualTo(this.clock.instant().minusSeconds(30));
		assertThat(report.notes()).anyMatch((note) -> note.contains("direct_buffers")
				&& note.contains("-XX:MaxDirectMemorySize (not set: as much as the heap's maximum"));
	}

	@Test
	void anNmtCategoryThatGrowsIsNamedAndOtherLessDirectBuffersIsWhatCounts() throws IOException {
		AtomicLong other = new AtomicLong(24);
		NativeMemoryReader nmt = recordedSummaryWithOther(other);
		Path tree = copy(Trees.cgroup("v1-limited"), this.root);
		Path status = tree.resolve("proc/self/status");
		String recorded = Files.readString(status);
		FootprintMonitor monitor = steadyMonitor(Path.of("/"), tree, nmt);
		// 2 MiB more in Other every 15 s, half of it direct buffers: Unsafe memory grows
		// by 1 MiB. The process grows by the same 2 MiB.
		FootprintReport report = run(monitor, 36, (step) -> {
			other.addAndGet(2048);
			this.jvm.addDirectBuffer(MIB);
			write(status, recorded.replace("VmRSS:	  160844 kB", "VmRSS:	  " + (160844 + 2048 * (step + 1)) + " kB")
				.replace("RssAnon:	  138260 kB", "RssAnon:	  " + (138260 + 2048 * (step + 1)) + " kB"));
		});
		CategoryReport nmtOther = category(report, "nmt_other");
		assertThat(nmtOther.status()).as(report.toString()).isEqualTo(LeakStatus.SUSPECTED);
		assertThat(nmtOther.detail()).isEqualTo("NMT category Other (less direct buffers)");
		assertThat(nmtOther.growthBytesPerHour()).isCloseTo(240.0 * MIB, within(10.0 * MIB));
		assertThat(category(report, "direct_buffers").status()).isEqualTo(LeakStatus.SUSPECTED);
		assertThat(report.nativeMemory().tracking()).isEqualTo("summary");
		assertThat(report.nativeMemory().committedBytes()).isPositive();
		// The recorded JDK 17 summary's categories below their malloc peaks.
		assertThat(report.nativeMemory().mallocBelowPeakBytes()).isEqualTo(43362 * 1024);
		assertThat(report.nativeMemory().categories().get(0).name()).isEqualTo("Java Heap");
	}

	@Test
	void aSlowNmtSummaryIsReadAtEveryNthSampleAndItsCategoriesAreJudgedOnThoseSamplesAtTheirTimes() throws IOException {
		// Each read of the summary takes 1.2 ms (about 340 threads on JDK 17): every 3rd
		// sample reads it, 0.4 ms a sample on average.
		AtomicLong ticker = new AtomicLong();
		AtomicLong other = new AtomicLong(24);
		NativeMemoryReader nmt = new NativeMemoryReader(() -> {
			ticker.addAndGet(1_200_000);
			return recordedSummary(other);
		});
		Path tree = copy(Trees.cgroup("v1-limited"), this.root);
		Path status = tree.resolve("proc/self/status");
		String process = Files.readString(status);
		FootprintMonitor monitor = monitor(Path.of("/"), tree, nmt, this.jvm, ticker::get);
		// Unsafe memory: NMT's Other and the process grow by 1 MiB every 15 s.
		FootprintReport report = run(monitor, 60, (step) -> {
			other.addAndGet(1024);
			write(status, process.replace("VmRSS:	  160844 kB", "VmRSS:	  " + (160844 + 1024 * (step + 1)) + " kB")
				.replace("RssAnon:	  138260 kB", "RssAnon:	  " + (138260 + 1024 * (step + 1)) + " kB"));
		});
		// 60 samples, the summary read at samples 0, 3, ... 57: NMT's series and the
		// untracked rest hold those 20, at the moments they were read; the rest all 60.
		FootprintHistory history = monitor.history();
		for (String key : new String[] { FootprintHistory.NATIVE + "Other", FootprintHistory.UNTRACKED }) {
			SampleRing.Window window = history.window(key, 0, 0);
			assertThat(window.size()).as(key).isEqualTo(20);
			for (int i = 1; i < window.size(); i++) {
				assertThat(window.times()[i] - window.times()[i - 1]).as(key).isEqualTo(45_000);
			}
			assertThat(window.times()[19]).isEqualTo(report.sampledAt().minusSeconds(30).toEpochMilli());
		}
		assertThat(history.window(FootprintHistory.RESIDENT, 0, 0).size()).isEqualTo(60);
		CategoryReport nmtOther = category(report, "nmt_other");
		assertThat(nmtOther.status()).as(report.toString()).isEqualTo(LeakStatus.SUSPECTED);
		assertThat(nmtOther.detail()).isEqualTo("NMT category Other (less direct buffers)");
		assertThat(nmtOther.growthBytesPerHour()).isCloseTo(240.0 * MIB, within(10.0 * MIB));
		// The report's summary is the latest read's, and says when it was read.
		assertThat(report.nativeMemory().readEvery()).isEqualTo(3);
		assertThat(report.nativeMemory().sampledAt()).isEqualTo(report.sampledAt().minusSeconds(30));
		assertThat(monitor.latestNative().at()).isEqualTo(report.nativeMemory().sampledAt());
		assertThat(monitor.latestNative().nativeMemory().committed("Other")).isEqualTo((other.get() - 2048) * 1024);
		assertThat(monitor.latest().nativeMemory()).isNull();
		assertThat(report.notes()).contains("Native Memory Tracking's summary took 1.20 ms at its latest read "
				+ "(it measures the stack of each of the " + monitor.latestNative().threads().threads()
				+ " threads): it is read at every 3rd sample only, to cost at most 0.5 ms per sample on average; "
				+ "nmt_other and untracked_native are judged on those samples.");
	}

	@Test
	void nmtGrowthWithoutResidentGrowthIsNotALeak() throws IOException {
		// NMT counts memory the C allocator keeps after the JVM frees it: its categories
		// move while the process does not grow. Here NMT's Other grows by 1 MiB every 15
		// s
		// and this JVM's resident memory stays as it is.
		AtomicLong other = new AtomicLong(24);
		NativeMemoryReader nmt = recordedSummaryWithOther(other);
		FootprintReport report = run(steadyMonitor(Path.of("/"), Trees.cgroup("v1-limited"), nmt), 40,
				(step) -> other.addAndGet(1024));
		CategoryReport nmtOther = category(report, "nmt_other");
		assertThat(nmtOther.growthBytesPerHour()).isCloseTo(240.0 * MIB, within(10.0 * MIB));
		assertThat(nmtOther.status()).as(report.toString()).isIn(LeakStatus.OK, LeakStatus.WATCH);
		assertThat(nmtOther.explanation()).contains("in NMT's accounting, but resident memory");
	}

	@Test
	void withoutNativeMemoryTrackingUntrackedMemoryIsUnknownAndTheReportSaysHowToTurnItOn() {
		FootprintReport report = run(monitor(Path.of("/"), null), 1, (step) -> {
		});
		assertThat(category(report, "untracked_native").status()).isEqualTo(LeakStatus.UNKNOWN);
		assertThat(category(report, "untracked_native").explanation()).isEqualTo("Native Memory Tracking is off");
		assertThat(report.notes()).anyMatch((note) -> note.startsWith("Native Memory Tracking is off")
				&& note.contains("-XX:NativeMemoryTracking=summary"));
		assertThat(report.nativeMemory().tracking()).isEqualTo("off");
	}

	@Test
	void theContainerLimitIsProjectedFromTheGrowthOutsideTheHeap() throws IOException {
		Path tree = copy(Trees.cgroup("v1-limited"), this.root);
		Path cgroup;
		try (var files = Files.walk(tree)) {
			cgroup = files.filter((file) -> file.endsWith("memory.usage_in_bytes"))
				.findFirst()
				.orElseThrow()
				.getParent();
		}
		long heap = SteadyJvm.HEAP_COMMITTED;
		AtomicLong used = new AtomicLong(150 * MIB + heap);
		// A limit 512 MiB above the start.
		long limit = used.get() + 512 * MIB;
		Files.writeString(cgroup.resolve("memory.limit_in_bytes"), Long.toString(limit));
		Files.writeString(cgroup.resolve("memory.stat"), Files.readString(cgroup.resolve("memory.stat"))
			.replace("hierarchical_memory_limit 536870912", "hierarchical_memory_limit " + limit));
		FootprintMonitor monitor = steadyMonitor(tree, Path.of("/"), null);
		// 4 MiB more every 15 s outside a heap that stays as it is.
		FootprintReport report = run(monitor, 20, (step) -> {
			write(cgroup.resolve("memory.usage_in_bytes"), Long.toString(used.addAndGet(4 * MIB)));
		});
		FootprintReport.ContainerReport container = report.container();
		assertThat(container.memory().limitBytes()).isEqualTo(limit);
		assertThat(container.outsideHeapGrowthBytesPerHour()).isCloseTo(960.0 * MIB, within(40.0 * MIB));
		// 512 MiB less 80 MiB grown, at 4 MiB per 15 s: 1620 s.
		double expectedSeconds = (limit - container.workingSetBytes()) / (4.0 * MIB / 15);
		assertThat(expectedSeconds).isCloseTo(1620, within(10.0));
		double projectedSeconds = Duration.between(report.sampledAt(), container.projectedLimitReached()).toSeconds();
		assertThat(projectedSeconds).isCloseTo(expectedSeconds, within(0.1 * expectedSeconds));
		assertThat(report.notes())
			.anyMatch((note) -> note.startsWith("The container's working set grows outside the heap")
					&& note.contains("reaches the limit of"));
	}

	@Test
	void closingStopsTheSamplingThread() {
		FootprintMonitor monitor = FootprintMonitor.create(FootprintSettings.defaults(), Path.of("/"),
				new FailureRecorder(null), java.time.Clock.systemUTC());
		// This monitor's own thread: other contexts in the same JVM may run theirs.
		Set<Thread> before = samplingThreads();
		monitor.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> monitor.current().samples() == 1);
		Set<Thread> started = samplingThreads();
		started.removeAll(before);
		assertThat(started).hasSize(1);
		monitor.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> started.stream().noneMatch(Thread::isAlive));
	}

	static Set<Thread> samplingThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(FootprintMonitor.THREAD_NAME))
			.collect(Collectors.toCollection(HashSet::new));
	}

	// A recorded JDK 17 summary whose Other category is set by the test, in KB.
	private static NativeMemoryReader recordedSummaryWithOther(AtomicLong otherKilobytes) {
		return new NativeMemoryReader(() -> recordedSummary(otherKilobytes));
	}

	private static String recordedSummary(AtomicLong otherKilobytes) throws IOException {
		String recorded = Files.readString(Trees.nmt("jdk17-spring-boot.txt"));
		return recorded.replace("Other (reserved=24KB, committed=24KB)",
				"Other (reserved=" + otherKilobytes.get() + "KB, committed=" + otherKilobytes.get() + "KB)");
	}

	// The real management beans.
	private FootprintMonitor monitor(Path root, NativeMemoryReader nmt) {
		return monitor(root, Path.of("/"), nmt, new JvmMemoryReader()::read);
	}

	// A heap and JVM pools that stay as they are, direct buffers as the test adds them.
	private FootprintMonitor steadyMonitor(Path root, Path processRoot, NativeMemoryReader nmt) {
		return monitor(root, processRoot, nmt, this.jvm);
	}

	private FootprintMonitor monitor(Path root, Path processRoot, NativeMemoryReader nmt, Supplier<JvmMemory> jvm) {
		// NMT reads take no time: read at every sample, however busy the machine.
		return monitor(root, processRoot, nmt, jvm, () -> 0L);
	}

	private FootprintMonitor monitor(Path root, Path processRoot, NativeMemoryReader nmt, Supplier<JvmMemory> jvm,
			LongSupplier ticker) {
		JvmFlags flags = JvmFlagsReader.read();
		if (nmt != null) {
			flags = new JvmFlags(flags.maxHeapBytes(), flags.maxHeapSet(), flags.maxRamPercentage(),
					flags.maxRamPercentageSet(), flags.maxDirectBytes(), flags.maxMetaspaceBytes(),
					flags.threadStackBytes(), flags.reservedCodeCacheBytes(), "summary", flags.collector());
		}
		FootprintSettings settings = FootprintSettings.defaults();
		return new FootprintMonitor(settings,
				new FootprintSampler.Readers(new CgroupMemoryReader(root), new ProcessMemoryReader(processRoot), nmt,
						jvm, new ThreadCensusReader(settings.maxThreadGroups())),
				flags, new FailureRecorder(null), this.clock, ticker);
	}

	private FootprintReport run(FootprintMonitor monitor, int samples, java.util.function.IntConsumer leak) {
		FootprintReport report = null;
		int first = monitor.current().samples();
		for (int step = first; step < first + samples; step++) {
			leak.accept(step);
			report = monitor.sample();
			this.clock.advance(Duration.ofSeconds(15));
		}
		return report;
	}

	static CategoryReport category(FootprintReport report, String name) {
		return report.categories()
			.stream()
			.filter((category) -> category.category().equals(name))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * This JVM's management beans read once, then held: the heap at a fixed 256 MiB
	 * committed and 192 MiB used, metaspace, code cache, classes and threads as first
	 * read, direct buffers as the test adds them.
	 */
	static final class SteadyJvm implements Supplier<JvmMemory> {

		static final long HEAP_COMMITTED = 256 * MIB;

		static final long HEAP_USED = 192 * MIB;

		private final JvmMemory first = new JvmMemoryReader().read();

		final long startBuffers = 4;

		private final AtomicLong directBytes = new AtomicLong(this.startBuffers * 8192);

		private final AtomicLong directBuffers = new AtomicLong(this.startBuffers);

		void addDirectBuffer(long bytes) {
			this.directBytes.addAndGet(bytes);
			this.directBuffers.incrementAndGet();
		}

		@Override
		public JvmMemory get() {
			JvmMemory first = this.first;
			return new JvmMemory(HEAP_USED, HEAP_COMMITTED, first.metaspaceUsedBytes(), first.metaspaceCommittedBytes(),
					first.codeCacheUsedBytes(), first.codeCacheCommittedBytes(), this.directBytes.get(),
					this.directBuffers.get(), first.mappedBytes(), first.mappedBuffers(), first.loadedClasses(),
					first.unloadedClasses(), first.threads());
		}

	}

	private static void write(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path copy(Path from, Path to) throws IOException {
		try (var files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		return to;
	}

}
