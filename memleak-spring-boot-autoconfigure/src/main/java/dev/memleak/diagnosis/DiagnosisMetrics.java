package dev.memleak.diagnosis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Publishes {@code memleak.diagnosis.leak}: one series while a leak is named, whose
 * {@code class}, {@code site} and {@code workload} tags an alert annotation can show,
 * valued at the class's confidence. When the top leak changes, the old series is removed,
 * so there is never more than one. Updated on a private daemon thread every
 * {@code memleak.diagnosis.refresh-interval} once the application context runs.
 *
 * @author memleak
 */
public final class DiagnosisMetrics implements MeterBinder, SmartLifecycle {

	static final String LEAK = "memleak.diagnosis.leak";

	static final String UNKNOWN = "unknown";

	static final String NONE = "none";

	private final LeakDiagnostician diagnostician;

	private final Duration interval;

	private volatile @Nullable MultiGauge leak;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create an instance.
	 * @param diagnostician diagnoses
	 * @param interval time between two updates
	 */
	public DiagnosisMetrics(LeakDiagnostician diagnostician, Duration interval) {
		this.diagnostician = diagnostician;
		this.interval = interval;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.leak = MultiGauge.builder(LEAK)
			.description("The top leak of the diagnosis, while one is named: its class, allocation site and route "
					+ "or task as tags; the class's confidence as value")
			.register(registry);
	}

	/**
	 * Update the series from a fresh diagnosis.
	 */
	void refresh() {
		MultiGauge gauge = this.leak;
		if (gauge == null) {
			return;
		}
		Diagnosis diagnosis = this.diagnostician.diagnose();
		if (diagnosis.leaks().isEmpty()) {
			gauge.register(List.of(), true);
			return;
		}
		LeakDiagnosis top = diagnosis.leaks().get(0);
		gauge.register(List.of(MultiGauge.Row.of(tags(top), top.leakingClass().confidence())), true);
	}

	static Tags tags(LeakDiagnosis leak) {
		AllocationSite site = leak.allocationSite();
		WorkloadFinding workload = leak.workload();
		String workloadName = (site == null) ? UNKNOWN
				: (workload == null) ? NONE : new Workload(workload.kind(), workload.name()).retentionName();
		return Tags.of("class", leak.leakingClass().className(), "site", (site != null) ? site.frame() : UNKNOWN,
				"workload", workloadName);
	}

	@Override
	public synchronized void start() {
		if (this.executor == null) {
			this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "memleak-diagnosis");
				thread.setDaemon(true);
				return thread;
			});
			// refresh() never throws: the diagnostician counts its own failures.
			this.executor.scheduleWithFixedDelay(this::refresh, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
