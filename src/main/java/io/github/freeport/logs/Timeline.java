package io.github.freeport.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leases of a run drawn as inline SVG: a band per fork, and in each band as many lanes as leases
 * overlapped there; each bar runs from allocation to release and is labelled with its port.
 */
final class Timeline {

	private static final int LABEL_WIDTH = 170;
	private static final int CHART_WIDTH = 1000;
	private static final int LANE_HEIGHT = 18;
	private static final int BAND_GAP = 10;
	private static final int AXIS_HEIGHT = 24;

	private final List<AllocationEvent> events;

	Timeline(List<AllocationEvent> events) {
		this.events = events;
	}

	static String color(boolean refused, boolean waited) {
		return waited ? "#c2410c" : refused ? "#d99a1e" : "#3b6fd4";
	}

	String render() {
		if (events.isEmpty()) {
			return "<p>No leases were logged in this run.</p>";
		}
		Instant start = events.stream().map(AllocationEvent::startedAt).min(Instant::compareTo).orElseThrow();
		Instant end = events.stream().map(AllocationEvent::endedAt).max(Instant::compareTo).orElseThrow();
		long span = Math.max(1, Duration.between(start, end).toNanos());
		Map<String, List<List<AllocationEvent>>> bands = bands();
		int lanes = bands.values().stream().mapToInt(List::size).sum();
		int height = AXIS_HEIGHT + lanes * LANE_HEIGHT + bands.size() * BAND_GAP + 4;
		int width = LABEL_WIDTH + CHART_WIDTH + 20;
		StringBuilder svg = new StringBuilder();
		svg.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
			.append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
			.append("\" font-family=\"system-ui,sans-serif\" font-size=\"11\">\n");
		for (int tick = 0; tick <= 5; tick++) {
			double x = LABEL_WIDTH + CHART_WIDTH * tick / 5.0;
			svg.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(AXIS_HEIGHT - 6).append("\" x2=\"")
				.append(fmt(x)).append("\" y2=\"").append(height).append("\" stroke=\"#e3e7ee\"/>")
				.append("<text x=\"").append(fmt(x)).append("\" y=\"14\" text-anchor=\"middle\" fill=\"#5b6473\">+")
				.append(seconds(span * tick / 5)).append("</text>\n");
		}
		int y = AXIS_HEIGHT;
		for (Map.Entry<String, List<List<AllocationEvent>>> band : bands.entrySet()) {
			int bandHeight = band.getValue().size() * LANE_HEIGHT;
			svg.append("<g class=\"fork\"><rect x=\"0\" y=\"").append(y).append("\" width=\"").append(width)
				.append("\" height=\"").append(bandHeight).append("\" fill=\"#f7f8fb\"/>")
				.append("<text x=\"6\" y=\"").append(y + 13).append("\" fill=\"#1d2330\">")
				.append(RunReportPage.text(band.getKey())).append("</text>\n");
			for (List<AllocationEvent> lane : band.getValue()) {
				for (AllocationEvent event : lane) {
					double x = LABEL_WIDTH + CHART_WIDTH * (double) Duration.between(start, event.startedAt()).toNanos() / span;
					double w = Math.max(2, CHART_WIDTH * (double) Duration.between(event.startedAt(), event.endedAt()).toNanos() / span);
					svg.append("<g class=\"lease\"><title>").append(RunReportPage.text(tooltip(event))).append("</title>")
						.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(y + 2).append("\" width=\"").append(fmt(w))
						.append("\" height=\"").append(LANE_HEIGHT - 4).append("\" rx=\"2\" fill=\"")
						.append(color(!event.attempts().isEmpty(), !event.waited().isZero())).append("\"")
						.append(event.releasedAt() == null ? " stroke=\"#a3261b\" stroke-dasharray=\"3 2\"" : "").append("/>");
					if (w >= 34) {
						svg.append("<text x=\"").append(fmt(x + 3)).append("\" y=\"").append(y + 13)
							.append("\" fill=\"#fff\">").append(event.port()).append("</text>");
					}
					svg.append("</g>\n");
				}
				y += LANE_HEIGHT;
			}
			svg.append("</g>\n");
			y += BAND_GAP;
		}
		return svg.append("</svg>").toString();
	}

	/** Per fork (in order of first lease), lanes of leases that do not overlap. */
	private Map<String, List<List<AllocationEvent>>> bands() {
		Map<String, List<List<AllocationEvent>>> bands = new LinkedHashMap<>();
		for (AllocationEvent event : events) {
			List<List<AllocationEvent>> lanes = bands.computeIfAbsent(RunReportPage.fork(event), k -> new ArrayList<>());
			List<AllocationEvent> free = null;
			for (List<AllocationEvent> lane : lanes) {
				if (!lane.get(lane.size() - 1).endedAt().isAfter(event.startedAt())) {
					free = lane;
					break;
				}
			}
			if (free == null) {
				free = new ArrayList<>();
				lanes.add(free);
			}
			free.add(event);
		}
		return bands;
	}

	private static String tooltip(AllocationEvent event) {
		return RunReportPage.port(event) + " — " + event.displayName() + "\n" + event.scope() + ": " + event.element()
				+ "\nleased " + event.startedAt() + " in " + RunReport.millis(event.duration())
				+ (event.waited().isZero() ? "" : " (waited " + RunReport.millis(event.waited()) + ")")
				+ "\nreleased " + (event.releasedAt() == null ? "— not logged" : event.releasedAt())
				+ (event.attempts().isEmpty() ? "" : "\nrefused: " + RunReport.attempts(event.attempts()));
	}

	private static String seconds(long nanos) {
		return nanos < 1_000_000_000L ? nanos / 1_000_000 + " ms" : RunReport.oneDecimal(nanos / 1e9) + " s";
	}

	private static String fmt(double value) {
		return RunReport.oneDecimal(value);
	}
}
