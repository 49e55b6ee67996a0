package dev.memleak.footprint;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.memleak.core.FailureRecorder;
import dev.memleak.heap.bench.MutableClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one footprint sample costs on this machine, reader by reader, with no or 200 extra
 * threads alive ({@code extraThreads}: NMT's summary measures every thread's stack) and
 * Native Memory Tracking on; all readers as the monitor runs them (NMT's summary at every
 * Nth sample when one read costs more than 0.5 ms) and with NMT's summary at every
 * sample; the judgement alone; and a whole evaluation (all readers, the history, and the
 * judgement of every series over a full 30-minute window of 120 samples). Run it with
 * {@code mvn -B -pl memleak-spring-boot-autoconfigure -Pbenchmark test-compile exec:exec
 * -Djmh.args="FootprintBenchmark -rf text"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-XX:NativeMemoryTracking=summary")
public class FootprintBenchmark {

	private final ParkedThreads threads200 = new ParkedThreads();

	@Param({ "0", "200" })
	public int extraThreads;

	private final CgroupMemoryReader cgroup = new CgroupMemoryReader(Path.of("/"));

	private final ProcessMemoryReader process = new ProcessMemoryReader(Path.of("/"));

	private final NativeMemoryReader nativeMemory = new NativeMemoryReader();

	private final JvmMemoryReader jvm = new JvmMemoryReader();

	private final ThreadCensusReader threads = new ThreadCensusReader(20);

	private FootprintSampler sampler;

	private FootprintSampler samplerEveryTime;

	private FootprintAssessor assessor;

	private FootprintMonitor monitor;

	private MutableClock clock;

	@Setup(Level.Trial)
	public void setUp() {
		for (int i = 0; i < this.extraThreads; i++) {
			this.threads200.start("bench-pool-" + (i / 10) + "-thread-" + (i % 10));
		}
		FootprintSampler.Readers readers = new FootprintSampler.Readers(this.cgroup, this.process, this.nativeMemory,
				this.jvm, this.threads);
		this.clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
		FootprintSettings settings = FootprintSettings.defaults();
		this.sampler = new FootprintSampler(readers, new NativeMemoryPacing(NativeMemoryPacing.BUDGET_NANOS,
				settings.nativeMemoryMaxEvery(), System::nanoTime), new FailureRecorder(null), this.clock);
		this.samplerEveryTime = new FootprintSampler(readers, new FailureRecorder(null), this.clock);
		this.assessor = new FootprintAssessor(settings);
		this.monitor = new FootprintMonitor(FootprintSettings.defaults(), readers, JvmFlagsReader.read(),
				new FailureRecorder(null), this.clock);
		// A full window: 30 minutes of samples every 15 s.
		for (int i = 0; i < 124; i++) {
			this.monitor.sample();
			this.clock.advance(Duration.ofSeconds(15));
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		this.threads200.close();
	}

	@Benchmark
	public Object cgroup() throws Exception {
		return this.cgroup.read();
	}

	@Benchmark
	public Object processStatus() throws Exception {
		return this.process.read();
	}

	@Benchmark
	public Object nativeMemoryTracking() throws Exception {
		return this.nativeMemory.read();
	}

	@Benchmark
	public Object managementBeans() {
		return this.jvm.read();
	}

	@Benchmark
	public Object threadCensus() {
		return this.threads.read();
	}

	/**
	 * Every reader once, NMT's summary as the monitor reads it (every Nth sample when
	 * slow): what the 1 ms budget is about, on average per sample.
	 */
	@Benchmark
	public Object allReaders() {
		return this.sampler.sample();
	}

	/** Every reader once, NMT's summary included every time: a sample that reads it. */
	@Benchmark
	public Object allReadersNmtEveryTime() {
		return this.samplerEveryTime.sample();
	}

	/** The judgement of every series over a full window, without reading. */
	@Benchmark
	public Object judgement() {
		return this.assessor.assess(this.monitor.latest(), this.monitor.latestNative(), this.monitor.history());
	}

	/** All readers, the history and the judgement of every series over a full window. */
	@Benchmark
	public Object wholeEvaluation() {
		this.clock.advance(Duration.ofSeconds(15));
		return this.monitor.sample();
	}

}
