package dev.memleak.endpoint;

import java.util.List;

import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.request.RequestMemoryAutoConfiguration;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.ClassHistogramSource;
import dev.memleak.snapshot.HeapSnapshot;
import dev.memleak.snapshot.SnapshotAutoConfiguration;
import dev.memleak.snapshot.SnapshotHistoryReport;
import dev.memleak.snapshot.SnapshotStatus;
import dev.memleak.snapshot.SnapshotTrigger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The heap snapshot parts of the endpoint: suspects in the report, the snapshot history
 * and taking a snapshot on demand.
 */
class MemoryLeakEndpointSnapshotsTests {

	private static final String HISTOGRAM = """
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:            10           1000  [B (java.base@17.0.15)
			   2:            10            240  java.lang.String (java.base@17.0.15)
			Total            20           1240
			""";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, MemleakAutoConfiguration.class,
				RequestMemoryAutoConfiguration.class, SnapshotAutoConfiguration.class,
				MemoryLeakEndpointAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withBean(ClassHistogramSource.class, () -> (mode) -> HISTOGRAM)
		.withPropertyValues("management.endpoints.web.exposure.include=memoryleak");

	@Test
	void triggerTakesASnapshotNowAndReturnsIt() {
		this.contextRunner.run((context) -> {
			Object result = context.getBean(MemoryLeakEndpoint.class).trigger("snapshots");
			assertThat(result).isInstanceOfSatisfying(HeapSnapshot.class, (snapshot) -> {
				assertThat(snapshot.status()).isEqualTo(SnapshotStatus.COMPLETED);
				assertThat(snapshot.trigger()).isEqualTo(SnapshotTrigger.ON_DEMAND);
				assertThat(snapshot.totalBytes()).isEqualTo(1240);
				assertThat(snapshot.classes()).hasSize(2);
			});
			assertThat(context.getBean(ClassHistogramSnapshotter.class).history())
				.containsExactly((HeapSnapshot) result);
		});
	}

	@Test
	void snapshotsSectionListsTheHistory() {
		this.contextRunner.run((context) -> {
			MemoryLeakEndpoint endpoint = context.getBean(MemoryLeakEndpoint.class);
			endpoint.trigger("snapshots");
			endpoint.trigger("snapshots");
			assertThat(endpoint.detail("snapshots")).isInstanceOfSatisfying(SnapshotHistoryReport.class, (history) -> {
				assertThat(history.available()).isTrue();
				assertThat(history.snapshots()).hasSize(2)
					.allSatisfy((snapshot) -> assertThat(snapshot.totalBytes()).isEqualTo(1240));
			});
		});
	}

	@Test
	void unknownSectionIsABadRequestThatNamesTheKnownOnes() {
		this.contextRunner.run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> context.getBean(MemoryLeakEndpoint.class).detail("heapdump"))
			.satisfies((ex) -> assertThat(ex.getReason())
				.isEqualTo("Unknown section 'heapdump'; known: sites, snapshots")));
	}

	@Test
	void unknownActionIsABadRequestThatNamesTheKnownOnes() {
		this.contextRunner.run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> context.getBean(MemoryLeakEndpoint.class).trigger("gc"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("Unknown action 'gc'; known: sites, snapshots")));
	}

	@Test
	void reportCarriesTheSuspectsAndTheSnapshotNotes() {
		this.contextRunner.run((context) -> {
			MemoryLeakReport report = context.getBean(MemoryLeakEndpoint.class).report();
			assertThat(report.suspects()).isEmpty();
			assertThat(report.notes()).anyMatch((note) -> note.contains("memleak.snapshot.suspect-min-snapshots"));
		});
	}

	@Test
	void snapshotsOffAreReportedNotFailed() {
		this.contextRunner.withPropertyValues("memleak.snapshot.enabled=false").run((context) -> {
			MemoryLeakEndpoint endpoint = context.getBean(MemoryLeakEndpoint.class);
			FeatureOff off = new FeatureOff("OFF", "Heap snapshots are off (memleak.snapshot.enabled=false).");
			assertThat(endpoint.detail("snapshots")).isEqualTo(off);
			assertThat(endpoint.trigger("snapshots")).isEqualTo(off);
			assertThat(endpoint.report().suspects()).isEqualTo(List.of());
			assertThat(endpoint.report().notes()).anyMatch((note) -> note.contains("memleak.snapshot.enabled=false"));
		});
	}

}
