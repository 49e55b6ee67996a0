package dev.memleak.sample.ops;

import java.util.Locale;

/**
 * Writes a series of samples, one a minute, in promtool's expanding notation: runs of
 * equal values as {@code vxN}, arithmetic runs as {@code a+bxN}, gaps as {@code _xN}.
 *
 * @author memleak
 */
final class PromtoolSeries {

	private PromtoolSeries() {
	}

	/**
	 * Return the values of a series from minute 0 to {@code minutes}.
	 * @param series the series
	 * @param minutes the last minute
	 * @return the expanding notation of promtool's {@code values}
	 */
	static String values(SyntheticFleet.Series series, int minutes) {
		double[] values = new double[minutes + 1];
		for (int m = 0; m <= minutes; m++) {
			values[m] = series.value(m);
		}
		return encode(values);
	}

	static String encode(double[] values) {
		StringBuilder out = new StringBuilder();
		int i = 0;
		while (i < values.length) {
			if (out.length() > 0) {
				out.append(' ');
			}
			double v = values[i];
			if (SyntheticFleet.isAbsent(v)) {
				int j = i;
				while (j + 1 < values.length && SyntheticFleet.isAbsent(values[j + 1])) {
					j++;
				}
				out.append((j == i) ? "_" : "_x" + (j - i + 1));
				i = j + 1;
				continue;
			}
			if (Double.isNaN(v)) {
				out.append("NaN");
				i++;
				continue;
			}
			int j = i;
			double step = 0;
			if (i + 1 < values.length && isNumber(values[i + 1])) {
				step = values[i + 1] - v;
				j = i + 1;
				while (j + 1 < values.length && isNumber(values[j + 1])
						&& Math.abs(values[j + 1] - values[j] - step) <= 1e-9 * Math.max(1, Math.abs(step))) {
					j++;
				}
			}
			if (j == i) {
				out.append(format(v));
			}
			else if (step == 0) {
				out.append(format(v)).append('x').append(j - i);
			}
			else {
				out.append(format(v))
					.append((step > 0) ? '+' : '-')
					.append(format(Math.abs(step)))
					.append('x')
					.append(j - i);
			}
			i = j + 1;
		}
		return out.toString();
	}

	private static boolean isNumber(double value) {
		return !Double.isNaN(value);
	}

	static String format(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return String.format(Locale.ROOT, "%.6g", value).replace("e+", "e");
	}

}
