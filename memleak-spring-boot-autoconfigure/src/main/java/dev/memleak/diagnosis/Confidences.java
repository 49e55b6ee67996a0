package dev.memleak.diagnosis;

/**
 * The arithmetic of confidences: each is a probability-like number from 0 to 1 computed
 * from counts of evidence, never a constant.
 *
 * @author memleak
 */
final class Confidences {

	private Confidences() {
	}

	/**
	 * Return one minus the one-sided sign-test p-value: how unlikely it is that a class
	 * whose bytes only fluctuate rose in at least {@code rising} of {@code intervals}
	 * intervals, each rise or fall being equally likely.
	 * @param rising intervals in which it rose
	 * @param intervals intervals observed
	 * @return the confidence; 0 without intervals
	 */
	static double signTest(int rising, int intervals) {
		if (intervals <= 0 || rising <= 0) {
			return 0;
		}
		double tail = 0;
		for (int k = Math.min(rising, intervals); k <= intervals; k++) {
			tail += binomial(intervals, k);
		}
		return 1 - tail / Math.pow(2, intervals);
	}

	/**
	 * Combine two independent pieces of evidence for the same answer: the answer is wrong
	 * only if both are.
	 * @param a the confidence of one
	 * @param b the confidence of the other
	 * @return {@code 1 - (1 - a)(1 - b)}
	 */
	static double either(double a, double b) {
		return 1 - (1 - a) * (1 - b);
	}

	/**
	 * Round a confidence to two decimals for the report.
	 * @param confidence the confidence
	 * @return it, rounded and clamped to 0..1
	 */
	static double rounded(double confidence) {
		return Math.round(Math.max(0, Math.min(1, confidence)) * 100) / 100.0;
	}

	private static double binomial(int n, int k) {
		double result = 1;
		for (int i = 1; i <= k; i++) {
			result = result * (n - k + i) / i;
		}
		return result;
	}

}
