package dev.memleak.benchmark;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.memleak.allocation.ThreadAllocationCounter;
import dev.memleak.core.FailureRecorder;
import dev.memleak.request.RequestAllocationRecorder;
import dev.memleak.request.RequestMemoryFilter;
import dev.memleak.request.RequestSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The request filter's own work per request: {@code filter} minus {@code chainOnly} is
 * what memleak adds. Run with
 * {@code mvn -B -pl memleak-spring-boot-autoconfigure -Pbenchmark
 * test-compile exec:exec} (see docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class RequestFilterBenchmark {

	@Param({ "1.0", "0.1" })
	double sampleRate;

	private RequestMemoryFilter filter;

	private MockHttpServletRequest request;

	private MockHttpServletRequest excludedRequest;

	private MockHttpServletResponse response;

	private FilterChain chain;

	private final ThreadAllocationCounter counter = ThreadAllocationCounter.forThisJvm();

	@Setup(Level.Trial)
	public void setUp(Blackhole blackhole) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		RequestSettings defaults = RequestSettings.defaults();
		RequestSettings settings = new RequestSettings(this.sampleRate, defaults.exclude(), defaults.maxUriTags(),
				defaults.filterOrder());
		this.filter = new RequestMemoryFilter(new RequestAllocationRecorder(100, registry), this.counter,
				new FailureRecorder(registry), settings);
		this.request = new MockHttpServletRequest("GET", "/owners/42");
		this.request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/owners/{id}");
		this.excludedRequest = new MockHttpServletRequest("GET", "/actuator/prometheus");
		this.response = new MockHttpServletResponse();
		this.chain = (req, res) -> blackhole.consume(req);
	}

	@Benchmark
	public void chainOnly() throws IOException, ServletException {
		this.chain.doFilter(this.request, this.response);
	}

	@Benchmark
	public void filter() throws IOException, ServletException {
		this.filter.doFilter(this.request, this.response, this.chain);
	}

	@Benchmark
	public void filterExcludedPath() throws IOException, ServletException {
		this.filter.doFilter(this.excludedRequest, this.response, this.chain);
	}

	@Benchmark
	public long allocationCounterRead() {
		return this.counter.currentThreadAllocatedBytes();
	}

}
