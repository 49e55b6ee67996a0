package dev.memleak.core;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Counts memleak's own failures per component in {@code memleak.errors} and logs the
 * first failure of each kind, so that a broken diagnostic degrades quietly instead of
 * failing the application.
 *
 * @author memleak
 */
public final class FailureRecorder {

	private static final Log logger = LogFactory.getLog(FailureRecorder.class);

	/**
	 * memleak's components, whose {@code memleak.errors} series exist from startup at 0
	 * so that {@code increase()} sees the first failure.
	 */
	public static final List<String> COMPONENTS = List.of("request", "task", "heap", "snapshot", "sites", "footprint",
			"escalation", "diagnosis");

	/** Distinct (component, failure type) pairs logged at WARN before logging stops. */
	private static final int MAX_LOGGED_KINDS = 64;

	private final @Nullable MeterRegistry registry;

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final Set<String> loggedKinds = ConcurrentHashMap.newKeySet();

	/**
	 * Create an instance.
	 * @param registry where {@code memleak.errors} is registered, or {@code null}
	 */
	public FailureRecorder(@Nullable MeterRegistry registry) {
		this.registry = registry;
		COMPONENTS.forEach(this::counterFor);
	}

	/**
	 * Record that a component failed. Never throws.
	 * @param component a fixed, low-cardinality component name such as {@code request}
	 * @param failure what went wrong
	 */
	public void record(String component, Throwable failure) {
		counterFor(component).increment();
		String kind = component + ":" + failure.getClass().getName();
		if (this.loggedKinds.size() < MAX_LOGGED_KINDS && this.loggedKinds.add(kind)) {
			logger.warn("memleak: " + component + " failed; the application is not affected, further "
					+ failure.getClass().getSimpleName() + " failures of this component are only counted "
					+ "in memleak.errors", failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("memleak: " + component + " failed", failure);
		}
	}

	/**
	 * Return the number of failures per component that failed at least once.
	 * @return component to count, sorted by component
	 */
	public Map<String, Long> counts() {
		Map<String, Long> result = new TreeMap<>();
		this.counts.forEach((component, count) -> {
			if (count.sum() > 0) {
				result.put(component, count.sum());
			}
		});
		return result;
	}

	private LongAdder counterFor(String component) {
		return this.counts.computeIfAbsent(component, (name) -> {
			LongAdder count = new LongAdder();
			if (this.registry != null) {
				registerCounter(this.registry, name, count);
			}
			return count;
		});
	}

	private static void registerCounter(MeterRegistry registry, String component, LongAdder count) {
		FunctionCounter.builder("memleak.errors", count, LongAdder::sum)
			.description("Failures inside memleak itself; the application's requests and startup are never affected")
			.tag("component", component)
			.register(registry);
	}

}
