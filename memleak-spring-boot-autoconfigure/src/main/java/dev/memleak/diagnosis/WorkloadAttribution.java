package dev.memleak.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.memleak.heap.RetainedWorkload;
import dev.memleak.heap.RetentionAttributor.Attribution;
import dev.memleak.sites.LeakSite;
import org.jspecify.annotations.Nullable;

/**
 * Names the route or task of a leak from its allocation stacks, and compares it with the
 * count regression.
 * <p>
 * On each stack of the site, the outermost frame that is a handler's or a task's names
 * the workload: a handler calls helpers that other handlers may share, and a dispatcher
 * calls the handler. The workload found on the most samples wins; its confidence is the
 * share of the site's samples whose stacks have it. The count regression is independent
 * evidence: when it names the same workload, both would have to be wrong
 * ({@code 1 - (1 - onStack)(1 - regression)}); when it names another one with confidence
 * {@code r}, the stack's share is weighed down to {@code onStack * (1 - r / 2)}; when it
 * cannot tell the two apart or names nothing, the stack's share stands alone.
 *
 * @author memleak
 */
final class WorkloadAttribution {

	private WorkloadAttribution() {
	}

	/**
	 * Find the workload on the stacks of a site's samples.
	 * @param sites the sites sharing the leak's first application frame
	 * @param resolver tells which frames are handlers' and tasks'
	 * @return what was found, or {@code null} if no stack has a handler or task frame
	 */
	static @Nullable OnStack onStack(List<LeakSite> sites, WorkloadResolver resolver) {
		Map<List<Workload>, Found> found = new LinkedHashMap<>();
		int total = 0;
		for (LeakSite site : sites) {
			total += site.samples();
			List<String> lines = site.stackTrace();
			for (int i = lines.size() - 1; i >= 0; i--) {
				StackLine frame = StackLine.parse(lines.get(i));
				List<Workload> workloads = (frame != null) ? resolver.workloadsOf(frame) : List.of();
				if (!workloads.isEmpty()) {
					found.computeIfAbsent(workloads, (key) -> new Found(frame.qualifiedMethod())).samples += site
						.samples();
					break;
				}
			}
		}
		if (found.isEmpty() || total == 0) {
			return null;
		}
		Map.Entry<List<Workload>, Found> best = found.entrySet()
			.stream()
			.max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.samples, b.samples)))
			.orElseThrow();
		List<Workload> others = new ArrayList<>(best.getKey().subList(1, best.getKey().size()));
		found.keySet().stream().filter((key) -> key != best.getKey()).forEach(others::addAll);
		return new OnStack(best.getKey().get(0), best.getKey().size(), others.stream().distinct().toList(),
				best.getValue().handler, (double) best.getValue().samples / total);
	}

	/**
	 * Compare a workload with the count regression.
	 * @param workload the workload on the stack, or {@code null}
	 * @param attribution the count regression, or {@code null} if detection is off
	 * @return the regression's opinion
	 */
	static RegressionOpinion compare(@Nullable Workload workload, @Nullable Attribution attribution) {
		List<RetainedWorkload> named = (attribution != null) ? attribution.workloads() : List.of();
		if (named.isEmpty()) {
			String why = (attribution != null && attribution.note() != null) ? attribution.note()
					: "Leak detection is off.";
			return new RegressionOpinion(Agreement.NO_OPINION, null, null,
					"The count regression names nothing: " + why);
		}
		RetainedWorkload first = named.get(0);
		if (workload == null) {
			return new RegressionOpinion(Agreement.NO_OPINION, first.workload(), first.confidence(),
					"No route or task is on the allocation stack; the count regression names " + first.workload()
							+ ", from execution counts only.");
		}
		String name = workload.retentionName();
		for (RetainedWorkload retained : named) {
			if (retained.workload().equals(name)) {
				return new RegressionOpinion(Agreement.AGREES, retained.workload(), retained.confidence(),
						"The count regression names " + name + " too, at " + bytes(retained.retainedBytesPerCall())
								+ " per call.");
			}
		}
		for (RetainedWorkload retained : named) {
			if (retained.indistinguishableFrom().contains(name)) {
				return new RegressionOpinion(Agreement.CANNOT_TELL_APART, retained.workload(), retained.confidence(),
						"The count regression names " + retained.workload() + " but cannot tell it apart from " + name
								+ ": their executions are proportional or steady.");
			}
		}
		return new RegressionOpinion(Agreement.DISAGREES, first.workload(), first.confidence(),
				"The count regression disagrees: it names " + first.workload() + ", not " + name
						+ "; the allocation stack is direct evidence, the regression a correlation of counts.");
	}

	/**
	 * Return the confidence of a workload found on the stack, given the regression's
	 * opinion.
	 * @param onStackShare the share of samples whose stacks have it
	 * @param alternatives how many workloads the same handler serves (the stack cannot
	 * tell them apart)
	 * @param opinion the regression's opinion
	 * @return the confidence
	 */
	static double confidence(double onStackShare, int alternatives, RegressionOpinion opinion) {
		double stack = onStackShare / Math.max(1, alternatives);
		double regression = (opinion.confidence() != null) ? opinion.confidence() : 0;
		return switch (opinion.agreement()) {
			case AGREES -> Confidences.either(stack, regression);
			case DISAGREES -> stack * (1 - regression / 2);
			case CANNOT_TELL_APART, NO_OPINION -> stack;
		};
	}

	private static String bytes(double bytes) {
		return String.format(Locale.ROOT, "%.1f kB", bytes / 1000);
	}

	/**
	 * The workload found on a site's stacks.
	 *
	 * @param workload the workload on the most samples
	 * @param servedByHandler how many routes its handler serves (1 for a task)
	 * @param alternatives the other routes of the handler, then workloads found on other
	 * samples
	 * @param handler the handler frame, {@code pkg.Class.method}
	 * @param share the share of the site's samples whose stack has it
	 */
	record OnStack(Workload workload, int servedByHandler, List<Workload> alternatives, String handler, double share) {

	}

	private static final class Found {

		private final String handler;

		private int samples;

		Found(String handler) {
			this.handler = handler;
		}

	}

}
