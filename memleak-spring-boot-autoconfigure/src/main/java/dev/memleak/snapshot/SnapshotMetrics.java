package dev.memleak.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot meters: {@code memleak.snapshot.duration} (tags {@code mode} and
 * {@code outcome}) and {@code memleak.suspect.bytes} for the top suspects only (tags
 * {@code rank} and {@code class}). When the ranking changes, the series of classes that
 * left the top are removed, so at most {@code memleak.snapshot.suspect-meters} exist.
 *
 * @author memleak
 */
final class SnapshotMetrics {

	static final String DURATION = "memleak.snapshot.duration";

	static final String SUSPECT_BYTES = "memleak.suspect.bytes";

	private final @Nullable MeterRegistry registry;

	private final @Nullable MultiGauge suspectBytes;

	private final int suspectMeters;

	SnapshotMetrics(@Nullable MeterRegistry registry, int suspectMeters) {
		this.registry = registry;
		this.suspectMeters = suspectMeters;
		this.suspectBytes = (registry != null && suspectMeters > 0) ? MultiGauge.builder(SUSPECT_BYTES)
			.description("Bytes held, in the latest heap snapshot, by the classes that grow the most across "
					+ "snapshots (rank 1 is the strongest suspect); only the top few classes have a series")
			.baseUnit("bytes")
			.register(registry) : null;
	}

	void recordDuration(SnapshotMode mode, boolean success, Duration duration) {
		if (this.registry != null) {
			Timer.builder(DURATION)
				.description("Time taken by heap snapshots (class histograms); the application is paused about "
						+ "that long")
				.tag("mode", mode.tagValue())
				.tag("outcome", success ? "SUCCESS" : "FAILURE")
				.register(this.registry)
				.record(duration);
		}
	}

	void updateSuspects(List<Suspect> suspects) {
		if (this.suspectBytes == null) {
			return;
		}
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		for (int i = 0; i < Math.min(this.suspectMeters, suspects.size()); i++) {
			Suspect suspect = suspects.get(i);
			rows.add(MultiGauge.Row.of(Tags.of("rank", String.valueOf(i + 1), "class", suspect.className()),
					suspect.bytes()));
		}
		this.suspectBytes.register(rows, true);
	}

}
