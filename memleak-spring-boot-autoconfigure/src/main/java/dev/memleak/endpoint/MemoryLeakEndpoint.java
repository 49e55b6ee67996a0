package dev.memleak.endpoint;

import java.util.ArrayList;
import java.util.List;

import dev.memleak.core.FailureRecorder;
import dev.memleak.heap.DetectionResult;
import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakMonitor;
import dev.memleak.heap.LeakStatus;
import dev.memleak.request.RequestAllocationRecorder;
import dev.memleak.request.RouteAllocation;
import dev.memleak.task.TaskAllocation;
import dev.memleak.task.TaskAllocationRecorder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint that reports whether the application leaks memory, how fast, and what
 * allocates and retains it. Reads are open as the user exposes them; operations that cost
 * a pause or write files are never open by default.
 *
 * @author memleak
 */
@Endpoint(id = "memoryleak", defaultAccess = Access.READ_ONLY)
public class MemoryLeakEndpoint {

	private final ObjectProvider<LeakMonitor> detection;

	private final ObjectProvider<RequestAllocationRecorder> requests;

	private final ObjectProvider<TaskAllocationRecorder> tasks;

	private final FailureRecorder failures;

	/**
	 * Create an instance.
	 * @param detection the leak monitor, if detection is on
	 * @param requests the request recorder, if request measurement is on
	 * @param tasks the task recorder, if task measurement is on
	 * @param failures memleak's own failures
	 */
	public MemoryLeakEndpoint(ObjectProvider<LeakMonitor> detection, ObjectProvider<RequestAllocationRecorder> requests,
			ObjectProvider<TaskAllocationRecorder> tasks, FailureRecorder failures) {
		this.detection = detection;
		this.requests = requests;
		this.tasks = tasks;
		this.failures = failures;
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
			notes.addAll(result.nonHeap().notes());
		}
		else {
			notes.add("Leak detection is off (memleak.detection.enabled=false): status stays UNKNOWN.");
		}
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
		return new MemoryLeakReport((result != null) ? result.verdict().status() : LeakStatus.UNKNOWN,
				(result != null) ? result.verdict().since() : null,
				(result != null) ? result.verdict().heap() : HeapSummary.unknown(Runtime.getRuntime().maxMemory()),
				(result != null) ? result.attribution() : null, (result != null) ? result.nonHeap() : null, routes,
				taskAllocations, List.of(), List.of(), notes, this.failures.counts());
	}

}
