package dev.memleak.request;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.memleak.allocation.UnmeasuredReason;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.util.context.Context;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The rest of a WebFlux filter chain, measured: one object per exchange that is both the
 * {@link Mono} the filter returns and the subscriber between the chain and the server.
 * The thread's allocation is read when the server subscribes; if the exchange completes
 * before that subscription returns, on the same thread, nothing else ran on the thread in
 * between and the difference is the exchange's. Otherwise (it waited for I/O or a timer,
 * or finished on another thread, even if it later came back to the same event loop) it is
 * counted as {@link UnmeasuredReason#ASYNCHRONOUS}.
 *
 * @author memleak
 */
final class MeasuredExchange extends MonoOperator<Void, Void> implements CoreSubscriber<Void>, Subscription {

	private static final AtomicIntegerFieldUpdater<MeasuredExchange> RECORDED = AtomicIntegerFieldUpdater
		.newUpdater(MeasuredExchange.class, "recorded");

	private final ServerWebExchange exchange;

	private final RequestMeasurements measurements;

	private @Nullable CoreSubscriber<? super Void> actual;

	private @Nullable Subscription upstream;

	private @Nullable Thread thread;

	private long start;

	// Read only by the subscribing thread itself: true while its subscribe call runs.
	private boolean subscribing;

	private volatile int recorded;

	MeasuredExchange(Mono<Void> chain, ServerWebExchange exchange, RequestMeasurements measurements) {
		super(chain);
		this.exchange = exchange;
		this.measurements = measurements;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Void> actual) {
		if (this.actual != null) {
			// Subscribed again (a retry upstream): only the first run is measured.
			this.source.subscribe(actual);
			return;
		}
		this.actual = actual;
		this.thread = Thread.currentThread();
		this.start = this.measurements.start();
		this.subscribing = true;
		try {
			this.source.subscribe(this);
		}
		finally {
			this.subscribing = false;
		}
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.upstream = subscription;
		this.actual.onSubscribe(this);
	}

	@Override
	public void onNext(Void value) {
		this.actual.onNext(value);
	}

	@Override
	public void onError(Throwable error) {
		finish(error);
		this.actual.onError(error);
	}

	@Override
	public void onComplete() {
		finish(null);
		this.actual.onComplete();
	}

	@Override
	public void request(long n) {
		this.upstream.request(n);
	}

	@Override
	public void cancel() {
		finish(null);
		this.upstream.cancel();
	}

	@Override
	public Context currentContext() {
		return this.actual.currentContext();
	}

	private void finish(@Nullable Throwable error) {
		// Exactly once, and first of all, before anything else allocates on this thread.
		boolean synchronous = this.subscribing && Thread.currentThread() == this.thread;
		long allocated = synchronous ? this.measurements.since(this.start) : 0;
		if (!RECORDED.compareAndSet(this, 0, 1)) {
			return;
		}
		try {
			String method = this.exchange.getRequest().getMethod().name();
			String pattern = pattern(this.exchange);
			int status = status(error);
			if (synchronous) {
				this.measurements.record(method, pattern, status, allocated);
			}
			else {
				this.measurements.recordUnmeasured(method, pattern, status, this.start, UnmeasuredReason.ASYNCHRONOUS);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.measurements.failed(ex);
		}
	}

	private int status(@Nullable Throwable error) {
		if (error != null) {
			// The server turns the error into the response after the chain.
			return (error instanceof ErrorResponse response) ? response.getStatusCode().value() : 500;
		}
		HttpStatusCode status = this.exchange.getResponse().getStatusCode();
		return (status != null) ? status.value() : 200;
	}

	private static @Nullable String pattern(ServerWebExchange exchange) {
		Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern == null) {
			pattern = exchange.getAttribute(RouterFunctions.MATCHING_PATTERN_ATTRIBUTE);
		}
		if (pattern instanceof PathPattern parsed) {
			return parsed.getPatternString();
		}
		return (pattern instanceof String string) ? string : null;
	}

}
