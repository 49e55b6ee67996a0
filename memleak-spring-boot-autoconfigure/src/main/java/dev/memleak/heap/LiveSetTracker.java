package dev.memleak.heap;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import dev.memleak.core.FailureRecorder;

/**
 * Listens to the GC notifications of every collector and feeds the live-set floor
 * candidates into a {@link FloorSeries}. Closing it removes every listener it added.
 * <p>
 * On G1 without concurrent-cycle notifications (JDK 17 to 19) the end of each marking
 * cycle is seen through the JVM's performance counter of G1's Remark and Cleanup pauses
 * ({@link G1PauseCounter}), checked on every young collection: it costs nothing at
 * startup. Only where that counter is missing ({@code -XX:-UsePerfData}) does a JFR
 * stream ({@link JfrCycleListener}) take its place, started at the first collection after
 * the JVM has been up for {@link #JFR_FALLBACK_DELAY}, when it no longer competes with
 * the JIT's warm-up.
 *
 * @author memleak
 */
public final class LiveSetTracker implements AutoCloseable {

	static final String COMPONENT = "heap";

	/** How long after the JVM's start the JFR fallback may start. */
	static final Duration JFR_FALLBACK_DELAY = Duration.ofMinutes(2);

	private static final String G1_YOUNG = "G1 Young Generation";

	private static final String G1_CONCURRENT = "G1 Concurrent GC";

	private final FloorSeries series;

	private final Clock clock;

	private final FailureRecorder failures;

	private final LiveSetEstimator estimator = new LiveSetEstimator();

	private final NotificationListener listener = this::handle;

	private final List<NotificationEmitter> emitters = new ArrayList<>();

	private final List<String> collectors = new ArrayList<>();

	private volatile String unavailable;

	private AutoCloseable cycleListener;

	private boolean jfrCycleEvents = true;

	private Supplier<G1PauseCounter> pauseCounters = () -> G1PauseCounter.open(ProcessHandle.current().pid(),
			ManagementFactory.getRuntimeMXBean().getStartTime());

	private Duration jfrFallbackDelay = JFR_FALLBACK_DELAY;

	// Read and written on the notification thread only, once started.
	private G1PauseCounter pauseCounter;

	private long cyclePauses;

	private volatile Instant jfrFallbackAt;

	/**
	 * Create a tracker; call {@link #start()} to subscribe.
	 * @param series where floor candidates go
	 * @param clock the time source
	 * @param failures where failures are counted
	 */
	public LiveSetTracker(FloorSeries series, Clock clock, FailureRecorder failures) {
		this.series = series;
		this.clock = clock;
		this.failures = failures;
	}

	/**
	 * Choose whether, on G1 without concurrent-cycle notifications (JDK 17 to 19) and
	 * without the JVM's performance counters, marking cycles are observed through a JFR
	 * stream. On by default.
	 * @param jfrCycleEvents whether to use JFR where needed
	 */
	public synchronized void setJfrCycleEvents(boolean jfrCycleEvents) {
		this.jfrCycleEvents = jfrCycleEvents;
	}

	/**
	 * Replace where the G1 pause counter comes from, and how long after the JVM's start
	 * the JFR fallback waits. For tests.
	 * @param pauseCounters opens the counter, or returns {@code null}
	 * @param jfrFallbackDelay the wait
	 */
	synchronized void setCycleSources(Supplier<G1PauseCounter> pauseCounters, Duration jfrFallbackDelay) {
		this.pauseCounters = pauseCounters;
		this.jfrFallbackDelay = jfrFallbackDelay;
	}

	/**
	 * Subscribe to the notifications of every garbage collector of this JVM.
	 */
	public synchronized void start() {
		try {
			List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
			beans.forEach((collector) -> this.collectors.add(collector.getName()));
			if (needsCycleSource()) {
				watchCycles();
			}
			for (GarbageCollectorMXBean collector : beans) {
				if (collector instanceof NotificationEmitter emitter) {
					emitter.addNotificationListener(this.listener, null, null);
					this.emitters.add(emitter);
				}
			}
			if (this.emitters.isEmpty()) {
				this.unavailable = "This JVM's collectors " + this.collectors
						+ " send no GC notifications: the live set cannot be tracked.";
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.record(COMPONENT, ex);
			this.unavailable = "GC notifications could not be subscribed to (" + ex
					+ "): the live set cannot be tracked.";
		}
	}

	/**
	 * Feed one collection, as the JVM would. Used by {@link #start()}'s listener and by
	 * tests that replay captured notifications.
	 * @param event the collection
	 */
	public void accept(GcEvent event) {
		List<FloorCandidate> candidates;
		synchronized (this.estimator) {
			candidates = this.estimator.accept(event);
		}
		candidates.forEach(this.series::add);
	}

	/**
	 * Return why the collector gives no usable live-set signal, or {@code null} if it
	 * does (or has not said yet).
	 * @return a sentence for the report, or {@code null}
	 */
	public String signalNote() {
		if (this.unavailable != null) {
			return this.unavailable;
		}
		synchronized (this.estimator) {
			if (this.estimator.events() >= 20 && this.estimator.longLivedPool() == null) {
				return "The collector " + this.collectors + " reports no long-lived memory pool memleak understands: "
						+ "the live set cannot be tracked.";
			}
		}
		return null;
	}

	/**
	 * Return the series this tracker fills.
	 * @return the floor series
	 */
	public FloorSeries series() {
		return this.series;
	}

	/**
	 * Return the names of this JVM's collectors.
	 * @return the collector names
	 */
	public synchronized List<String> collectors() {
		return List.copyOf(this.collectors);
	}

	/**
	 * Return the number of listeners this tracker has registered and not yet removed.
	 * @return the count
	 */
	public synchronized int listenerCount() {
		return this.emitters.size();
	}

	/**
	 * Whether the ends of G1 marking cycles are observed, through the pause counter or
	 * JFR (JDK 17 to 19).
	 * @return {@code true} if they are
	 */
	public synchronized boolean hasCycleEvents() {
		return this.pauseCounter != null || this.cycleListener != null;
	}

	/**
	 * Say how the ends of G1 marking cycles are observed.
	 * @return {@code notifications} (JDK 20+ or another collector),
	 * {@code pause counter}, {@code jfr}, {@code jfr pending} (the fallback waits for the
	 * JVM to warm up), or {@code none}
	 */
	public synchronized String cycleSource() {
		if (!needsCycleSource()) {
			return "notifications";
		}
		if (this.pauseCounter != null) {
			return "pause counter";
		}
		if (this.cycleListener != null) {
			return "jfr";
		}
		return (this.jfrFallbackAt != null) ? "jfr pending" : "none";
	}

	private boolean needsCycleSource() {
		return this.collectors.contains(G1_YOUNG) && !this.collectors.contains(G1_CONCURRENT);
	}

	private void watchCycles() {
		try {
			this.pauseCounter = this.pauseCounters.get();
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.record(COMPONENT, ex);
		}
		if (this.pauseCounter != null) {
			this.cyclePauses = this.pauseCounter.pauses();
		}
		else if (this.jfrCycleEvents) {
			// Started later, on a collection: JFR's start competes with the JIT.
			this.jfrFallbackAt = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime())
				.plus(this.jfrFallbackDelay);
		}
	}

	private synchronized void startDeferredCycleEvents() {
		if (this.jfrFallbackAt == null || this.clock.instant().isBefore(this.jfrFallbackAt)) {
			return;
		}
		this.jfrFallbackAt = null;
		try {
			this.cycleListener = JfrCycleListener.start(this, this.clock);
		}
		catch (RuntimeException | LinkageError ex) {
			// JFR missing or disabled: mixed and full collections still give floor
			// points.
			this.failures.record(COMPONENT, ex);
		}
	}

	@Override
	public synchronized void close() {
		this.jfrFallbackAt = null;
		if (this.cycleListener != null) {
			try {
				this.cycleListener.close();
			}
			catch (Exception ex) {
				this.failures.record(COMPONENT, ex);
			}
			this.cycleListener = null;
		}
		for (NotificationEmitter emitter : this.emitters) {
			try {
				emitter.removeNotificationListener(this.listener);
			}
			catch (ListenerNotFoundException ex) {
				// Already gone: nothing to release.
			}
		}
		this.emitters.clear();
	}

	private void handle(Notification notification, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
			return;
		}
		try {
			GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
				.from((CompositeData) notification.getUserData());
			GcInfo gc = info.getGcInfo();
			GcEvent event = new GcEvent(this.clock.instant(), info.getGcName(), info.getGcAction(), info.getGcCause(),
					usages(gc.getMemoryUsageBeforeGc()), usages(gc.getMemoryUsageAfterGc()));
			if (this.pauseCounter != null && G1_YOUNG.equals(event.gcName())) {
				acceptCycleEnd(event);
			}
			else if (this.jfrFallbackAt != null) {
				startDeferredCycleEvents();
			}
			accept(event);
		}
		catch (RuntimeException ex) {
			this.failures.record(COMPONENT, ex);
		}
	}

	/**
	 * If Remark or Cleanup ran since the previous collection, a marking cycle ended: the
	 * old generation before this young collection is the cycle's result (nothing was
	 * promoted in between; humongous allocations are the only addition), a floor
	 * candidate.
	 * @param young a young collection
	 */
	void acceptCycleEnd(GcEvent young) {
		long pauses = this.pauseCounter.pauses();
		if (pauses == this.cyclePauses) {
			return;
		}
		this.cyclePauses = pauses;
		Map<String, GcEvent.PoolUsage> usage = new HashMap<>();
		young.before().forEach((pool, used) -> {
			if (LiveSetEstimator.isLongLived(pool) || pool.contains("Survivor")) {
				usage.put(pool, used);
			}
		});
		accept(new GcEvent(young.at(), G1_CONCURRENT, "end of concurrent cycle (pause counter)", "G1 Remark/Cleanup",
				usage, usage));
	}

	private static Map<String, GcEvent.PoolUsage> usages(Map<String, MemoryUsage> pools) {
		Map<String, GcEvent.PoolUsage> usages = new HashMap<>();
		pools.forEach((name, usage) -> usages.put(name, new GcEvent.PoolUsage(usage.getUsed(), usage.getMax())));
		return usages;
	}

}
