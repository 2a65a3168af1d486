package io.github.freeport.logs;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.config.Configuration.Setting;

/**
 * The HTML of a run report: one page, inline CSS and SVG, no scripts and no network resources. Written as
 * it goes to the report's file; each table shows its first {@value RunTally#ROWS} rows and says how many
 * more the JSON Lines files hold.
 */
final class RunReportPage {

	/** The unreadable lines listed at the top of the page. */
	private static final int PROBLEMS_SHOWN = 50;
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
	private final RunTally tally;

	RunReportPage(RunReport report) {
		this.report = report;
		this.tally = report.tally();
	}

	void writeTo(HtmlWriter html) throws IOException {
		html.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
			.raw("<meta name=\"generator\" content=\"freeport\"><title>freeport run ").text(report.runId())
			.raw("</title><style>").raw(STYLE).raw("</style></head><body>\n");
		html.raw("<h1>freeport run <code>").text(report.runId()).raw("</code></h1>\n");
		html.raw("<p class=\"meta\">").number(report.fileCount()).raw(" fork files in <code>")
			.text(report.runFolder().toAbsolutePath().toString()).raw("</code>, report built ")
			.text(UtcTimes.iso(Instant.now())).raw("</p>\n");
		problems(html);
		summary(html);
		new Timeline(tally).writeTo(html);
		slowest(html);
		waits(html);
		conflicts(html);
		failures(html);
		notices(html);
		configuration(html);
		allocations(html);
		html.raw("</body></html>\n");
		html.flush();
	}

	private void problems(HtmlWriter html) throws IOException {
		List<String> problems = tally.problems();
		if (problems.isEmpty()) {
			return;
		}
		html.raw("<ul class=\"problems\">");
		int shown = Math.min(PROBLEMS_SHOWN, problems.size());
		for (int i = 0; i < shown; i++) {
			html.raw("<li>").text(problems.get(i)).raw("</li>");
		}
		if (tally.problemCount() > shown) {
			html.raw("<li>… and ").number(tally.problemCount() - shown).raw(" more unreadable lines</li>");
		}
		html.raw("</ul>\n");
	}

	private void summary(HtmlWriter html) throws IOException {
		html.raw("<section id=\"summary\"><h2>Summary</h2><dl class=\"summary\">");
		card(html, "allocations", tally.allocations());
		card(html, "tests", tally.tests());
		card(html, "forks", tally.forks());
		card(html, "conflicts met (refused candidates)", tally.refused());
		for (Refusal refusal : Refusal.values()) {
			if (tally.refusals(refusal) > 0) {
				card(html, "… " + RunReport.label(refusal), tally.refusals(refusal));
			}
		}
		card(html, "exhaustion waits", tally.waitCount());
		card(html, "failed allocations", tally.failureCount());
		card(html, "reservations not closed", tally.noticeCount());
		List<ShownLease> slowest = tally.slowest();
		if (!slowest.isEmpty()) {
			html.raw("<div><dt>slowest allocation</dt><dd>").text(RunReport.millis(slowest.get(0).event().duration()))
				.raw("</dd></div>");
		}
		html.raw("</dl></section>\n");
	}

	private static void card(HtmlWriter html, String label, long value) throws IOException {
		html.raw("<div><dt>").text(label).raw("</dt><dd>").number(value).raw("</dd></div>");
	}

	private void slowest(HtmlWriter html) throws IOException {
		List<ShownLease> slowest = tally.slowest();
		if (opened(html, "slowest", "Slowest allocations", slowest.isEmpty(), "took", "port", "refused", "test", "declared")) {
			for (ShownLease lease : slowest) {
				AllocationEvent event = lease.event();
				html.raw("<tr><td class=\"n\">").text(RunReport.millis(event.duration())).raw("</td><td class=\"n\">");
				port(html, event).raw("</td><td class=\"n\">").number(lease.refused()).raw("</td><td>")
					.lines(event.displayName()).raw("</td><td>").lines(event.element()).raw("</td></tr>\n");
			}
			closed(html, 0, 5);
		}
	}

	private void waits(HtmlWriter html) throws IOException {
		List<ShownLease> waits = tally.waits();
		if (opened(html, "waits", "Waits for an exhausted range", waits.isEmpty(), "waited", "port", "test", "strategy")) {
			for (ShownLease lease : waits) {
				AllocationEvent event = lease.event();
				html.raw("<tr><td class=\"n\">").text(RunReport.millis(event.waited())).raw("</td><td class=\"n\">");
				port(html, event).raw("</td><td>").lines(event.displayName()).raw("</td><td>").lines(event.strategy())
					.raw("</td></tr>\n");
			}
			closed(html, tally.waitCount() - waits.size(), 4);
		}
	}

	private void conflicts(HtmlWriter html) throws IOException {
		html.raw("<section id=\"conflicts\"><h2>Conflicts met</h2>\n");
		if (tally.refused() == 0) {
			html.raw("<p>None: every allocation took its first candidate.</p></section>\n");
			return;
		}
		html.raw("<table><tr><th>port</th><th>refused because</th><th>holder</th><th>for test</th></tr>\n");
		int rows = 0;
		for (AllocationEvent event : tally.conflicts()) {
			for (Attempt attempt : event.attempts()) {
				if (rows == RunTally.ROWS) {
					break;
				}
				rows++;
				html.raw("<tr><td class=\"n\">").number(attempt.port()).raw("</td><td>").text(RunReport.label(attempt.refusal()))
					.raw("</td><td>").text(attempt.detail()).raw("</td><td>").text(event.displayName()).raw("</td></tr>\n");
			}
		}
		closed(html, tally.refused() - rows, 4);
	}

	private void failures(HtmlWriter html) throws IOException {
		List<FailedAllocation> failures = tally.failures();
		if (!opened(html, "failures", "Failed allocations", failures.isEmpty(), "at", "outcome", "asked for", "test",
				"declared", "holders named", "error")) {
			return;
		}
		for (FailedAllocation failure : failures) {
			StringBuilder holders = new StringBuilder();
			for (Map.Entry<String, List<Integer>> holder : failure.holders().entrySet()) {
				List<Integer> ports = holder.getValue();
				holders.append(holders.length() == 0 ? "" : "\n").append(holder.getKey()).append(": ")
					.append(ports.size() > 10 ? ports.subList(0, 10) + " and " + (ports.size() - 10) + " more" : ports);
			}
			html.raw("<tr><td>").text(UtcTimes.iso(failure.at())).raw("</td><td>").text(failure.outcome().label())
				.raw("</td><td>").text(failure.request()).raw("</td><td>").lines(failure.displayName() + "\n" + failure.test())
				.raw("</td><td>").lines(failure.scope() + ": " + failure.element()).raw("</td><td>").lines(holders.toString())
				.raw("</td><td>").lines(failure.message()).raw("</td></tr>\n");
		}
		closed(html, tally.failureCount() - failures.size(), 7);
	}

	private void notices(HtmlWriter html) throws IOException {
		html.raw("<section id=\"unclosed\"><h2>Reservations not closed</h2>\n");
		List<LeaseNotice> notices = tally.notices();
		if (notices.isEmpty()) {
			html.raw("<p>None: every reservation made with <code>Ports</code> was closed.</p></section>\n");
			return;
		}
		html.raw("<p>Reservations made with <code>Ports</code> (no JUnit scope holds them) that were released by the")
			.raw(" garbage collector (leaked), by their <code>expireAfter</code> (expired), or were still open when")
			.raw(" a fork's launcher session ended (still held; the JVM releases them when it exits).</p>\n");
		html.raw("<table><tr><th>noticed</th><th></th><th>port</th><th>held</th><th>reserved by</th><th>owner</th>")
			.raw("<th>fork</th></tr>\n");
		for (LeaseNotice notice : notices) {
			html.raw("<tr><td>").text(UtcTimes.iso(notice.at())).raw("</td><td>").text(notice.kind().label());
			if (notice.expireAfter() != null) {
				html.text(" (after " + RunReport.millis(notice.expireAfter()) + ")");
			}
			html.raw("</td><td class=\"n\">").text(notice.protocol() + " " + notice.port()).raw("</td><td class=\"n\">")
				.text(RunReport.millis(notice.held())).raw("</td><td><code>").text(notice.reservedBy()).raw("</code></td><td>")
				.text(notice.owner()).raw("</td><td>").text(fork(notice.pid(), notice.fork())).raw("</td></tr>\n");
		}
		closed(html, tally.noticeCount() - notices.size(), 7);
	}

	/** Each key once when the forks agree; a row per distinct value, naming its forks, where they differ. */
	private void configuration(HtmlWriter html) throws IOException {
		html.raw("<section id=\"configuration\"><h2>Configuration</h2>\n");
		List<ForkConfiguration> forks = report.configurations();
		if (forks.isEmpty()) {
			html.raw("<p>Not recorded in this run's files.</p></section>\n");
			return;
		}
		html.raw("<p>The effective configuration of ").number(forks.size()).raw(forks.size() == 1 ? " fork" : " forks")
			.raw(": each key's value and where it came from. Where forks differ, each value is listed with its forks.</p>\n");
		html.raw("<table><tr><th>key</th><th>value</th><th>from</th><th>forks</th></tr>\n");
		// key -> (value, source) -> the forks with it, each in the order first seen
		Map<String, Map<List<String>, List<String>>> byKey = new LinkedHashMap<>();
		for (ForkConfiguration fork : forks) {
			for (Setting setting : fork.settings()) {
				add(byKey, setting.key(), setting.value(), setting.source(), fork.forkName());
			}
			add(byKey, "OS ephemeral range", fork.ephemeralRange(), "read by the fork", fork.forkName());
		}
		for (Map.Entry<String, Map<List<String>, List<String>>> key : byKey.entrySet()) {
			boolean differs = key.getValue().size() > 1;
			for (Map.Entry<List<String>, List<String>> value : key.getValue().entrySet()) {
				List<String> names = value.getValue();
				html.raw(differs ? "<tr class=\"differs\">" : "<tr>").raw("<td><code>").text(key.getKey()).raw("</code>")
					.raw(differs ? " (differs between forks)" : "").raw("</td><td><code>").text(value.getKey().get(0))
					.raw("</code></td><td>").text(value.getKey().get(1)).raw("</td><td>")
					.text(!differs && names.size() == forks.size() ? (forks.size() == 1 ? names.get(0) : "all")
						: String.join(", ", names)).raw("</td></tr>\n");
			}
		}
		html.raw("</table></section>\n");
	}

	private static void add(Map<String, Map<List<String>, List<String>>> byKey, String key, String value, String source,
			String fork) {
		Map<List<String>, List<String>> values = byKey.get(key);
		if (values == null) {
			values = new LinkedHashMap<>();
			byKey.put(key, values);
		}
		List<String> valueAndSource = List.of(value, source);
		List<String> names = values.get(valueAndSource);
		if (names == null) {
			names = new ArrayList<>();
			values.put(valueAndSource, names);
		}
		names.add(fork);
	}

	private void allocations(HtmlWriter html) throws IOException {
		List<ShownLease> leases = tally.firstLeases();
		if (!opened(html, "allocations", "All allocations", leases.isEmpty(), "leased", "port", "took", "released", "fork",
				"scope", "test", "refused")) {
			return;
		}
		for (ShownLease lease : leases) {
			AllocationEvent event = lease.event();
			html.raw("<tr><td>").text(UtcTimes.iso(event.startedAt())).raw("</td><td class=\"n\">");
			port(html, event).raw("</td><td class=\"n\">").text(RunReport.millis(event.duration())).raw("</td><td>")
				.text(event.releasedAt() == null ? "not logged" : UtcTimes.iso(event.releasedAt())).raw("</td><td>")
				.text(fork(event.pid(), event.fork())).raw("</td><td>").lines(event.scope()).raw("</td><td>")
				.lines(event.displayName() + "\n" + event.test()).raw("</td><td>").lines(lease.refusedText()).raw("</td></tr>\n");
		}
		closed(html, tally.allocations() - leases.size(), 8);
	}

	/** A table's section and header row, or its section saying "None." and closed; whether rows follow. */
	private static boolean opened(HtmlWriter html, String id, String title, boolean empty, String... columns)
			throws IOException {
		html.raw("<section id=\"").raw(id).raw("\"><h2>").text(title).raw("</h2>\n");
		if (empty) {
			html.raw("<p>None.</p></section>\n");
			return false;
		}
		html.raw("<table><tr>");
		for (String column : columns) {
			html.raw("<th>").text(column).raw("</th>");
		}
		html.raw("</tr>\n");
		return true;
	}

	/** Closes a table, saying how many rows it left out, and its section. */
	private static void closed(HtmlWriter html, long more, int columns) throws IOException {
		if (more > 0) {
			html.raw("<tr><td colspan=\"").number(columns).raw("\">… ").number(more)
				.raw(" more in the JSON Lines files (<code>events-&lt;pid&gt;.jsonl</code> in the run folder)</td></tr>\n");
		}
		html.raw("</table></section>\n");
	}

	static HtmlWriter port(HtmlWriter html, AllocationEvent event) throws IOException {
		return html.text(event.protocol().name()).raw(' ').number(event.port());
	}

	static String fork(long pid, String fork) {
		return "pid " + pid + (fork.isEmpty() ? "" : " fork " + fork);
	}
}
