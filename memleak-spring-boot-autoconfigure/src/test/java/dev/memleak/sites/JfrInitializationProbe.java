package dev.memleak.sites;

import java.nio.file.Files;

import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.heap.LeakDetectionAutoConfiguration;
import jdk.jfr.FlightRecorder;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Run in a child JVM by {@link JfrInitializationTests} with
 * {@code -Xlog:redefine+class+nmethod=debug}: starts the auto-configured leak sites with
 * the given properties, prints whether JDK Flight Recorder was initialized, then warms a
 * method up and starts the recording, printing a marker before and after, so that the
 * JVM's log of discarded compiled code falls before or after the markers.
 */
public final class JfrInitializationProbe {

	private static volatile long sink;

	private JfrInitializationProbe() {
	}

	public static void main(String[] properties) throws Exception {
		String directory = Files.createTempDirectory("memleak-jfr-init").toString();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class,
					LeakDetectionAutoConfiguration.class, SitesAutoConfiguration.class))
			.withPropertyValues(properties)
			.withPropertyValues("memleak.sites.directory=" + directory)
			.run((context) -> {
				if (context.getStartupFailure() != null) {
					throw new IllegalStateException(context.getStartupFailure());
				}
				System.out.println("started; jfr initialized " + FlightRecorder.isInitialized());
				for (int i = 0; i < 200_000; i++) {
					sink += work(i);
				}
				System.out.println("warm; starting the recording");
				boolean recording = context.getBean(LeakSiteMonitor.class).startGathering();
				System.out.println("recording " + recording);
			});
	}

	private static long work(int i) {
		return Long.rotateLeft(i * 31L, i & 7) ^ sink;
	}

}
