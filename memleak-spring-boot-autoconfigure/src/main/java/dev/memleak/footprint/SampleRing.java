package dev.memleak.footprint;

import java.util.Arrays;

/**
 * The latest values of one series, at most a fixed number; the oldest are overwritten.
 *
 * @author memleak
 */
final class SampleRing {

	private final long[] times;

	private final double[] values;

	private int start;

	private int size;

	SampleRing(int capacity) {
		this.times = new long[capacity];
		this.values = new double[capacity];
	}

	void add(long epochMillis, double value) {
		int slot = (this.start + this.size) % this.times.length;
		if (this.size < this.times.length) {
			this.size++;
		}
		else {
			this.start = (this.start + 1) % this.times.length;
		}
		this.times[slot] = epochMillis;
		this.values[slot] = value;
	}

	double last() {
		return (this.size > 0) ? this.values[(this.start + this.size - 1) % this.times.length] : Double.NaN;
	}

	int size() {
		return this.size;
	}

	/**
	 * Return the samples taken at or after a moment, oldest first.
	 * @param fromMillis the moment
	 * @return the samples
	 */
	Window since(long fromMillis) {
		long[] t = new long[this.size];
		double[] v = new double[this.size];
		int n = 0;
		for (int i = 0; i < this.size; i++) {
			int slot = (this.start + i) % this.times.length;
			if (this.times[slot] >= fromMillis) {
				t[n] = this.times[slot];
				v[n] = this.values[slot];
				n++;
			}
		}
		return new Window(Arrays.copyOf(t, n), Arrays.copyOf(v, n));
	}

	/**
	 * Samples of one series in time order.
	 *
	 * @param times epoch milliseconds
	 * @param values the values
	 */
	record Window(long[] times, double[] values) {

		int size() {
			return this.times.length;
		}

		long spanMillis() {
			return (this.times.length > 1) ? this.times[this.times.length - 1] - this.times[0] : 0;
		}

		double last() {
			return (this.values.length > 0) ? this.values[this.values.length - 1] : Double.NaN;
		}

		Window between(long fromMillis, long toMillis) {
			int first = 0;
			while (first < this.times.length && this.times[first] < fromMillis) {
				first++;
			}
			int end = first;
			while (end < this.times.length && this.times[end] <= toMillis) {
				end++;
			}
			return new Window(Arrays.copyOfRange(this.times, first, end), Arrays.copyOfRange(this.values, first, end));
		}

	}

}
