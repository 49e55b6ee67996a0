package dev.memleak.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.memleak.sites.SitesProperties;
import dev.memleak.snapshot.Suspect;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What rendering the report page costs, on the request thread of whoever opens it (never
 * on the application's requests): a report with every section filled and a window of 60
 * floor points (a quiet service), 400 or the full default series of 4096. Run with
 * {@code mvn -B -pl memleak-spring-boot-autoconfigure -Pbenchmark test-compile exec:exec
 * -Djmh.args="ReportPageBenchmark -rf text"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReportPageBenchmark {

	@Param({ "60", "400", "4096" })
	int floorPoints;

	private PageModel model;

	@Setup
	public void setUp() {
		MemoryLeakReport report = ReportFixtures.leaking(this.floorPoints, (name) -> name);
		// A full snapshot history (memleak.snapshot.history-size) for each suspect.
		Map<String, List<SuspectBytes.Point>> suspectBytes = new HashMap<>();
		for (Suspect suspect : report.suspects()) {
			List<SuspectBytes.Point> points = new ArrayList<>();
			for (int i = 0; i < 24; i++) {
				points.add(new SuspectBytes.Point(ReportFixtures.NOW.minusSeconds(3600L * (24 - i)), 1000L * i));
			}
			suspectBytes.put(suspect.className(), points);
		}
		this.model = new PageModel(report, ReportFixtures.NOW, suspectBytes,
				new ApplicationFrames(new SitesProperties().getFrameworkPackages()));
	}

	@Benchmark
	public String render() {
		return ReportPage.render(this.model);
	}

}
