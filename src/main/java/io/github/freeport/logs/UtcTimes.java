package io.github.freeport.logs;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Times as the logs write them, in UTC, by hand: {@code 2026-11-29T16:34:34.228353400Z} as
 * {@link Instant#toString()} writes it, and the run id's {@code 20261129-163434}. A test JVM writes its first
 * event on the way out of its first test, and reads the run's events when its session ends: neither should
 * pay for loading {@code java.time}'s formatters and time zones.
 */
final class UtcTimes {

	private UtcTimes() {
	}

	/** As {@link Instant#toString()}: the fraction in groups of three digits, as many as it needs. */
	static String iso(Instant instant) {
		StringBuilder out = new StringBuilder(30);
		long seconds = instant.getEpochSecond();
		date(out, Math.floorDiv(seconds, 86_400), "-");
		out.append('T');
		time(out, (int) Math.floorMod(seconds, 86_400), ":");
		int nanos = instant.getNano();
		if (nanos > 0) {
			out.append('.');
			if (nanos % 1_000_000 == 0) {
				digits(out, nanos / 1_000_000, 3);
			}
			else if (nanos % 1000 == 0) {
				digits(out, nanos / 1000, 6);
			}
			else {
				digits(out, nanos, 9);
			}
		}
		return out.append('Z').toString();
	}

	/** {@code yyyyMMdd-HHmmss} of a time. */
	static String stamp(long epochMillis) {
		long seconds = Math.floorDiv(epochMillis, 1000);
		StringBuilder out = new StringBuilder(15);
		date(out, Math.floorDiv(seconds, 86_400), "");
		out.append('-');
		time(out, (int) Math.floorMod(seconds, 86_400), "");
		return out.toString();
	}

	/**
	 * Reads what {@link #iso} writes ({@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, years 0000-9999); anything else
	 * goes to {@link Instant#parse}.
	 *
	 * @throws DateTimeParseException when the text is no instant
	 */
	static Instant parse(String text) {
		int length = text.length();
		if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
			return Instant.parse(text);
		}
		int year = number(text, 0, 4);
		int month = number(text, 5, 7);
		int day = number(text, 8, 10);
		int hour = number(text, 11, 13);
		int minute = number(text, 14, 16);
		int second = number(text, 17, 19);
		int nanos = 0;
		if (length > 20) {
			int digits = length - 21;
			if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
				return Instant.parse(text);
			}
			nanos = number(text, 20, length - 1);
			for (int i = digits; i < 9; i++) {
				nanos *= 10;
			}
		}
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOf(year, month) || hour > 23 || minute > 59
				|| second > 59 || nanos < 0) {
			return Instant.parse(text); // fails with the message java.time gives
		}
		return Instant.ofEpochSecond(days(year, month, day) * 86_400 + hour * 3600L + minute * 60L + second, nanos);
	}

	/**
	 * As {@link #parse(String)} for ASCII bytes, where they are {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}; null for
	 * anything else, which {@link #parse(String)} then reads or refuses. The logs' times fall on few days, so the
	 * last day's number is kept: a time of that day costs no calendar arithmetic.
	 */
	static Instant parse(byte[] bytes, int from, int to) {
		int length = to - from;
		if (length < 20 || length > 30 || bytes[from + 4] != '-' || bytes[from + 7] != '-' || bytes[from + 10] != 'T'
				|| bytes[from + 13] != ':' || bytes[from + 16] != ':' || bytes[to - 1] != 'Z') {
			return null;
		}
		int y1 = bytes[from] - '0';
		int y2 = bytes[from + 1] - '0';
		int y3 = bytes[from + 2] - '0';
		int y4 = bytes[from + 3] - '0';
		int mo1 = bytes[from + 5] - '0';
		int mo2 = bytes[from + 6] - '0';
		int d1 = bytes[from + 8] - '0';
		int d2 = bytes[from + 9] - '0';
		int h1 = bytes[from + 11] - '0';
		int h2 = bytes[from + 12] - '0';
		int mi1 = bytes[from + 14] - '0';
		int mi2 = bytes[from + 15] - '0';
		int s1 = bytes[from + 17] - '0';
		int s2 = bytes[from + 18] - '0';
		// a digit is 0 to 9: any other byte makes d or 9 - d negative, and so the or of them all
		if ((y1 | 9 - y1 | y2 | 9 - y2 | y3 | 9 - y3 | y4 | 9 - y4 | mo1 | 9 - mo1 | mo2 | 9 - mo2 | d1 | 9 - d1 | d2 | 9 - d2
				| h1 | 9 - h1 | h2 | 9 - h2 | mi1 | 9 - mi1 | mi2 | 9 - mi2 | s1 | 9 - s1 | s2 | 9 - s2) < 0) {
			return null;
		}
		int nanos = 0;
		if (length > 20) {
			int digits = length - 21;
			if (bytes[from + 19] != '.' || digits < 1 || digits > 9) {
				return null;
			}
			nanos = number(bytes, from + 20, to - 1);
			for (int i = digits; i < 9; i++) {
				nanos *= 10;
			}
		}
		int hour = h1 * 10 + h2;
		int minute = mi1 * 10 + mi2;
		int second = s1 * 10 + s2;
		if (hour > 23 || minute > 59 || second > 59 || nanos < 0) {
			return null;
		}
		int year = ((y1 * 10 + y2) * 10 + y3) * 10 + y4;
		int month = mo1 * 10 + mo2;
		int dayOfMonth = d1 * 10 + d2;
		int date = year * 10_000 + month * 100 + dayOfMonth;
		long day;
		long last = lastDay;
		if ((int) (last >>> 32) == date) {
			day = (int) last;
		}
		else {
			if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > lengthOf(year, month)) {
				return null;
			}
			day = days(year, month, dayOfMonth);
			lastDay = (long) date << 32 | day & 0xFFFF_FFFFL;
		}
		return Instant.ofEpochSecond(day * 86_400 + hour * 3600L + minute * 60L + second, nanos);
	}

	/** The last day {@link #parse(byte[], int, int)} worked out: {@code yyyyMMdd << 32 | epoch day}. */
	private static volatile long lastDay = -1;

	private static int number(byte[] bytes, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			int c = bytes[i];
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private static int lengthOf(int year, int month) {
		if (month == 2) {
			return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
		}
		return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
	}

	/** The digits of {@code text} from {@code from} to {@code to} as a number; -1 when any is no digit. */
	private static int number(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	/** Days since 1970-01-01 of a civil date (Howard Hinnant's {@code days_from_civil}). */
	private static long days(long year, int month, int day) {
		long y = month <= 2 ? year - 1 : year;
		long era = Math.floorDiv(y, 400);
		long yearOfEra = y - era * 400;
		long dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
		long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
		return era * 146_097 + dayOfEra - 719_468;
	}

	/** The civil date of a day count since 1970-01-01 (its inverse, {@code civil_from_days}). */
	private static void date(StringBuilder out, long days, String separator) {
		long shifted = days + 719_468;
		long era = Math.floorDiv(shifted, 146_097);
		long dayOfEra = shifted - era * 146_097;
		long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
		long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
		long monthIndex = (5 * dayOfYear + 2) / 153;
		int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
		int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
		long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
		digits(out, (int) year, 4);
		digits(out.append(separator), month, 2);
		digits(out.append(separator), day, 2);
	}

	private static void time(StringBuilder out, int secondOfDay, String separator) {
		digits(out, secondOfDay / 3600, 2);
		digits(out.append(separator), secondOfDay / 60 % 60, 2);
		digits(out.append(separator), secondOfDay % 60, 2);
	}

	private static void digits(StringBuilder out, int value, int width) {
		String text = Integer.toString(value);
		for (int i = text.length(); i < width; i++) {
			out.append('0');
		}
		out.append(text);
	}
}
