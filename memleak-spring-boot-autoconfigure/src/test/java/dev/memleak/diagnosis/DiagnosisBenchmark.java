package dev.memleak.diagnosis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.memleak.heap.LeakStatus;
import dev.memleak.sites.LeakSite;
import dev.memleak.snapshot.Suspect;
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

/**
 * What one diagnosis costs (every {@code memleak.diagnosis.refresh-interval} for the
 * series, and on every report): joining 60 suspects, the 10 leak sites of an emission
 * with 8 application frames each, and 200 handler methods, 200 routes served and 20
 * tasks. Run with {@code mvn -B -pl memleak-spring-boot-autoconfigure -Pbenchmark
 * test-compile exec:exec -Djmh.args="DiagnosisBenchmark -rf text"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DiagnosisBenchmark {

	private final LeakDiagnoser diagnoser = new LeakDiagnoser(3, Fixtures.APPLICATION, Fixtures.MIN_SHARE);

	private Evidence evidence;

	private final List<RouteMapping> mappings = new ArrayList<>();

	private final List<String> routes = new ArrayList<>();

	private final List<String> tasks = new ArrayList<>();

	@Setup(Level.Trial)
	public void setUp() {
		Instant now = Instant.parse("2026-01-01T12:00:00Z");
		List<Suspect> suspects = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			suspects.add(new Suspect("com.example.domain.Entity" + i, 1000 - i, 32_000, 8, 7, 64_000, 0, 5000, 160_000,
					now.minusSeconds(3600), false, List.of()));
		}
		for (int i = 0; i < 40; i++) {
			suspects.add(new Suspect("[Lcom.example.Generic" + i + ";", 900, 9_000_000, 8, 7, 18_000_000, 0, 70_000,
					130_000_000, now.minusSeconds(3600), true,
					List.of("com.example.domain.Entity" + (i % 20), "com.example.domain.Entity" + ((i + 1) % 20))));
		}
		for (int i = 0; i < 200; i++) {
			this.mappings.add(new RouteMapping("com.example.web.Controller" + (i / 10) + ".handle" + i, Set.of("GET"),
					Set.of("/things" + i + "/{id}")));
			this.routes.add("GET /things" + i + "/{id}");
		}
		for (int i = 0; i < 20; i++) {
			this.tasks.add("Job" + i + ".run");
		}
		List<LeakSite> sites = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			List<String> stack = new ArrayList<>();
			stack.add("com.example.domain.Entity" + i + ".<init>(Entity" + i + ".java:10)");
			for (int frame = 0; frame < 6; frame++) {
				stack.add("com.example.service.Service" + frame + ".call(Service" + frame + ".java:" + (20 + i) + ")");
				stack.add("... 3 framework frames (org.springframework, java.lang)");
			}
			stack.add("com.example.web.Controller" + i + ".handle" + (i * 10) + "(Controller" + i + ".java:40)");
			stack.add("... 60 more");
			sites.add(new LeakSite("[Lcom.example.Generic" + i + ";", stack, 40 - i, 30 - i, true,
					now.minusSeconds(600), List.of(), stack.get(0)));
		}
		this.evidence = new Evidence(LeakStatus.SUSPECTED, Fixtures.growingHeap(600_000), Fixtures.noRegression(),
				suspects, sites, resolver(), List.of(), now);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public Diagnosis diagnose() {
		return this.diagnoser.diagnose(this.evidence);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public WorkloadResolver resolver() {
		return new WorkloadResolver(this.mappings, this.routes, this.tasks);
	}

}
