package dev.memleak.heap;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 *
 * @author memleak
 */
public final class LiveSetTracker implements AutoCloseable {

	static final String COMPONENT = "heap";

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
	 * Choose whether, on G1 without concurrent-cycle notifications (JDK 17 to 19),
	 * marking cycles are observed through a JFR stream. On by default.
	 * @param jfrCycleEvents whether to use JFR where needed
	 */
	public synchronized void setJfrCycleEvents(boolean jfrCycleEvents) {
		this.jfrCycleEvents = jfrCycleEvents;
	}

	/**
	 * Subscribe to the notifications of every garbage collector of this JVM.
	 */
	public synchronized void start() {
		try {
			for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
				this.collectors.add(collector.getName());
				if (collector instanceof NotificationEmitter emitter) {
					emitter.addNotificationListener(this.listener, null, null);
					this.emitters.add(emitter);
				}
			}
			if (this.emitters.isEmpty()) {
				this.unavailable = "This JVM's collectors " + this.collectors
						+ " send no GC notifications: the live set cannot be tracked.";
			}
			else if (needsCycleEvents()) {
				startCycleEvents();
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
	 * Whether marking cycles are observed through JFR.
	 * @return {@code true} if the JFR stream runs
	 */
	public synchronized boolean hasCycleEvents() {
		return this.cycleListener != null;
	}

	private boolean needsCycleEvents() {
		return this.jfrCycleEvents && this.collectors.contains("G1 Young Generation")
				&& !this.collectors.contains("G1 Concurrent GC");
	}

	private void startCycleEvents() {
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
			accept(new GcEvent(this.clock.instant(), info.getGcName(), info.getGcAction(), info.getGcCause(),
					usages(gc.getMemoryUsageBeforeGc()), usages(gc.getMemoryUsageAfterGc())));
		}
		catch (RuntimeException ex) {
			this.failures.record(COMPONENT, ex);
		}
	}

	private static Map<String, GcEvent.PoolUsage> usages(Map<String, MemoryUsage> pools) {
		Map<String, GcEvent.PoolUsage> usages = new HashMap<>();
		pools.forEach((name, usage) -> usages.put(name, new GcEvent.PoolUsage(usage.getUsed(), usage.getMax())));
		return usages;
	}

}
