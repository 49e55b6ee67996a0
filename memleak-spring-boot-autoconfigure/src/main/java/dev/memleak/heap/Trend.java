package dev.memleak.heap;

import java.util.Arrays;

/**
 * A robust linear trend: the Theil-Sen slope (the median of all pairwise slopes, unmoved
 * by up to 29% outliers) with a Mann-Kendall test of whether the series increases.
 *
 * @param slope the Theil-Sen slope, in units of y per unit of x
 * @param intercept the median of {@code y - slope * x}
 * @param kendallS the Mann-Kendall statistic
 * @param pIncreasing one-sided p-value of the hypothesis "no increasing trend"
 * @param n the number of points
 * @author memleak
 */
public record Trend(double slope, double intercept, double kendallS, double pIncreasing, int n) {

	/** Points beyond which the series is thinned, keeping the fit O(n^2) cheap. */
	static final int MAX_POINTS = 400;

	/**
	 * Fit a trend to a series.
	 * @param x the abscissae (time), ascending
	 * @param y the values
	 * @return the trend; with fewer than two points a flat trend with p = 1
	 */
	public static Trend fit(double[] x, double[] y) {
		if (x.length != y.length) {
			throw new IllegalArgumentException("x and y differ in length");
		}
		if (x.length > MAX_POINTS) {
			return fit(thin(x, MAX_POINTS), thin(y, MAX_POINTS));
		}
		int n = x.length;
		if (n < 2) {
			return new Trend(0, (n == 1) ? y[0] : 0, 0, 1, n);
		}
		double[] slopes = new double[n * (n - 1) / 2];
		int count = 0;
		long s = 0;
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				double dy = y[j] - y[i];
				s += (dy > 0) ? 1 : ((dy < 0) ? -1 : 0);
				if (x[j] != x[i]) {
					slopes[count++] = dy / (x[j] - x[i]);
				}
			}
		}
		double slope = (count > 0) ? median(Arrays.copyOf(slopes, count)) : 0;
		double[] residuals = new double[n];
		for (int i = 0; i < n; i++) {
			residuals[i] = y[i] - slope * x[i];
		}
		return new Trend(slope, median(residuals), s, pIncreasing(s, y), n);
	}

	/**
	 * Return the fitted value at {@code x}.
	 * @param x the abscissa
	 * @return the fitted y
	 */
	public double valueAt(double x) {
		return this.intercept + this.slope * x;
	}

	/**
	 * Return the confidence that the series increases: {@code 1 - pIncreasing}.
	 * @return a value from 0 to 1
	 */
	public double confidence() {
		return 1.0 - this.pIncreasing;
	}

	// Normal approximation with continuity correction and the variance corrected for
	// ties.
	private static double pIncreasing(long s, double[] y) {
		int n = y.length;
		double[] sorted = y.clone();
		Arrays.sort(sorted);
		double tieTerm = 0;
		int run = 1;
		for (int i = 1; i <= n; i++) {
			if (i < n && sorted[i] == sorted[i - 1]) {
				run++;
			}
			else {
				tieTerm += run * (run - 1.0) * (2.0 * run + 5);
				run = 1;
			}
		}
		double variance = (n * (n - 1.0) * (2.0 * n + 5) - tieTerm) / 18.0;
		if (variance <= 0) {
			return 1;
		}
		double z = (s > 0) ? (s - 1) / Math.sqrt(variance) : ((s < 0) ? (s + 1) / Math.sqrt(variance) : 0);
		return 1 - standardNormalCdf(z);
	}

	static double standardNormalCdf(double z) {
		return 0.5 * (1 + erf(z / Math.sqrt(2)));
	}

	// Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7.
	private static double erf(double x) {
		double sign = Math.signum(x);
		double a = Math.abs(x);
		double t = 1 / (1 + 0.3275911 * a);
		double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
		return sign * (1 - poly * Math.exp(-a * a));
	}

	// By selection, not sorting: the Theil-Sen slope is the median of n(n-1)/2 slopes
	// (7,140 for 120 samples), and sorting them was most of the footprint's judgement.
	// Reorders the array.
	private static double median(double[] values) {
		int mid = values.length / 2;
		double upper = select(values, mid);
		if (values.length % 2 == 1) {
			return upper;
		}
		// After selection every value left of mid is at most the upper middle one.
		double lower = values[0];
		for (int i = 1; i < mid; i++) {
			lower = Math.max(lower, values[i]);
		}
		return (lower + upper) / 2;
	}

	// Quickselect (Hoare partition, median-of-three pivot): the k-th smallest value, with
	// every value left of k at most it and every value right of it at least it.
	private static double select(double[] a, int k) {
		int left = 0;
		int right = a.length - 1;
		while (right > left) {
			int middle = (left + right) >>> 1;
			double pivot = medianOfThree(a[left], a[middle], a[right]);
			int i = left;
			int j = right;
			while (i <= j) {
				while (a[i] < pivot) {
					i++;
				}
				while (a[j] > pivot) {
					j--;
				}
				if (i <= j) {
					double swap = a[i];
					a[i] = a[j];
					a[j] = swap;
					i++;
					j--;
				}
			}
			if (k <= j) {
				right = j;
			}
			else if (k >= i) {
				left = i;
			}
			else {
				return a[k];
			}
		}
		return a[k];
	}

	private static double medianOfThree(double a, double b, double c) {
		return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
	}

	private static double[] thin(double[] values, int size) {
		double[] thinned = new double[size];
		for (int i = 0; i < size; i++) {
			thinned[i] = values[(int) ((long) i * (values.length - 1) / (size - 1))];
		}
		return thinned;
	}

}
