package dev.memleak.benchmark;

import java.util.concurrent.TimeUnit;

import dev.memleak.allocation.ThreadAllocationCounter;
import dev.memleak.core.FailureRecorder;
import dev.memleak.request.ReactiveRequestMemoryFilter;
import dev.memleak.request.RequestAllocationRecorder;
import dev.memleak.request.RequestSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The WebFlux filter's own work per exchange, with a chain that completes at once, as an
 * exchange that completes on the event loop does: {@code filter} minus {@code chainOnly}
 * is what memleak adds. Run with
 * {@code mvn -B -pl memleak-spring-boot-autoconfigure -Pbenchmark test-compile exec:exec
 * -Djmh.args="ReactiveRequestFilterBenchmark -rf text"} (see docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ReactiveRequestFilterBenchmark {

	@Param({ "1.0", "0.1" })
	double sampleRate;

	private ReactiveRequestMemoryFilter filter;

	private MockServerWebExchange exchange;

	private MockServerWebExchange excludedExchange;

	private WebFilterChain chain;

	private CoreSubscriber<Void> server;

	@Setup(Level.Trial)
	public void setUp(Blackhole blackhole) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		RequestSettings defaults = RequestSettings.defaults();
		RequestSettings settings = new RequestSettings(this.sampleRate, defaults.exclude(), defaults.maxUriTags(),
				defaults.filterOrder());
		this.filter = new ReactiveRequestMemoryFilter(new RequestAllocationRecorder(100, registry),
				ThreadAllocationCounter.forThisJvm(), new FailureRecorder(registry), settings);
		this.exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/owners/42"));
		this.exchange.getAttributes()
			.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
					PathPatternParser.defaultInstance.parse("/owners/{id}"));
		this.excludedExchange = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/prometheus"));
		this.chain = (exchange) -> Mono.empty();
		this.server = new CoreSubscriber<>() {

			@Override
			public void onSubscribe(Subscription subscription) {
				subscription.request(Long.MAX_VALUE);
			}

			@Override
			public void onNext(Void value) {
			}

			@Override
			public void onError(Throwable error) {
				blackhole.consume(error);
			}

			@Override
			public void onComplete() {
				blackhole.consume(this);
			}

		};
	}

	@Benchmark
	public void chainOnly() {
		this.chain.filter(this.exchange).subscribe(this.server);
	}

	@Benchmark
	public void filter() {
		this.filter.filter(this.exchange, this.chain).subscribe(this.server);
	}

	@Benchmark
	public void filterExcludedPath() {
		this.filter.filter(this.excludedExchange, this.chain).subscribe(this.server);
	}

}
