package dev.memleak.heap;

import dev.memleak.core.MemleakAutoConfiguration;
import jdk.jfr.FlightRecorder;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Run in a child JVM by {@link LeakDetectionAutoConfigurationTests}: starts the
 * auto-configured detector with the given properties and prints how it watches G1 marking
 * cycles, and whether anything started the JDK Flight Recorder.
 */
public final class AutoConfiguredCycleSourceProbe {

	private AutoConfiguredCycleSourceProbe() {
	}

	public static void main(String[] properties) {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MemleakAutoConfiguration.class, LeakDetectionAutoConfiguration.class))
			.withPropertyValues(properties)
			.run((context) -> {
				LiveSetTracker tracker = context.getBean(LiveSetTracker.class);
				System.out.println("source " + tracker.cycleSource());
				System.out.println("cycle events " + tracker.hasCycleEvents());
				System.out.println("jfr initialized " + FlightRecorder.isInitialized());
			});
	}

}
