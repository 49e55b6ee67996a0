package dev.memleak.diagnosis;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.memleak.core.FailureRecorder;
import dev.memleak.heap.DetectionResult;
import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakMonitor;
import dev.memleak.heap.LeakStatus;
import dev.memleak.request.RequestAllocationRecorder;
import dev.memleak.request.RouteAllocation;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.LeakSiteMonitor;
import dev.memleak.sites.SitesSettings;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.SnapshotSettings;
import dev.memleak.snapshot.Suspect;
import dev.memleak.task.TaskAllocation;
import dev.memleak.task.TaskAllocationRecorder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Gathers what the other features found (the verdict, the suspects, the leak sites, the
 * routes and tasks, the handler mappings and the evidence still due) and diagnoses it. A
 * failure of its own is counted in {@code memleak.errors{component="diagnosis"}} and
 * gives a diagnosis that says so; the report is never affected.
 *
 * @author memleak
 */
public final class LeakDiagnostician {

	static final String COMPONENT = "diagnosis";

	private final ObjectProvider<LeakMonitor> detection;

	private final ObjectProvider<ClassHistogramSnapshotter> snapshots;

	private final ObjectProvider<LeakSiteMonitor> sites;

	private final ObjectProvider<RequestAllocationRecorder> requests;

	private final ObjectProvider<TaskAllocationRecorder> tasks;

	private final ObjectProvider<HandlerRoutes> routes;

	private final EvidenceSchedule schedule;

	private final LeakDiagnoser diagnoser;

	private final Clock clock;

	private final FailureRecorder failures;

	/**
	 * Create an instance.
	 * @param detection the leak monitor, if detection is on
	 * @param snapshots the heap snapshots, if on
	 * @param sites the leak sites, if on
	 * @param requests the routes served, if measured
	 * @param tasks the tasks run, if measured
	 * @param routes the handler mappings of each web stack
	 * @param schedule the evidence still being gathered
	 * @param sitesSettings the framework packages, if leak sites are on (else their
	 * defaults)
	 * @param properties the bounds
	 * @param clock the time of diagnoses
	 * @param failures where failures of the diagnosis are counted
	 */
	public LeakDiagnostician(ObjectProvider<LeakMonitor> detection, ObjectProvider<ClassHistogramSnapshotter> snapshots,
			ObjectProvider<LeakSiteMonitor> sites, ObjectProvider<RequestAllocationRecorder> requests,
			ObjectProvider<TaskAllocationRecorder> tasks, ObjectProvider<HandlerRoutes> routes,
			EvidenceSchedule schedule, ObjectProvider<SitesSettings> sitesSettings, DiagnosisProperties properties,
			Clock clock, FailureRecorder failures) {
		this.detection = detection;
		this.snapshots = snapshots;
		this.sites = sites;
		this.requests = requests;
		this.tasks = tasks;
		this.routes = routes;
		this.schedule = schedule;
		ClassHistogramSnapshotter snapshotter = snapshots.getIfAvailable();
		this.diagnoser = new LeakDiagnoser(properties.getMaxLeaks(),
				new ApplicationClasses(sitesSettings.getIfAvailable(SitesSettings::defaults).frameworkPackages()),
				(snapshotter != null) ? snapshotter.suspectMinShare() : SnapshotSettings.defaults().suspectMinShare());
		this.clock = clock;
		this.failures = failures;
	}

	/**
	 * Diagnose now. Never throws.
	 * @return the diagnosis
	 */
	public Diagnosis diagnose() {
		try {
			return this.diagnoser.diagnose(evidence());
		}
		catch (RuntimeException ex) {
			this.failures.record(COMPONENT, ex);
			return new Diagnosis(DiagnosisState.NONE,
					"Diagnosis failed (" + ex + "); the other sections are not affected.", List.of(), List.of());
		}
	}

	private Evidence evidence() {
		Instant now = this.clock.instant();
		LeakMonitor monitor = this.detection.getIfAvailable();
		DetectionResult result = (monitor != null) ? monitor.current() : null;
		ClassHistogramSnapshotter snapshotter = this.snapshots.getIfAvailable();
		List<Suspect> suspects = (snapshotter != null) ? snapshotter.suspects() : List.of();
		LeakSiteMonitor siteMonitor = this.sites.getIfAvailable();
		List<LeakSite> leakSites = (siteMonitor != null) ? siteMonitor.sites() : List.of();
		return new Evidence((result != null) ? result.verdict().status() : LeakStatus.UNKNOWN,
				(result != null) ? result.verdict().heap() : HeapSummary.unknown(Runtime.getRuntime().maxMemory()),
				(result != null) ? result.attribution() : null, suspects, leakSites, workloads(),
				this.schedule.pending(now), now);
	}

	private WorkloadResolver workloads() {
		List<RouteMapping> mappings = new ArrayList<>();
		this.routes.orderedStream().forEach((source) -> mappings.addAll(source.routeMappings()));
		RequestAllocationRecorder recorder = this.requests.getIfAvailable();
		List<String> routesServed = (recorder != null)
				? recorder.routes().stream().map(LeakDiagnostician::routeName).toList() : List.of();
		TaskAllocationRecorder taskRecorder = this.tasks.getIfAvailable();
		List<String> tasksRun = (taskRecorder != null)
				? taskRecorder.tasks().stream().map(TaskAllocation::name).filter(LeakDiagnostician::isTaskName).toList()
				: List.of();
		return new WorkloadResolver(mappings, routesServed, tasksRun);
	}

	private static String routeName(RouteAllocation route) {
		return route.method() + " " + route.uri();
	}

	private static boolean isTaskName(@Nullable String name) {
		return name != null && !TaskAllocationRecorder.UNNAMED.equals(name)
				&& !TaskAllocationRecorder.OTHER.equals(name);
	}

}
