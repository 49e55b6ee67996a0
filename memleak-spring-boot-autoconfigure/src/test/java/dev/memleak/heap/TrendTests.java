package dev.memleak.heap;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrendTests {

	@Test
	void slopeOfAStraightLineIsExact() {
		double[] x = { 0, 10, 20, 30, 40 };
		double[] y = { 100, 150, 200, 250, 300 };
		Trend trend = Trend.fit(x, y);
		assertThat(trend.slope()).isEqualTo(5.0);
		assertThat(trend.valueAt(50)).isEqualTo(350.0);
		assertThat(trend.pIncreasing()).isLessThan(0.05);
	}

	@Test
	void theSlopeAndInterceptAreExactlyTheMediansOfAllPairwiseSlopesAndResiduals() {
		// The medians are found by selection: compared here with sorting, on odd and
		// even counts of slopes, ties, steps and noise.
		Random random = new Random(3);
		for (int n : new int[] { 2, 3, 4, 5, 8, 9, 40, 41, 120 }) {
			for (int run = 0; run < 20; run++) {
				double[] x = new double[n];
				double[] y = new double[n];
				for (int i = 0; i < n; i++) {
					x[i] = 15.0 * i;
					y[i] = (run % 3 == 0) ? Math.floor(random.nextDouble() * 4)
							: 1000 + 3.0 * i + random.nextGaussian();
				}
				java.util.List<Double> slopes = new java.util.ArrayList<>();
				for (int i = 0; i < n; i++) {
					for (int j = i + 1; j < n; j++) {
						slopes.add((y[j] - y[i]) / (x[j] - x[i]));
					}
				}
				double slope = sortedMedian(slopes);
				java.util.List<Double> residuals = new java.util.ArrayList<>();
				for (int i = 0; i < n; i++) {
					residuals.add(y[i] - slope * x[i]);
				}
				Trend trend = Trend.fit(x, y);
				assertThat(trend.slope()).as("n=%d run=%d", n, run).isEqualTo(slope);
				assertThat(trend.intercept()).as("n=%d run=%d", n, run).isEqualTo(sortedMedian(residuals));
			}
		}
	}

	private static double sortedMedian(java.util.List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int mid = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

	@Test
	void outliersDoNotMoveTheSlope() {
		Random random = new Random(7);
		int n = 60;
		double[] x = new double[n];
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = i;
			y[i] = 2.0 * i + random.nextGaussian() + ((i % 4 == 0) ? 500 : 0);
		}
		assertThat(Trend.fit(x, y).slope()).isCloseTo(2.0, within(0.2));
	}

	@Test
	void noiseIsSignificantAboutAsOftenAsTheLevelSays() {
		Random random = new Random(11);
		int significant = 0;
		for (int run = 0; run < 2000; run++) {
			double[] x = new double[40];
			double[] y = new double[40];
			for (int i = 0; i < 40; i++) {
				x[i] = i;
				y[i] = random.nextGaussian();
			}
			if (Trend.fit(x, y).pIncreasing() < 0.05) {
				significant++;
			}
		}
		assertThat(significant / 2000.0).isBetween(0.03, 0.07);
	}

	@Test
	void tiesAreHandledAndAFlatSeriesIsNotGrowing() {
		Trend trend = Trend.fit(new double[] { 0, 1, 2, 3, 4, 5 }, new double[] { 7, 7, 7, 7, 7, 7 });
		assertThat(trend.slope()).isZero();
		assertThat(trend.pIncreasing()).isEqualTo(1.0);
	}

	@Test
	void decreasingSeriesIsNotGrowing() {
		Trend trend = Trend.fit(new double[] { 0, 1, 2, 3, 4, 5, 6, 7 }, new double[] { 9, 8, 7, 6, 5, 4, 3, 2 });
		assertThat(trend.slope()).isEqualTo(-1.0);
		assertThat(trend.confidence()).isLessThan(0.01);
	}

	@Test
	void longSeriesAreThinnedNotRejected() {
		int n = 5000;
		double[] x = new double[n];
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = i;
			y[i] = 3.0 * i;
		}
		Trend trend = Trend.fit(x, y);
		assertThat(trend.n()).isEqualTo(Trend.MAX_POINTS);
		assertThat(trend.slope()).isCloseTo(3.0, within(1e-9));
	}

	@Test
	void normalDistributionIsAccurate() {
		assertThat(Trend.standardNormalCdf(0)).isCloseTo(0.5, within(1e-7));
		assertThat(Trend.standardNormalCdf(1.96)).isCloseTo(0.975, within(1e-4));
		assertThat(Trend.standardNormalCdf(-2.326)).isCloseTo(0.01, within(1e-4));
	}

}
