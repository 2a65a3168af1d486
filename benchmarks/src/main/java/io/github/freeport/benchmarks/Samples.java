package io.github.freeport.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Order statistics of measured values, and how the page prints a list of them. */
final class Samples {

	private Samples() {
	}

	static double median(double[] values) {
		return percentile(values, 0.5);
	}

	static double median(List<Double> values) {
		return percentile(values, 0.5);
	}

	/** The value at {@code p} (0-1) of the sorted values: the lower one where it falls between two. */
	static double percentile(double[] values, double p) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
	}

	static double percentile(List<Double> values, double p) {
		double[] array = new double[values.size()];
		for (int i = 0; i < array.length; i++) {
			array[i] = values.get(i);
		}
		return percentile(array, p);
	}

	static double max(double[] values) {
		double max = Double.NEGATIVE_INFINITY;
		for (double v : values) {
			max = Math.max(max, v);
		}
		return max;
	}

	static double min(double[] values) {
		double min = Double.POSITIVE_INFINITY;
		for (double v : values) {
			min = Math.min(min, v);
		}
		return min;
	}

	/** The values in a comma-separated list, each in {@code format}. */
	static String join(double[] values, String format) {
		StringBuilder s = new StringBuilder();
		for (double v : values) {
			s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, v));
		}
		return s.toString();
	}
}
