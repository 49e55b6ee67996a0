package dev.memleak.diagnosis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tells which route or task a stack frame belongs to: a frame of a handler method names
 * its routes, a frame of a task's method names the task.
 * <ul>
 * <li>Routes come from the handler mappings; the body of a lambda written in a handler
 * method ({@code lambda$owner$0}, run later by a reactive pipeline or an asynchronous
 * request) counts as that handler. A handler's pattern is named with the HTTP methods the
 * {@code requests} section recorded for it, so that the name is the one that section and
 * the count regression use ({@code GET /owners/{id}}); a route nobody requested yet is
 * named with the methods its mapping declares.</li>
 * <li>Tasks are the names the {@code tasks} section recorded: {@code Class.method} of an
 * {@code @Async} or {@code @Scheduled} method matches a frame of that method in a class
 * of that simple name; {@code Class.lambda} a lambda's frame in that class; a bare class
 * name its {@code run} or {@code call} frame.</li>
 * </ul>
 *
 * @author memleak
 */
final class WorkloadResolver {

	private static final Set<String> TASK_ENTRY_METHODS = Set.of("run", "call");

	private static final String LAMBDA_SUFFIX = ".lambda";

	private static final String LAMBDA_METHOD = "lambda$";

	private final Map<String, List<RouteMapping>> handlers = new HashMap<>();

	private final Map<String, Set<String>> recordedMethods = new HashMap<>();

	private final Set<String> tasks;

	/**
	 * Create an instance.
	 * @param mappings the handler methods and their routes
	 * @param recordedRoutes routes served so far, {@code GET /owners/{id}}
	 * @param recordedTasks task names recorded so far, {@code InvoiceArchiveJob.archive}
	 */
	WorkloadResolver(Collection<RouteMapping> mappings, Collection<String> recordedRoutes,
			Collection<String> recordedTasks) {
		for (RouteMapping mapping : mappings) {
			this.handlers.computeIfAbsent(mapping.handler(), (key) -> new ArrayList<>()).add(mapping);
		}
		for (String route : recordedRoutes) {
			int space = route.indexOf(' ');
			if (space > 0) {
				this.recordedMethods.computeIfAbsent(route.substring(space + 1), (key) -> new TreeSet<>())
					.add(route.substring(0, space));
			}
		}
		this.tasks = Set.copyOf(recordedTasks);
	}

	/**
	 * Return the routes or tasks a frame belongs to.
	 * @param frame a frame of an allocation stack
	 * @return the workloads, several when a handler serves several routes; empty when the
	 * frame is no handler's and no task's
	 */
	List<Workload> workloadsOf(StackLine frame) {
		Set<Workload> workloads = new LinkedHashSet<>();
		List<RouteMapping> mappings = this.handlers.get(frame.qualifiedMethod());
		if (mappings == null && frame.enclosingMethod() != null) {
			mappings = this.handlers.get(frame.enclosingMethod());
		}
		for (RouteMapping mapping : (mappings != null) ? mappings : List.<RouteMapping>of()) {
			for (String pattern : new TreeSet<>(mapping.patterns())) {
				for (String method : methodsOf(mapping, pattern)) {
					workloads
						.add(new Workload(WorkloadKind.ROUTE, method.isEmpty() ? pattern : method + " " + pattern));
				}
			}
		}
		String simpleName = frame.simpleClassName();
		for (String task : new TreeSet<>(this.tasks)) {
			if (isTaskFrame(task, simpleName, frame.method())) {
				workloads.add(new Workload(WorkloadKind.TASK, task));
			}
		}
		return List.copyOf(workloads);
	}

	private Set<String> methodsOf(RouteMapping mapping, String pattern) {
		Set<String> recorded = this.recordedMethods.getOrDefault(pattern, Set.of());
		Set<String> methods = new TreeSet<>();
		for (String method : recorded) {
			if (mapping.methods().isEmpty() || mapping.methods().contains(method)) {
				methods.add(method);
			}
		}
		if (methods.isEmpty()) {
			methods.addAll(mapping.methods());
		}
		return methods.isEmpty() ? Set.of("") : methods;
	}

	private static boolean isTaskFrame(String task, String simpleClassName, String method) {
		int dot = task.lastIndexOf('.');
		if (dot < 0) {
			return task.equals(simpleClassName) && TASK_ENTRY_METHODS.contains(method);
		}
		if (!task.substring(0, dot).equals(simpleClassName)) {
			return false;
		}
		return task.endsWith(LAMBDA_SUFFIX) ? method.startsWith(LAMBDA_METHOD) : task.substring(dot + 1).equals(method);
	}

}
