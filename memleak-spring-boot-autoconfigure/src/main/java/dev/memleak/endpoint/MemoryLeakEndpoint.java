package dev.memleak.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import dev.memleak.diagnosis.Diagnosis;
import dev.memleak.diagnosis.LeakDiagnostician;
import dev.memleak.escalation.EscalationMonitor;
import dev.memleak.escalation.EscalationNotes;
import dev.memleak.footprint.FootprintMonitor;
import dev.memleak.footprint.FootprintReport;
import dev.memleak.heap.DetectionResult;
import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakMonitor;
import dev.memleak.heap.LeakStatus;
import dev.memleak.request.RequestAllocationRecorder;
import dev.memleak.request.RouteAllocation;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.LeakSiteMonitor;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.SnapshotTrigger;
import dev.memleak.snapshot.Suspect;
import dev.memleak.task.TaskAllocation;
import dev.memleak.task.TaskAllocationRecorder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint that reports whether the application leaks memory, how fast, and what
 * allocates and retains it. Reads are open as the user exposes them; operations that cost
 * a pause or write files are never open by default: they are write operations, and the
 * endpoint's default access is read-only.
 *
 * @author memleak
 */
@Endpoint(id = "memoryleak", defaultAccess = Access.READ_ONLY)
public class MemoryLeakEndpoint {

	private final ObjectProvider<LeakMonitor> detection;

	private final ObjectProvider<RequestAllocationRecorder> requests;

	private final ObjectProvider<TaskAllocationRecorder> tasks;

	private final ObjectProvider<ClassHistogramSnapshotter> snapshots;

	private final ObjectProvider<LeakSiteMonitor> sites;

	private final ObjectProvider<FootprintMonitor> footprint;

	private final ObjectProvider<LeakDiagnostician> diagnostician;

	private final FailureRecorder failures;

	private final ObjectProvider<PauseBudget> pauses;

	private final ObjectProvider<EscalationMonitor> escalation;

	// GET /actuator/memoryleak/{section}
	private final Map<String, Supplier<Object>> sections = Map.of("snapshots", this::snapshotHistory, "sites",
			this::sitesReport);

	// POST /actuator/memoryleak/{action}
	private final Map<String, Supplier<Object>> actions = Map.of("snapshots", this::takeSnapshot, "sites",
			this::emitSites);

	/**
	 * Create an instance.
	 * @param detection the leak monitor, if detection is on
	 * @param requests the request recorder, if request measurement is on
	 * @param tasks the task recorder, if task measurement is on
	 * @param snapshots the heap snapshotter, if heap snapshots are on
	 * @param sites the leak-site monitor, if leak sites are on
	 * @param footprint the footprint monitor, if the footprint is on
	 * @param diagnostician joins suspects, sites and routes or tasks into a diagnosis
	 * @param failures memleak's own failures
	 * @param pauses the pause budget
	 * @param escalation the escalation, if it is on
	 */
	public MemoryLeakEndpoint(ObjectProvider<LeakMonitor> detection, ObjectProvider<RequestAllocationRecorder> requests,
			ObjectProvider<TaskAllocationRecorder> tasks, ObjectProvider<ClassHistogramSnapshotter> snapshots,
			ObjectProvider<LeakSiteMonitor> sites, ObjectProvider<FootprintMonitor> footprint,
			ObjectProvider<LeakDiagnostician> diagnostician, FailureRecorder failures,
			ObjectProvider<PauseBudget> pauses, ObjectProvider<EscalationMonitor> escalation) {
		this.detection = detection;
		this.requests = requests;
		this.tasks = tasks;
		this.snapshots = snapshots;
		this.sites = sites;
		this.footprint = footprint;
		this.diagnostician = diagnostician;
		this.failures = failures;
		this.pauses = pauses;
		this.escalation = escalation;
	}

	/**
	 * Return the report.
	 * @return everything memleak knows now
	 */
	@ReadOperation
	public MemoryLeakReport report() {
		List<String> notes = new ArrayList<>();
		LeakMonitor monitor = this.detection.getIfAvailable();
		DetectionResult result = (monitor != null) ? monitor.current() : null;
		if (result != null) {
			notes.addAll(result.verdict().notes());
		}
		else {
			notes.add("Leak detection is off (memleak.detection.enabled=false): status stays UNKNOWN.");
		}
		FootprintMonitor footprintMonitor = this.footprint.getIfAvailable();
		FootprintReport footprintReport = (footprintMonitor != null) ? footprintMonitor.current() : null;
		notes.addAll((footprintReport != null) ? footprintReport.notes() : List
			.of("The footprint is off (memleak.footprint.enabled=false): nothing outside the heap is watched."));
		RequestAllocationRecorder recorder = this.requests.getIfAvailable();
		List<RouteAllocation> routes = (recorder != null) ? recorder.routes() : List.of();
		if (recorder == null) {
			notes.add("Request measurement is off (memleak.request.enabled=false or not a servlet application).");
		}
		TaskAllocationRecorder taskRecorder = this.tasks.getIfAvailable();
		List<TaskAllocation> taskAllocations = (taskRecorder != null) ? taskRecorder.tasks() : List.of();
		if (taskRecorder == null) {
			notes.add("Task measurement is off (memleak.task.enabled=false).");
		}
		EscalationMonitor escalation = this.escalation.getIfAvailable();
		if (escalation != null) {
			notes.addAll(EscalationNotes.of(escalation.status()));
		}
		ClassHistogramSnapshotter snapshotter = this.snapshots.getIfAvailable();
		List<Suspect> suspects = (snapshotter != null) ? snapshotter.suspects() : List.of();
		notes.addAll((snapshotter != null) ? snapshotter.notes()
				: List.of("Heap snapshots are off (memleak.snapshot.enabled=false): no suspects."));
		LeakSiteMonitor siteMonitor = this.sites.getIfAvailable();
		List<LeakSite> leakSites = (siteMonitor != null) ? siteMonitor.sites() : List.of();
		if (siteMonitor != null) {
			notes.addAll(siteMonitor.notes());
		}
		else {
			notes.add("Leak sites are off (memleak.sites.enabled=false): no allocation sites.");
		}
		LeakDiagnostician diagnoser = this.diagnostician.getIfAvailable();
		Diagnosis diagnosis = (diagnoser != null) ? diagnoser.diagnose() : null;
		if (diagnosis != null) {
			notes.add(0, diagnosis.summary());
		}
		return new MemoryLeakReport((result != null) ? result.verdict().status() : LeakStatus.UNKNOWN,
				(result != null) ? result.verdict().since() : null, diagnosis,
				(result != null) ? result.verdict().heap() : HeapSummary.unknown(Runtime.getRuntime().maxMemory()),
				footprintReport, this.pauses.getIfAvailable(PauseBudget::unlimited).report(),
				(result != null) ? result.attribution() : null, routes, taskAllocations, suspects, leakSites, notes,
				this.failures.counts());
	}

	/**
	 * Return one section of the report in detail: {@code snapshots} lists the heap
	 * snapshot history, {@code sites} the leak-site recording, its sites and heap dumps.
	 * @param section the section
	 * @return the section
	 * @throws InvalidEndpointRequestException (400) for an unknown section
	 */
	@ReadOperation
	public Object detail(@Selector String section) {
		return dispatch(this.sections, "section", section);
	}

	/**
	 * Run an action: {@code snapshots} takes a heap snapshot now (pausing the
	 * application) and returns it; {@code sites} emits the leak sites now (starting the
	 * recording if it waits) and returns them. The status is {@code BUSY} if another
	 * snapshot or emission is running.
	 * @param action the action
	 * @return its result
	 * @throws InvalidEndpointRequestException (400) for an unknown action
	 */
	@WriteOperation
	public Object trigger(@Selector String action) {
		return dispatch(this.actions, "action", action);
	}

	private Object snapshotHistory() {
		ClassHistogramSnapshotter snapshotter = this.snapshots.getIfAvailable();
		return (snapshotter != null) ? snapshotter.historyReport() : snapshotsOff();
	}

	private Object takeSnapshot() {
		ClassHistogramSnapshotter snapshotter = this.snapshots.getIfAvailable();
		return (snapshotter != null) ? snapshotter.takeSnapshot(SnapshotTrigger.ON_DEMAND) : snapshotsOff();
	}

	private Object sitesReport() {
		LeakSiteMonitor monitor = this.sites.getIfAvailable();
		return (monitor != null) ? monitor.report() : sitesOff();
	}

	private Object emitSites() {
		LeakSiteMonitor monitor = this.sites.getIfAvailable();
		return (monitor != null) ? monitor.emitNow() : sitesOff();
	}

	private static FeatureOff sitesOff() {
		return FeatureOff.of("Leak sites", "memleak.sites.enabled");
	}

	private static FeatureOff snapshotsOff() {
		return FeatureOff.of("Heap snapshots", "memleak.snapshot.enabled");
	}

	private static Object dispatch(Map<String, Supplier<Object>> handlers, String kind, String name) {
		Supplier<Object> handler = handlers.get(name);
		if (handler == null) {
			String reason = "Unknown " + kind + " '" + name + "'; known: "
					+ String.join(", ", new TreeSet<>(handlers.keySet()));
			throw new InvalidEndpointRequestException(reason, reason);
		}
		return handler.get();
	}

}
