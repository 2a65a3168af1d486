package io.github.freeport.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.config.Configuration.Setting;

/** The HTML of a run report: one page, inline CSS and SVG, no scripts and no network resources. */
final class RunReportPage {

	private static final int TABLE_LIMIT = 2000;
	private static final String STYLE = """
		body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;background:#fff}
		h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
		.meta{color:#5b6473;margin:0 0 16px}code{font:12px ui-monospace,monospace}
		dl.summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:0}
		dl.summary div{border:1px solid #d6dbe3;border-radius:6px;padding:8px 12px}
		dt{color:#5b6473;font-size:12px}dd{margin:0;font-size:20px;font-weight:600}
		table{border-collapse:collapse;width:100%;font-size:12px}
		th,td{border-bottom:1px solid #e3e7ee;padding:3px 6px;text-align:left;vertical-align:top}
		th{background:#f4f6f9}td.n{text-align:right;font-variant-numeric:tabular-nums}
		.problems,.differs{color:#a3261b}svg{max-width:100%;height:auto;border:1px solid #e3e7ee}
		.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:-2px}
		""";

	private final RunReport report;

	RunReportPage(RunReport report) {
		this.report = report;
	}

	String render() {
		StringBuilder html = new StringBuilder(16_384 + report.events().size() * 600);
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
			.append("<meta name=\"generator\" content=\"freeport\"><title>freeport run ").append(text(report.runId()))
			.append("</title><style>").append(STYLE).append("</style></head><body>\n");
		html.append("<h1>freeport run <code>").append(text(report.runId())).append("</code></h1>\n");
		html.append("<p class=\"meta\">").append(report.fileCount()).append(" fork files in <code>")
			.append(text(report.runFolder().toAbsolutePath().toString())).append("</code>, report built ")
			.append(text(Instant.now().toString())).append("</p>\n");
		if (!report.problems().isEmpty()) {
			html.append("<ul class=\"problems\">");
			report.problems().stream().limit(50).forEach(p -> html.append("<li>").append(text(p)).append("</li>"));
			html.append("</ul>\n");
		}
		summary(html);
		html.append("<h2>Timeline of leases, per fork</h2>\n");
		html.append("<p class=\"legend\">Each bar is one lease, labelled with its port; hover for the test.")
			.append("<span style=\"background:").append(Timeline.color(false, false)).append("\"></span>first candidate")
			.append("<span style=\"background:").append(Timeline.color(true, false)).append("\"></span>after refused candidates")
			.append("<span style=\"background:").append(Timeline.color(true, true)).append("\"></span>waited for a release</p>\n");
		html.append(new Timeline(report.events()).render()).append('\n');
		table(html, "slowest", "Slowest allocations", report.slowest(10), List.of(
			column("took", e -> RunReport.millis(e.duration()), true), column("port", RunReportPage::port, true),
			column("refused", e -> String.valueOf(e.attempts().size()), true), column("test", AllocationEvent::displayName, false),
			column("declared", AllocationEvent::element, false)));
		table(html, "waits", "Waits for an exhausted range", report.exhaustionWaits(), List.of(
			column("waited", e -> RunReport.millis(e.waited()), true), column("port", RunReportPage::port, true),
			column("test", AllocationEvent::displayName, false), column("strategy", AllocationEvent::strategy, false)));
		conflicts(html);
		failures(html);
		notices(html);
		configuration(html);
		table(html, "allocations", "All allocations", report.events(), List.of(
			column("leased", e -> e.startedAt().toString(), false), column("port", RunReportPage::port, true),
			column("took", e -> RunReport.millis(e.duration()), true),
			column("released", e -> e.releasedAt() == null ? "not logged" : e.releasedAt().toString(), false),
			column("fork", RunReportPage::fork, false), column("scope", AllocationEvent::scope, false),
			column("test", e -> e.displayName() + "\n" + e.test(), false),
			column("refused", e -> RunReport.attempts(e.attempts()), false)));
		html.append("</body></html>\n");
		return html.toString();
	}

	private void summary(StringBuilder html) {
		html.append("<section id=\"summary\"><h2>Summary</h2><dl class=\"summary\">");
		card(html, "allocations", report.events().size());
		card(html, "tests", report.testCount());
		card(html, "forks", report.forkCount());
		card(html, "conflicts met (refused candidates)", report.refusedCount());
		for (Map.Entry<Refusal, Long> refusal : report.refusals().entrySet()) {
			card(html, "… " + RunReport.label(refusal.getKey()), refusal.getValue());
		}
		card(html, "exhaustion waits", report.exhaustionWaits().size());
		card(html, "failed allocations", report.failures().size());
		card(html, "reservations not closed", report.notices().size());
		if (!report.events().isEmpty()) {
			html.append("<div><dt>slowest allocation</dt><dd>").append(text(RunReport.millis(report.slowest(1).get(0).duration())))
				.append("</dd></div>");
		}
		html.append("</dl></section>\n");
	}

	private static void card(StringBuilder html, String label, long value) {
		html.append("<div><dt>").append(text(label)).append("</dt><dd>").append(value).append("</dd></div>");
	}

	private void conflicts(StringBuilder html) {
		html.append("<section id=\"conflicts\"><h2>Conflicts met</h2>\n");
		if (report.refusedCount() == 0) {
			html.append("<p>None: every allocation took its first candidate.</p></section>\n");
			return;
		}
		html.append("<table><tr><th>port</th><th>refused because</th><th>holder</th><th>for test</th></tr>\n");
		int rows = 0;
		for (AllocationEvent event : report.events()) {
			for (Attempt attempt : event.attempts()) {
				if (rows++ == TABLE_LIMIT) {
					html.append("<tr><td colspan=\"4\">… more in the JSON Lines files</td></tr>");
					html.append("</table></section>\n");
					return;
				}
				html.append("<tr><td class=\"n\">").append(attempt.port()).append("</td><td>")
					.append(text(RunReport.label(attempt.refusal()))).append("</td><td>").append(text(attempt.detail()))
					.append("</td><td>").append(text(event.displayName())).append("</td></tr>\n");
			}
		}
		html.append("</table></section>\n");
	}

	private void failures(StringBuilder html) {
		html.append("<section id=\"failures\"><h2>Failed allocations</h2>\n");
		if (report.failures().isEmpty()) {
			html.append("<p>None.</p></section>\n");
			return;
		}
		html.append("<table><tr><th>at</th><th>outcome</th><th>asked for</th><th>test</th><th>declared</th>")
			.append("<th>holders named</th><th>error</th></tr>\n");
		report.failures().stream().limit(TABLE_LIMIT).forEach(failure -> {
			StringBuilder holders = new StringBuilder();
			failure.holders().forEach((holder, ports) -> holders.append(holders.length() == 0 ? "" : "\n").append(holder)
				.append(": ").append(ports.size() > 10 ? ports.subList(0, 10) + " and " + (ports.size() - 10) + " more" : ports));
			html.append("<tr><td>").append(text(failure.at().toString())).append("</td><td>")
				.append(text(failure.outcome().label())).append("</td><td>").append(text(failure.request())).append("</td><td>")
				.append(multiline(failure.displayName() + "\n" + failure.test())).append("</td><td>")
				.append(multiline(failure.scope() + ": " + failure.element())).append("</td><td>")
				.append(multiline(holders.toString())).append("</td><td>").append(multiline(failure.message()))
				.append("</td></tr>\n");
		});
		html.append("</table></section>\n");
	}

	private void notices(StringBuilder html) {
		html.append("<section id=\"unclosed\"><h2>Reservations not closed</h2>\n");
		if (report.notices().isEmpty()) {
			html.append("<p>None: every reservation made with <code>Ports</code> was closed.</p></section>\n");
			return;
		}
		html.append("<p>Reservations made with <code>Ports</code> (no JUnit scope holds them) that were released by the")
			.append(" garbage collector (leaked), by their <code>expireAfter</code> (expired), or were still open when")
			.append(" a fork's launcher session ended (still held; the JVM releases them when it exits).</p>\n");
		html.append("<table><tr><th>noticed</th><th></th><th>port</th><th>held</th><th>reserved by</th><th>owner</th>")
			.append("<th>fork</th></tr>\n");
		report.notices().stream().limit(TABLE_LIMIT).forEach(notice -> html.append("<tr><td>")
			.append(text(notice.at().toString())).append("</td><td>").append(text(notice.kind().label()))
			.append(notice.expireAfter() == null ? "" : text(" (after " + RunReport.millis(notice.expireAfter()) + ")"))
			.append("</td><td class=\"n\">").append(text(notice.protocol() + " " + notice.port())).append("</td><td class=\"n\">")
			.append(text(RunReport.millis(notice.held()))).append("</td><td><code>").append(text(notice.reservedBy()))
			.append("</code></td><td>").append(text(notice.owner())).append("</td><td>")
			.append(text("pid " + notice.pid() + (notice.fork().isEmpty() ? "" : " fork " + notice.fork())))
			.append("</td></tr>\n"));
		html.append("</table></section>\n");
	}

	/** Each key once when the forks agree; a row per distinct value, naming its forks, where they differ. */
	private void configuration(StringBuilder html) {
		html.append("<section id=\"configuration\"><h2>Configuration</h2>\n");
		List<ForkConfiguration> forks = report.configurations();
		if (forks.isEmpty()) {
			html.append("<p>Not recorded in this run's files.</p></section>\n");
			return;
		}
		html.append("<p>The effective configuration of ").append(forks.size()).append(forks.size() == 1 ? " fork" : " forks")
			.append(": each key's value and where it came from. Where forks differ, each value is listed with its forks.</p>\n");
		html.append("<table><tr><th>key</th><th>value</th><th>from</th><th>forks</th></tr>\n");
		Map<String, Map<List<String>, List<String>>> byKey = new LinkedHashMap<>();
		for (ForkConfiguration fork : forks) {
			for (Setting setting : fork.settings()) {
				byKey.computeIfAbsent(setting.key(), k -> new LinkedHashMap<>())
					.computeIfAbsent(List.of(setting.value(), setting.source()), v -> new ArrayList<>()).add(fork.forkName());
			}
			byKey.computeIfAbsent("OS ephemeral range", k -> new LinkedHashMap<>())
				.computeIfAbsent(List.of(fork.ephemeralRange(), "read by the fork"), v -> new ArrayList<>()).add(fork.forkName());
		}
		byKey.forEach((key, values) -> {
			boolean differs = values.size() > 1;
			values.forEach((value, names) -> html.append(differs ? "<tr class=\"differs\">" : "<tr>").append("<td><code>")
				.append(text(key)).append("</code>").append(differs ? " (differs between forks)" : "").append("</td><td><code>")
				.append(text(value.get(0))).append("</code></td><td>").append(text(value.get(1))).append("</td><td>")
				.append(text(!differs && names.size() == forks.size() ? (forks.size() == 1 ? names.get(0) : "all")
					: String.join(", ", names))).append("</td></tr>\n"));
		});
		html.append("</table></section>\n");
	}

	private static String multiline(String value) {
		return text(value).replace("\n", "<br>");
	}

	private record Column(String title, Function<AllocationEvent, String> value, boolean numeric) {
	}

	private static Column column(String title, Function<AllocationEvent, String> value, boolean numeric) {
		return new Column(title, value, numeric);
	}

	private static void table(StringBuilder html, String id, String title, List<AllocationEvent> events, List<Column> columns) {
		html.append("<section id=\"").append(id).append("\"><h2>").append(text(title)).append("</h2>\n");
		if (events.isEmpty()) {
			html.append("<p>None.</p></section>\n");
			return;
		}
		html.append("<table><tr>");
		columns.forEach(c -> html.append("<th>").append(text(c.title())).append("</th>"));
		html.append("</tr>\n");
		events.stream().limit(TABLE_LIMIT).forEach(event -> {
			html.append("<tr>");
			columns.forEach(c -> html.append(c.numeric() ? "<td class=\"n\">" : "<td>")
				.append(text(c.value().apply(event)).replace("\n", "<br>")).append("</td>"));
			html.append("</tr>\n");
		});
		if (events.size() > TABLE_LIMIT) {
			html.append("<tr><td colspan=\"").append(columns.size()).append("\">… ").append(events.size() - TABLE_LIMIT)
				.append(" more in the JSON Lines files</td></tr>\n");
		}
		html.append("</table></section>\n");
	}

	static String port(AllocationEvent event) {
		return event.protocol() + " " + event.port();
	}

	static String fork(AllocationEvent event) {
		return "pid " + event.pid() + (event.fork().isEmpty() ? "" : " fork " + event.fork());
	}

	/** Text for HTML content and attribute values. */
	static String text(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
			}
		}
		return out.toString();
	}
}
