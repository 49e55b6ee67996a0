package dev.memleak.snapshot;

import java.time.Duration;

import dev.memleak.heap.LeakStatusChange;

import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Asks for a snapshot when the leak detector starts suspecting a leak, at most once per
 * {@code memleak.snapshot.on-suspected.min-interval}. The snapshot runs on the snapshot
 * thread, never on the thread that published the change.
 *
 * @author memleak
 */
public final class SuspectedLeakTrigger implements ApplicationListener<PayloadApplicationEvent<LeakStatusChange>> {

	private final SnapshotScheduler scheduler;

	private final Duration minInterval;

	/**
	 * Create an instance.
	 * @param scheduler runs the snapshot
	 * @param minInterval least time since the previous snapshot
	 */
	public SuspectedLeakTrigger(SnapshotScheduler scheduler, Duration minInterval) {
		this.scheduler = scheduler;
		this.minInterval = minInterval;
	}

	@Override
	public void onApplicationEvent(PayloadApplicationEvent<LeakStatusChange> event) {
		if (event.getPayload().entersSuspected()) {
			this.scheduler.requestSnapshot(SnapshotTrigger.LEAK_SUSPECTED, this.minInterval);
		}
	}

}
