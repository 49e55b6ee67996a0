package dev.memleak.benchmark;

import java.util.concurrent.TimeUnit;

import dev.memleak.allocation.ThreadAllocationCounter;
import dev.memleak.core.FailureRecorder;
import dev.memleak.task.MeasuringTaskDecorator;
import dev.memleak.task.TaskAllocationRecorder;
import dev.memleak.task.TaskMonitor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The task decorator's own work per task: {@code decorated} minus {@code plain} is what
 * memleak adds to a task (decoration, two counter reads, two clock reads, the record
 * lookup, a timer and a summary update). Run with
 * {@code mvn -B -pl memleak-spring-boot-autoconfigure -Pbenchmark test-compile exec:exec
 * -Djmh.args="TaskDecoratorBenchmark -rf text"} (see docs/tasks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class TaskDecoratorBenchmark {

	private MeasuringTaskDecorator decorator;

	private Runnable task;

	@Setup(Level.Trial)
	public void setUp(Blackhole blackhole) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		this.decorator = new MeasuringTaskDecorator(new TaskMonitor(new TaskAllocationRecorder(100, registry),
				ThreadAllocationCounter.forThisJvm(), new FailureRecorder(registry)));
		this.task = new RollupTask(blackhole);
	}

	@Benchmark
	public void plain() {
		this.task.run();
	}

	@Benchmark
	public void decorated() {
		this.decorator.decorate(this.task).run();
	}

	static final class RollupTask implements Runnable {

		private final Blackhole blackhole;

		RollupTask(Blackhole blackhole) {
			this.blackhole = blackhole;
		}

		@Override
		public void run() {
			this.blackhole.consume(this);
		}

	}

}
