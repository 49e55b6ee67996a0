package dev.memleak.sites;

import dev.memleak.heap.LeakStatusChange;

import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Tells the leak-site monitor when the leak detector starts suspecting a leak; the
 * monitor reacts on its own thread, never on the thread that published the change.
 *
 * @author memleak
 */
public final class SuspectedLeakSitesTrigger implements ApplicationListener<PayloadApplicationEvent<LeakStatusChange>> {

	private final LeakSiteMonitor monitor;

	/**
	 * Create an instance.
	 * @param monitor reacts to the suspected leak
	 */
	public SuspectedLeakSitesTrigger(LeakSiteMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void onApplicationEvent(PayloadApplicationEvent<LeakStatusChange> event) {
		if (event.getPayload().entersSuspected()) {
			this.monitor.leakSuspected();
		}
	}

}
