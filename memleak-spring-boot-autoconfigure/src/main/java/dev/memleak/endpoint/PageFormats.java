package dev.memleak.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How the page writes numbers, sizes and times: decimal units as in the report's notes (1
 * MB = 1,000,000 bytes), and times as {@code <time>} elements the page's script turns
 * into the reader's time zone (UTC until it runs).
 *
 * @author memleak
 */
final class PageFormats {

	private static final String[] UNITS = { "B", "kB", "MB", "GB", "TB" };

	private static final DateTimeFormatter UTC_LONG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter UTC_MINUTES = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private PageFormats() {
	}

	static String bytes(@Nullable Number bytes) {
		if (bytes == null) {
			return "-";
		}
		double value = bytes.doubleValue();
		int unit = 0;
		while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
			value /= 1000;
			unit++;
		}
		String pattern = (unit == 0) ? "%.0f %s" : (Math.abs(value) < 10 ? "%.2f %s" : "%.1f %s");
		return String.format(Locale.ROOT, pattern, value, UNITS[unit]);
	}

	static String signedBytes(double bytes) {
		return ((bytes >= 0) ? "+" : "-") + bytes(Math.abs(bytes));
	}

	static String perHour(@Nullable Double bytesPerSecond) {
		return (bytesPerSecond != null) ? signedBytes(bytesPerSecond * 3600) + "/h" : "-";
	}

	static String count(long count) {
		return String.format(Locale.ROOT, "%,d", count);
	}

	static String percent(@Nullable Double fraction) {
		return (fraction != null) ? String.format(Locale.ROOT, "%.0f%%", fraction * 100) : "-";
	}

	static String millis(double millis) {
		return String.format(Locale.ROOT, (millis < 10) ? "%.2f ms" : "%.0f ms", millis);
	}

	static String number(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	/**
	 * Return a chart coordinate with one decimal, without {@link String#format} (which
	 * dominates the rendering time of a full floor series on JDK 17).
	 * @param value the coordinate
	 * @return the coordinate as text
	 */
	static String coordinate(double value) {
		long tenths = Math.round(value * 10);
		long whole = Math.abs(tenths) / 10;
		return ((tenths < 0) ? "-" : "") + whole + "." + (Math.abs(tenths) % 10);
	}

	/**
	 * Write a point in time as a {@code <time>} element: UTC text that the page's script
	 * replaces with the reader's local time.
	 * @param html where to write
	 * @param time the time, or {@code null} for a dash
	 */
	static void time(Html html, @Nullable Instant time) {
		if (time == null) {
			html.text("-");
			return;
		}
		html.element("time", UTC_LONG.format(time), "datetime", time.toString(), "data-time", time.toString());
	}

	/**
	 * Return a chart label for a time (UTC until the script runs).
	 * @param time the time
	 * @param seconds whether to show seconds
	 * @return the label
	 */
	static String shortTime(Instant time, boolean seconds) {
		return (seconds ? UTC_SECONDS : UTC_MINUTES).format(time);
	}

	/**
	 * Return how far a time is from now, in words: {@code in 5 min}, {@code 3 h ago}.
	 * @param time the time
	 * @param now the page's time
	 * @return the distance
	 */
	static String relative(Instant time, Instant now) {
		Duration distance = Duration.between(now, time);
		String amount = duration(distance.abs());
		return distance.isNegative() ? amount + " ago" : "in " + amount;
	}

	static String duration(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 120) {
			return seconds + " s";
		}
		if (seconds < 2 * 3600) {
			return (seconds / 60) + " min";
		}
		if (seconds < 2 * 86400) {
			return (seconds / 3600) + " h";
		}
		return (seconds / 86400) + " days";
	}

}
