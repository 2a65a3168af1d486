package io.github.freeport.logs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leases of a run drawn as inline SVG, a band per fork. Up to {@value RunTally#BARS} leases, each is a bar
 * from allocation to release, labelled with its port, in as many lanes as leases overlapped in its fork.
 * Beyond, a bar per lease would make a page of tens of megabytes that no browser draws well, so each fork's
 * band shows how many leases it held over time, in {@value #COLUMNS} columns, with marks where allocations
 * met refused candidates or waited.
 */
final class Timeline {

	private static final int LABEL_WIDTH = 170;
	private static final int CHART_WIDTH = 1000;
	private static final int LANE_HEIGHT = 18;
	private static final int BAND_GAP = 10;
	private static final int AXIS_HEIGHT = 24;
	/** The columns of time of a large run's bands. */
	static final int COLUMNS = 200;
	/** The shades of a column: from a few leases held to the most any fork held. */
	private static final int LEVELS = 8;
	private static final int OCCUPANCY_HEIGHT = 22;
	private static final int MARK_HEIGHT = 4;
	private static final String LEASE_COLOR = "#3b6fd4";
	private static final String REFUSED_COLOR = "#d99a1e";
	private static final String WAITED_COLOR = "#c2410c";

	private final RunTally tally;

	Timeline(RunTally tally) {
		this.tally = tally;
	}

	static String color(boolean refused, boolean waited) {
		return waited ? WAITED_COLOR : refused ? REFUSED_COLOR : LEASE_COLOR;
	}

	void writeTo(HtmlWriter html) throws IOException {
		html.raw("<h2>Timeline of leases, per fork</h2>\n");
		List<ShownLease> bars = tally.bars();
		if (bars != null) {
			html.raw("<p class=\"legend\">Each bar is one lease, labelled with its port; hover for the test.");
			legend(html, LEASE_COLOR, "first candidate");
			legend(html, REFUSED_COLOR, "after refused candidates");
			legend(html, WAITED_COLOR, "waited for a release");
			html.raw("</p>\n");
			if (bars.isEmpty()) {
				html.raw("<p>No leases were logged in this run.</p>\n");
			}
			else {
				bars(html, bars);
			}
			return;
		}
		Occupancy occupancy = tally.occupancy();
		long column = Math.max(1, (occupancy.last() - occupancy.first()) / COLUMNS);
		html.raw("<p class=\"legend\">").number(tally.allocations()).raw(" leases, more than the ").number(RunTally.BARS)
			.raw(" drawn one by one: each fork's band shows how many leases it held over time, in ").number(COLUMNS)
			.raw(" columns of ").text(duration(column)).raw(" each; the darker, the more (hover a band for its numbers).")
			.raw(" Marks under a band:");
		legend(html, REFUSED_COLOR, "allocations after refused candidates");
		legend(html, WAITED_COLOR, "waits for a release.");
		html.raw(" Each lease is in the JSON Lines files, the first ").number(RunTally.ROWS).raw(" in All allocations below.</p>\n");
		occupancy(html, occupancy);
	}

	private static void legend(HtmlWriter html, String color, String label) throws IOException {
		html.raw("<span style=\"background:").raw(color).raw("\"></span>").text(label);
	}

	private void bars(HtmlWriter html, List<ShownLease> leases) throws IOException {
		long start = Long.MAX_VALUE;
		long end = Long.MIN_VALUE;
		for (ShownLease lease : leases) {
			start = Math.min(start, Occupancy.micros(lease.event().startedAt()));
			end = Math.max(end, Occupancy.micros(lease.event().endedAt()));
		}
		long span = Math.max(1, end - start);
		Map<String, List<List<ShownLease>>> bands = bands(leases);
		int lanes = 0;
		for (List<List<ShownLease>> band : bands.values()) {
			lanes += band.size();
		}
		int height = AXIS_HEIGHT + lanes * LANE_HEIGHT + bands.size() * BAND_GAP + 4;
		axis(html, height, span);
		int y = AXIS_HEIGHT;
		for (Map.Entry<String, List<List<ShownLease>>> band : bands.entrySet()) {
			int bandHeight = band.getValue().size() * LANE_HEIGHT;
			html.raw("<g class=\"fork\"><rect x=\"0\" y=\"").number(y).raw("\" width=\"").number(width())
				.raw("\" height=\"").number(bandHeight).raw("\" fill=\"#f7f8fb\"/>").raw("<text x=\"6\" y=\"").number(y + 13)
				.raw("\" fill=\"#1d2330\">").text(band.getKey()).raw("</text>\n");
			for (List<ShownLease> lane : band.getValue()) {
				for (ShownLease lease : lane) {
					AllocationEvent event = lease.event();
					long leased = Occupancy.micros(event.startedAt());
					double x = LABEL_WIDTH + CHART_WIDTH * (double) (leased - start) / span;
					double w = Math.max(2, CHART_WIDTH * (double) (Occupancy.micros(event.endedAt()) - leased) / span);
					html.raw("<g class=\"lease\"><title>");
					tooltip(html, lease);
					html.raw("</title><rect x=\"").decimal(x).raw("\" y=\"").number(y + 2).raw("\" width=\"").decimal(w)
						.raw("\" height=\"").number(LANE_HEIGHT - 4).raw("\" rx=\"2\" fill=\"")
						.raw(color(lease.refused() > 0, !event.waited().isZero())).raw("\"")
						.raw(event.releasedAt() == null ? " stroke=\"#a3261b\" stroke-dasharray=\"3 2\"" : "").raw("/>");
					if (w >= 34) {
						html.raw("<text x=\"").decimal(x + 3).raw("\" y=\"").number(y + 13).raw("\" fill=\"#fff\">")
							.number(event.port()).raw("</text>");
					}
					html.raw("</g>\n");
				}
				y += LANE_HEIGHT;
			}
			html.raw("</g>\n");
			y += BAND_GAP;
		}
		html.raw("</svg>\n");
	}

	/** Per fork (in order of first lease), lanes of leases that do not overlap. */
	private static Map<String, List<List<ShownLease>>> bands(List<ShownLease> leases) {
		Map<String, List<List<ShownLease>>> bands = new LinkedHashMap<>();
		for (ShownLease lease : leases) {
			AllocationEvent event = lease.event();
			String fork = RunReportPage.fork(event.pid(), event.fork());
			List<List<ShownLease>> lanes = bands.get(fork);
			if (lanes == null) {
				lanes = new ArrayList<>();
				bands.put(fork, lanes);
			}
			List<ShownLease> free = null;
			for (List<ShownLease> lane : lanes) {
				if (!lane.get(lane.size() - 1).event().endedAt().isAfter(event.startedAt())) {
					free = lane;
					break;
				}
			}
			if (free == null) {
				free = new ArrayList<>();
				lanes.add(free);
			}
			free.add(lease);
		}
		return bands;
	}

	private static void tooltip(HtmlWriter html, ShownLease lease) throws IOException {
		AllocationEvent event = lease.event();
		RunReportPage.port(html, event).raw(" — ").text(event.displayName()).raw('\n').text(event.scope()).raw(": ")
			.text(event.element()).raw("\nleased ").text(UtcTimes.iso(event.startedAt())).raw(" in ")
			.text(RunReport.millis(event.duration()));
		if (!event.waited().isZero()) {
			html.raw(" (waited ").text(RunReport.millis(event.waited())).raw(")");
		}
		html.raw("\nreleased ").text(event.releasedAt() == null ? "— not logged" : UtcTimes.iso(event.releasedAt()));
		if (lease.refused() > 0) {
			html.raw("\nrefused: ").text(lease.refusedText());
		}
	}

	private void occupancy(HtmlWriter html, Occupancy occupancy) throws IOException {
		List<Occupancy.Fork> forks = occupancy.forks();
		long span = Math.max(1, occupancy.last() - occupancy.first());
		double columnMicros = (double) span / COLUMNS;
		List<double[][]> columns = new ArrayList<>(forks.size());
		double most = 0;
		for (Occupancy.Fork fork : forks) {
			double[][] data = occupancy.columns(fork, COLUMNS);
			columns.add(data);
			for (double held : data[0]) {
				most = Math.max(most, held / columnMicros);
			}
		}
		int band = OCCUPANCY_HEIGHT + 2 * MARK_HEIGHT + 4;
		int height = AXIS_HEIGHT + forks.size() * (band + BAND_GAP) + 4;
		axis(html, height, span);
		int y = AXIS_HEIGHT;
		for (int f = 0; f < forks.size(); f++) {
			Occupancy.Fork fork = forks.get(f);
			double[][] data = columns.get(f);
			double forkMost = 0;
			for (double held : data[0]) {
				forkMost = Math.max(forkMost, held / columnMicros);
			}
			html.raw("<g class=\"fork\"><title>").text(fork.name).raw(": ").number(fork.leases).raw(" leases, ")
				.number(fork.refusedLeases).raw(" after refused candidates, ").number(fork.waitedLeases)
				.raw(" waited for a release; at most ").decimal(forkMost).raw(" held at once on average over a column of ")
				.text(duration((long) columnMicros)).raw("</title><rect x=\"0\" y=\"").number(y).raw("\" width=\"")
				.number(width()).raw("\" height=\"").number(band).raw("\" fill=\"#f7f8fb\"/><text x=\"6\" y=\"")
				.number(y + 13).raw("\" fill=\"#1d2330\">").text(fork.name).raw("</text><text x=\"6\" y=\"").number(y + 27)
				.raw("\" fill=\"#5b6473\">").number(fork.leases).raw(" leases</text>\n");
			int level = 0;
			int from = 0;
			for (int c = 0; c <= COLUMNS; c++) {
				int next = c == COLUMNS || data[0][c] <= 0 ? 0
						: (int) Math.max(1, Math.min(LEVELS, Math.ceil(LEVELS * data[0][c] / columnMicros / most)));
				if (next != level) {
					if (level > 0) {
						html.raw("<rect x=\"").decimal(x(from)).raw("\" y=\"").number(y + 2).raw("\" width=\"")
							.decimal(x(c) - x(from)).raw("\" height=\"").number(OCCUPANCY_HEIGHT).raw("\" fill=\"")
							.raw(LEASE_COLOR).raw("\" fill-opacity=\"").decimal((double) level / LEVELS).raw("\"/>");
					}
					level = next;
					from = c;
				}
			}
			marks(html, data[2], y + OCCUPANCY_HEIGHT + 3, REFUSED_COLOR);
			marks(html, data[3], y + OCCUPANCY_HEIGHT + 3 + MARK_HEIGHT, WAITED_COLOR);
			html.raw("\n</g>\n");
			y += band + BAND_GAP;
		}
		html.raw("</svg>\n");
	}

	/** A mark under each run of columns where the count is not zero. */
	private static void marks(HtmlWriter html, double[] counts, int y, String color) throws IOException {
		int from = -1;
		for (int c = 0; c <= COLUMNS; c++) {
			boolean marked = c < COLUMNS && counts[c] > 0;
			if (marked && from < 0) {
				from = c;
			}
			else if (!marked && from >= 0) {
				html.raw("<rect x=\"").decimal(x(from)).raw("\" y=\"").number(y).raw("\" width=\"")
					.decimal(Math.max(2, x(c) - x(from))).raw("\" height=\"").number(MARK_HEIGHT - 1).raw("\" fill=\"")
					.raw(color).raw("\"/>");
				from = -1;
			}
		}
	}

	private static double x(int column) {
		return LABEL_WIDTH + (double) CHART_WIDTH * column / COLUMNS;
	}

	private static int width() {
		return LABEL_WIDTH + CHART_WIDTH + 20;
	}

	/** The SVG's start and its time axis: six ticks from the start to the end of the run. */
	private static void axis(HtmlWriter html, int height, long spanMicros) throws IOException {
		html.raw("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").number(width()).raw("\" height=\"")
			.number(height).raw("\" viewBox=\"0 0 ").number(width()).raw(' ').number(height)
			.raw("\" font-family=\"system-ui,sans-serif\" font-size=\"11\">\n");
		for (int tick = 0; tick <= 5; tick++) {
			double x = LABEL_WIDTH + CHART_WIDTH * tick / 5.0;
			html.raw("<line x1=\"").decimal(x).raw("\" y1=\"").number(AXIS_HEIGHT - 6).raw("\" x2=\"").decimal(x)
				.raw("\" y2=\"").number(height).raw("\" stroke=\"#e3e7ee\"/><text x=\"").decimal(x)
				.raw("\" y=\"14\" text-anchor=\"middle\" fill=\"#5b6473\">+").text(duration(spanMicros * tick / 5))
				.raw("</text>\n");
		}
	}

	/** {@code 850 µs}, {@code 350 ms}, {@code 12.5 s}: as the axis labels it. */
	static String duration(long micros) {
		if (micros > 0 && micros < 1000) {
			return micros + " µs";
		}
		if (micros < 1_000_000) {
			return micros / 1000 + " ms";
		}
		long tenths = (micros + 50_000) / 100_000;
		return tenths / 10 + "." + tenths % 10 + " s";
	}
}
