package dev.memleak.heap;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each test pass of the build runs on the JDK it names ({@code memleak.test.jdk}, set by
 * the root pom) and with G1. On the JDK 17 pass, G1 sends no concurrent-cycle
 * notifications, so every test of the live-set tracker's JDK 17-19 paths, which assumes
 * exactly that, runs there instead of being skipped.
 */
class TestPassJvmTests {

	@Test
	void eachPassRunsOnTheJdkAndCollectorTheBuildNames() {
		String pass = System.getProperty("memleak.test.jdk");
		if (pass == null) {
			assertThat(System.getenv("CI")).as("with CI=true every test pass runs on a JDK the build names")
				.isNotEqualTo("true");
			return;
		}
		int feature = Runtime.version().feature();
		assertThat(feature).as("the JDK of the %s pass", pass).isEqualTo(Integer.parseInt(pass));
		List<String> collectors = ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.map(GarbageCollectorMXBean::getName)
			.toList();
		assertThat(collectors).contains("G1 Young Generation");
		if (feature < 20) {
			assertThat(collectors).as("G1 on JDK 17 to 19 reports no concurrent cycles")
				.doesNotContain("G1 Concurrent GC");
		}
		else {
			assertThat(collectors).contains("G1 Concurrent GC");
		}
	}

}
