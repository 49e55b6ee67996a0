package dev.memleak.footprint;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.memleak.core.FailureRecorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs every reader once, Native Memory Tracking's summary as its
 * {@link NativeMemoryPacing pacing} allows (a sample that skips it has no NMT summary). A
 * source that is absent (no cgroup, not Linux, NMT off) leaves its part empty with a
 * sentence that says why, logged once; a reader that fails is counted in
 * {@code memleak.errors}. Neither stops the other readers.
 *
 * @author memleak
 */
final class FootprintSampler {

	/** The failure component of this feature. */
	static final String COMPONENT = "footprint";

	private static final Log logger = LogFactory.getLog(FootprintSampler.class);

	private final CgroupMemoryReader container;

	private final ProcessMemoryReader process;

	private final @Nullable NativeMemoryReader nativeMemory;

	private final Supplier<JvmMemory> jvm;

	private final ThreadCensusReader threads;

	private final FailureRecorder failures;

	private final Clock clock;

	private final NativeMemoryPacing pacing;

	private final Set<String> logged = ConcurrentHashMap.newKeySet();

	/**
	 * Create a sampler that reads NMT at every sample.
	 * @param readers the readers; the native memory reader is {@code null} when NMT is
	 * off or not to be read
	 * @param failures where failures are counted
	 * @param clock the time source
	 */
	FootprintSampler(Readers readers, FailureRecorder failures, Clock clock) {
		this(readers, new NativeMemoryPacing(NativeMemoryPacing.BUDGET_NANOS, 1, System::nanoTime), failures, clock);
	}

	/**
	 * Create a sampler.
	 * @param readers the readers; the native memory reader is {@code null} when NMT is
	 * off or not to be read
	 * @param pacing when to read NMT
	 * @param failures where failures are counted
	 * @param clock the time source
	 */
	FootprintSampler(Readers readers, NativeMemoryPacing pacing, FailureRecorder failures, Clock clock) {
		this.pacing = pacing;
		this.container = readers.container();
		this.process = readers.process();
		this.nativeMemory = readers.nativeMemory();
		this.jvm = readers.jvm();
		this.threads = readers.threads();
		this.failures = failures;
		this.clock = clock;
	}

	FootprintSample sample() {
		List<String> unavailable = new ArrayList<>();
		CgroupMemory cgroup = null;
		try {
			cgroup = this.container.read();
		}
		catch (IOException | RuntimeException ex) {
			absent(unavailable, "Container memory is unknown (" + ex.getMessage()
					+ "): no container limit, no working set, no projected OOM kill.");
		}
		ProcessMemory resident = null;
		try {
			resident = this.process.read();
		}
		catch (IOException ex) {
			absent(unavailable, "Process memory is unknown (" + ex.getMessage() + "): not Linux?");
		}
		catch (RuntimeException ex) {
			this.failures.record(COMPONENT, ex);
		}
		NativeMemory nmt = null;
		if (this.nativeMemory != null) {
			try {
				nmt = this.pacing.read(this.nativeMemory);
			}
			catch (Exception ex) {
				this.failures.record(COMPONENT, ex);
				unavailable.add("Native Memory Tracking could not be read: " + ex.getMessage());
			}
		}
		return new FootprintSample(this.clock.instant(), cgroup, resident, nmt, this.jvm.get(), this.threads.read(),
				unavailable);
	}

	/**
	 * Return when NMT is read.
	 * @return the pacing
	 */
	NativeMemoryPacing pacing() {
		return this.pacing;
	}

	private void absent(List<String> unavailable, String sentence) {
		unavailable.add(sentence);
		if (this.logged.add(sentence)) {
			logger.info("memleak: " + sentence);
		}
	}

	/**
	 * The readers one sample runs.
	 *
	 * @param container the cgroup reader
	 * @param process the {@code /proc/self/status} reader
	 * @param nativeMemory the NMT reader, or {@code null}
	 * @param jvm the management beans' reading (a test may hand a reading it controls)
	 * @param threads the thread census
	 */
	record Readers(CgroupMemoryReader container, ProcessMemoryReader process, @Nullable NativeMemoryReader nativeMemory,
			Supplier<JvmMemory> jvm, ThreadCensusReader threads) {

		Readers(CgroupMemoryReader container, ProcessMemoryReader process, @Nullable NativeMemoryReader nativeMemory,
				JvmMemoryReader jvm, ThreadCensusReader threads) {
			this(container, process, nativeMemory, jvm::read, threads);
		}

	}

}
