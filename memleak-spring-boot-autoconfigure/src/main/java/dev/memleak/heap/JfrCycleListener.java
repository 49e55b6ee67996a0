package dev.memleak.heap;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * Sees the end of G1 concurrent marking cycles through a JFR stream of
 * {@code jdk.GarbageCollection} events, for JVMs (JDK 17 to 19) whose GC notifications do
 * not report them. Without it, a leak whose old generation holds little garbage yields no
 * floor point at all: marking finds nothing to reclaim, so no mixed collection follows,
 * and G1 only reports young pauses until the heap is full. JDK 20 added the
 * {@code G1 Concurrent GC} notifications (JDK-8297247) that make this unnecessary.
 *
 * @author memleak
 */
final class JfrCycleListener implements AutoCloseable {

	private final RecordingStream stream;

	private JfrCycleListener(RecordingStream stream) {
		this.stream = stream;
	}

	/**
	 * Start listening; each completed marking cycle becomes a floor candidate: the old
	 * generation's occupancy when the cycle's event arrives (at most about a second after
	 * the cycle, an upper bound of the live set).
	 * @param tracker where the candidate goes
	 * @param clock the time source
	 * @return the running listener
	 */
	static JfrCycleListener start(LiveSetTracker tracker, Clock clock) {
		MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getName().equals("G1 Old Gen"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no G1 Old Gen memory pool"));
		RecordingStream stream = new RecordingStream();
		stream.setMaxAge(Duration.ofMinutes(1));
		stream.setMaxSize(1024 * 1024);
		stream.enable("jdk.GarbageCollection");
		stream.onEvent("jdk.GarbageCollection", (event) -> {
			if (isConcurrentCycle(event)) {
				GcEvent.PoolUsage usage = new GcEvent.PoolUsage(old.getUsage().getUsed(), old.getUsage().getMax());
				tracker.accept(new GcEvent(clock.instant(), "G1 Concurrent GC", "end of concurrent cycle (JFR)",
						event.getString("cause"), Map.of("G1 Old Gen", usage), Map.of("G1 Old Gen", usage)));
			}
		});
		stream.startAsync();
		return new JfrCycleListener(stream);
	}

	private static boolean isConcurrentCycle(RecordedEvent event) {
		return "G1Old".equals(event.getString("name"));
	}

	@Override
	public void close() {
		this.stream.close();
	}

}
