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
