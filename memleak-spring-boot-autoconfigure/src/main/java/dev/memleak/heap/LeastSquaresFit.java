package dev.memleak.heap;

import java.util.List;

/**
 * An ordinary least-squares fit with an intercept of a series on some columns of a
 * matrix: coefficients, their t-statistics and the R squared.
 *
 * @author memleak
 */
final class LeastSquaresFit {

	final double[] beta;

	final double[] t;

	final double rSquared;

	private LeastSquaresFit(double[] beta, double[] t, double rSquared) {
		this.beta = beta;
		this.t = t;
		this.rSquared = rSquared;
	}

	/**
	 * Whether every coefficient is positive and at least {@code minT} standard errors
	 * from zero.
	 */
	boolean isAcceptable(double minT) {
		for (int k = 0; k < this.beta.length; k++) {
			if (this.beta[k] <= 0 || this.t[k] < minT) {
				return false;
			}
		}
		return true;
	}

	static LeastSquaresFit of(List<double[]> rows, double[] y, List<Integer> columns) {
		int m = rows.size();
		int k = columns.size();
		if (m <= k + 1) {
			return null;
		}
		double meanY = 0;
		double[] meanX = new double[k];
		for (int i = 0; i < m; i++) {
			meanY += y[i] / m;
			for (int j = 0; j < k; j++) {
				meanX[j] += rows.get(i)[columns.get(j)] / m;
			}
		}
		double[][] xtx = new double[k][k];
		double[] xty = new double[k];
		double tss = 0;
		for (int i = 0; i < m; i++) {
			double dy = y[i] - meanY;
			tss += dy * dy;
			for (int a = 0; a < k; a++) {
				double xa = rows.get(i)[columns.get(a)] - meanX[a];
				xty[a] += xa * dy;
				for (int b = 0; b < k; b++) {
					xtx[a][b] += xa * (rows.get(i)[columns.get(b)] - meanX[b]);
				}
			}
		}
		double[][] inverse = invert(xtx);
		if (inverse == null || tss <= 0) {
			return null;
		}
		double[] beta = new double[k];
		for (int a = 0; a < k; a++) {
			for (int b = 0; b < k; b++) {
				beta[a] += inverse[a][b] * xty[b];
			}
		}
		double rss = 0;
		for (int i = 0; i < m; i++) {
			double predicted = meanY;
			for (int a = 0; a < k; a++) {
				predicted += beta[a] * (rows.get(i)[columns.get(a)] - meanX[a]);
			}
			rss += (y[i] - predicted) * (y[i] - predicted);
		}
		double sigma2 = rss / (m - k - 1);
		double[] t = new double[k];
		for (int a = 0; a < k; a++) {
			double se = Math.sqrt(sigma2 * inverse[a][a]);
			t[a] = (se > 0) ? beta[a] / se : Double.POSITIVE_INFINITY;
		}
		return new LeastSquaresFit(beta, t, 1 - rss / tss);
	}

	// Gauss-Jordan with partial pivoting; null when singular.
	private static double[][] invert(double[][] matrix) {
		int n = matrix.length;
		double[][] a = new double[n][2 * n];
		for (int i = 0; i < n; i++) {
			System.arraycopy(matrix[i], 0, a[i], 0, n);
			a[i][n + i] = 1;
		}
		for (int col = 0; col < n; col++) {
			int pivot = col;
			for (int row = col + 1; row < n; row++) {
				if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
					pivot = row;
				}
			}
			if (Math.abs(a[pivot][col]) < 1e-12 * (1 + Math.abs(matrix[col][col]))) {
				return null;
			}
			double[] swap = a[col];
			a[col] = a[pivot];
			a[pivot] = swap;
			double scale = a[col][col];
			for (int j = 0; j < 2 * n; j++) {
				a[col][j] /= scale;
			}
			for (int row = 0; row < n; row++) {
				if (row != col && a[row][col] != 0) {
					double factor = a[row][col];
					for (int j = 0; j < 2 * n; j++) {
						a[row][j] -= factor * a[col][j];
					}
				}
			}
		}
		double[][] inverse = new double[n][n];
		for (int i = 0; i < n; i++) {
			System.arraycopy(a[i], n, inverse[i], 0, n);
		}
		return inverse;
	}

}
