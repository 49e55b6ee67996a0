package dev.memleak.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.memleak.allocation.BoundedTagValues;
import dev.memleak.allocation.ExecutionCounts;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the allocation totals of every route, with at most {@code max-uri-tags} distinct
 * handler patterns plus fixed buckets for unmatched requests.
 *
 * @author memleak
 */
public final class RequestAllocationRecorder implements ExecutionCounts {

	/** Bucket of requests that matched no handler and ended in 404. */
	public static final String NOT_FOUND = "NOT_FOUND";

	/** Bucket of requests that matched no handler and ended in a redirect. */
	public static final String REDIRECTION = "REDIRECTION";

	/** Bucket of other requests that matched no handler. */
	public static final String UNKNOWN = "UNKNOWN";

	/** Bucket of routes past {@code memleak.request.max-uri-tags}. */
	public static final String OTHER = "OTHER";

	private static final String[] METHODS = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
			"UNKNOWN" };

	private static final Comparator<RouteAllocation> BY_ALLOCATION = Comparator
		.comparingLong(RouteAllocation::allocatedBytesTotal)
		.thenComparingLong(RouteAllocation::count)
		.reversed()
		.thenComparing(RouteAllocation::uri)
		.thenComparing(RouteAllocation::method);

	private final ConcurrentMap<String, UriRoutes> routes = new ConcurrentHashMap<>();

	private final BoundedTagValues uris;

	private final @Nullable MeterRegistry registry;

	private final int maxWorkloads;

	/**
	 * Create an instance.
	 * @param maxUriTags the most distinct handler patterns kept
	 * @param registry where to register {@code memleak.request.allocated}, or
	 * {@code null}
	 */
	public RequestAllocationRecorder(int maxUriTags, @Nullable MeterRegistry registry) {
		this.uris = new BoundedTagValues(maxUriTags, OTHER, "memleak.request.max-uri-tags");
		this.registry = registry;
		// Every admitted pattern and every bucket, with each method.
		this.maxWorkloads = (maxUriTags + 4) * METHODS.length;
	}

	/**
	 * Return the record of a route, creating it if needed.
	 * @param method the HTTP method; unknown methods share one bucket
	 * @param uri the handler pattern or one of the fixed buckets
	 * @return the route's record
	 */
	RouteRecord route(String method, String uri) {
		UriRoutes byMethod = this.routes.get(uri);
		if (byMethod == null) {
			String admitted = isBucket(uri) ? uri : this.uris.admit(uri);
			byMethod = this.routes.computeIfAbsent(admitted, UriRoutes::new);
		}
		return byMethod.forMethod(methodIndex(method), this.registry);
	}

	/**
	 * Return the routes seen so far, the most allocating first.
	 * @return one entry per method and route
	 */
	public List<RouteAllocation> routes() {
		List<RouteAllocation> result = new ArrayList<>();
		for (UriRoutes byMethod : this.routes.values()) {
			for (int i = 0; i < METHODS.length; i++) {
				RouteRecord record = byMethod.records.get(i);
				if (record != null) {
					result.add(RouteAllocation.of(record.method(), record.uri(), record.stats().summary()));
				}
			}
		}
		result.sort(BY_ALLOCATION);
		return result;
	}

	@Override
	public Map<String, Long> executionCounts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (UriRoutes byMethod : this.routes.values()) {
			for (int i = 0; i < METHODS.length; i++) {
				RouteRecord record = byMethod.records.get(i);
				if (record != null) {
					counts.put(record.method() + " " + record.uri(), record.stats().count());
				}
			}
		}
		return counts;
	}

	@Override
	public int maxWorkloads() {
		return this.maxWorkloads;
	}

	private static boolean isBucket(String uri) {
		return NOT_FOUND.equals(uri) || REDIRECTION.equals(uri) || UNKNOWN.equals(uri) || OTHER.equals(uri);
	}

	private static int methodIndex(String method) {
		return switch (method) {
			case "GET" -> 0;
			case "HEAD" -> 1;
			case "POST" -> 2;
			case "PUT" -> 3;
			case "PATCH" -> 4;
			case "DELETE" -> 5;
			case "OPTIONS" -> 6;
			case "TRACE" -> 7;
			default -> 8;
		};
	}

	/**
	 * The records of one handler pattern, one slot per HTTP method.
	 */
	private static final class UriRoutes {

		private final String uri;

		private final AtomicReferenceArray<RouteRecord> records = new AtomicReferenceArray<>(METHODS.length);

		UriRoutes(String uri) {
			this.uri = uri;
		}

		RouteRecord forMethod(int index, @Nullable MeterRegistry registry) {
			RouteRecord record = this.records.get(index);
			if (record == null) {
				this.records.compareAndSet(index, null, new RouteRecord(METHODS[index], this.uri, registry));
				record = this.records.get(index);
			}
			return record;
		}

	}

}
