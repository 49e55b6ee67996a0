package dev.memleak.heap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.memleak.heap.FloorSeries.FloorPoint;

/**
 * Attributes live-set growth to the routes and tasks that ran: regresses the live set's
 * change since the start of the window on each workload's executions over the same
 * interval (least squares with an intercept, forward selection of at most a few
 * workloads), and keeps only estimates that are positive, significant and part of a model
 * that explains the growth. With a poor fit it reports nothing rather than noise.
 *
 * @author memleak
 */
public final class RetentionAttributor {

	/** A coefficient must be this many standard errors away from zero. */
	static final double MIN_T = 3;

	/** The model must explain at least this fraction of the live set's variance. */
	static final double MIN_R_SQUARED = 0.5;

	/** Workloads whose executions correlate above this cannot be told apart. */
	static final double INDISTINGUISHABLE = 0.98;

	// A model that leaves at most this multiple of another's unexplained variance
	// explains
	// the live set about as well.
	static final double UNEXPLAINED_RATIO = 2;

	private static final int CANDIDATES = 8;

	private final int maxWorkloads;

	/**
	 * Create an attributor.
	 * @param maxWorkloads the most workloads in one model
	 */
	public RetentionAttributor(int maxWorkloads) {
		this.maxWorkloads = maxWorkloads;
	}

	/**
	 * Attribute the growth of the floor points to workloads.
	 * @param points floor points of the window
	 * @param counts the execution count history
	 * @return the attribution, possibly empty with the reason
	 */
	public Attribution attribute(List<FloorPoint> points, CountHistory counts) {
		List<String> workloads = counts.workloads();
		List<double[]> rows = new ArrayList<>();
		List<Double> values = new ArrayList<>();
		List<double[]> clock = new ArrayList<>();
		double[] origin = null;
		for (FloorPoint point : points) {
			double[] at = counts.countsAt(point.epochMillis());
			if (at == null) {
				continue;
			}
			if (origin == null) {
				origin = at;
			}
			double[] row = new double[workloads.size()];
			for (int w = 0; w < row.length; w++) {
				row[w] = at[w] - ((w < origin.length) ? origin[w] : 0);
			}
			rows.add(row);
			values.add((double) point.bytes());
			clock.add(new double[] { point.epochMillis() });
		}
		int m = rows.size();
		if (m < 10) {
			return Attribution.none("Too few floor points with execution counts (" + m + ") to attribute growth.");
		}
		double[] y = values.stream().mapToDouble(Double::doubleValue).toArray();
		List<Integer> candidates = candidates(rows, y, workloads.size());
		List<Integer> model = new ArrayList<>();
		LeastSquaresFit fit = null;
		for (int step = 0; step < this.maxWorkloads && !candidates.isEmpty(); step++) {
			LeastSquaresFit best = null;
			Integer bestCandidate = null;
			for (Integer candidate : candidates) {
				List<Integer> trial = new ArrayList<>(model);
				trial.add(candidate);
				LeastSquaresFit trialFit = LeastSquaresFit.of(rows, y, trial);
				if (trialFit != null && trialFit.isAcceptable(MIN_T)
						&& (best == null || trialFit.rSquared > best.rSquared)) {
					best = trialFit;
					bestCandidate = candidate;
				}
			}
			if (best == null || m < best.beta.length + 6) {
				break;
			}
			model.add(bestCandidate);
			candidates.remove(bestCandidate);
			fit = best;
		}
		if (fit == null) {
			return Attribution.none("No route or task explains the live set's growth: the executions do not "
					+ "correlate with it significantly.");
		}
		if (fit.rSquared < MIN_R_SQUARED) {
			return new Attribution(List.of(), fit.rSquared, "The best model explains only "
					+ Math.round(fit.rSquared * 100) + "% of the live set's variance: no attribution is shown.");
		}
		List<Integer> steady = steadyWorkloads(rows, y, clock, fit, model);
		List<RetainedWorkload> result = new ArrayList<>();
		for (int k = 0; k < model.size(); k++) {
			int workload = model.get(k);
			result.add(new RetainedWorkload(workloads.get(workload), fit.beta[k], confidence(fit.t[k]),
					Math.round(rows.get(m - 1)[workload]), indistinguishable(rows, workload, steady, workloads)));
		}
		result
			.sort(Comparator.comparingDouble((RetainedWorkload r) -> r.retainedBytesPerCall() * r.calls()).reversed());
		String note = steady.isEmpty() ? null : "The live set grows at a steady rate, and the workloads in "
				+ "indistinguishableFrom run at steady rates too: the counts cannot tell which of them retains, and "
				+ "the bytes per call are those of the best fit. Heap snapshots and leak sites tell.";
		return new Attribution(result, fit.rSquared, note);
	}

	private static List<Integer> candidates(List<double[]> rows, double[] y, int workloads) {
		List<double[]> ranked = new ArrayList<>();
		for (int w = 0; w < workloads; w++) {
			if (rows.get(rows.size() - 1)[w] <= 0) {
				continue;
			}
			LeastSquaresFit single = LeastSquaresFit.of(rows, y, List.of(w));
			if (single != null && single.beta[0] > 0) {
				ranked.add(new double[] { w, single.rSquared });
			}
		}
		ranked.sort(Comparator.comparingDouble((double[] r) -> r[1]).reversed());
		List<Integer> candidates = new ArrayList<>();
		for (int i = 0; i < Math.min(CANDIDATES, ranked.size()); i++) {
			candidates.add((int) ranked.get(i)[0]);
		}
		return candidates;
	}

	// When time alone explains the live set about as well as the model, the growth is
	// steady, and so is every workload whose executions follow time at least as closely
	// as the live set does (a job every second, a route under even traffic): any of them
	// would fit. Returns them, the model's own excepted; empty if the growth is not
	// steady.
	private static List<Integer> steadyWorkloads(List<double[]> rows, double[] y, List<double[]> clock,
			LeastSquaresFit fit, List<Integer> model) {
		LeastSquaresFit growth = LeastSquaresFit.of(clock, y, List.of(0));
		if (growth == null || (1 - growth.rSquared) > UNEXPLAINED_RATIO * (1 - fit.rSquared)) {
			return List.of();
		}
		List<Integer> steady = new ArrayList<>();
		int workloads = rows.get(0).length;
		for (int w = 0; w < workloads; w++) {
			if (model.contains(w) || rows.get(rows.size() - 1)[w] <= 0) {
				continue;
			}
			double[] executions = new double[rows.size()];
			for (int i = 0; i < executions.length; i++) {
				executions[i] = rows.get(i)[w];
			}
			LeastSquaresFit pace = LeastSquaresFit.of(clock, executions, List.of(0));
			if (pace != null && pace.beta[0] > 0 && pace.rSquared >= growth.rSquared) {
				steady.add(w);
			}
		}
		return steady;
	}

	private static List<String> indistinguishable(List<double[]> rows, int workload, List<Integer> steady,
			List<String> names) {
		List<String> twins = new ArrayList<>();
		for (int other = 0; other < names.size(); other++) {
			if (other != workload && rows.get(rows.size() - 1)[other] > 0
					&& (steady.contains(other) || correlation(rows, workload, other) > INDISTINGUISHABLE)) {
				twins.add(names.get(other));
			}
		}
		return twins;
	}

	// Correlation of the executions per interval: cumulative counts of any two busy
	// workloads correlate, their increments only if their traffic is proportional.
	private static double correlation(List<double[]> rows, int a, int b) {
		int m = rows.size() - 1;
		double meanA = 0;
		double meanB = 0;
		for (int i = 1; i <= m; i++) {
			meanA += (rows.get(i)[a] - rows.get(i - 1)[a]) / m;
			meanB += (rows.get(i)[b] - rows.get(i - 1)[b]) / m;
		}
		double cov = 0;
		double varA = 0;
		double varB = 0;
		for (int i = 1; i <= m; i++) {
			double da = rows.get(i)[a] - rows.get(i - 1)[a] - meanA;
			double db = rows.get(i)[b] - rows.get(i - 1)[b] - meanB;
			cov += da * db;
			varA += da * da;
			varB += db * db;
		}
		return (varA > 0 && varB > 0) ? cov / Math.sqrt(varA * varB) : 0;
	}

	private static double confidence(double t) {
		return 1 - 2 * (1 - Trend.standardNormalCdf(Math.abs(t)));
	}

	/**
	 * The result: workloads that retain memory, the model's R squared, and a note when
	 * nothing is shown.
	 *
	 * @param workloads the retaining workloads, the most retaining first
	 * @param rSquared the fraction of the live set's variance the model explains, or
	 * {@code null}
	 * @param note why nothing is shown, or {@code null}
	 */
	public record Attribution(List<RetainedWorkload> workloads, Double rSquared, String note) {

		public Attribution {
			workloads = List.copyOf(workloads);
		}

		static Attribution none(String note) {
			return new Attribution(List.of(), null, note);
		}

	}

}
