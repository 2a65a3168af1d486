package io.github.freeport.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@link KeyTable} as docs/configuration.md shows it: the table of keys and the table of built-in
 * profiles, each between two markers that {@link #replaceSections(String)} fills in.
 */
final class KeyTableMarkdown {

	static final String KEYS = "keys";
	static final String PROFILES = "profiles";

	private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

	private KeyTableMarkdown() {
	}

	static String begin(String section) {
		return "<!-- generated: " + section + " (from io.github.freeport.config.KeyTable; edit it there, then copy"
				+ " target/generated-docs/configuration.md over) -->";
	}

	static String end(String section) {
		return "<!-- end of generated: " + section + " -->";
	}

	/** The generated sections and their tables, in the order of the page. */
	static Map<String, String> sections() {
		return Map.of(KEYS, keys(), PROFILES, profiles());
	}

	/** The page with both sections rendered afresh from the table. */
	static String replaceSections(String page) {
		String replaced = page;
		for (Map.Entry<String, String> section : sections().entrySet()) {
			int from = replaced.indexOf(begin(section.getKey())) + begin(section.getKey()).length();
			replaced = replaced.substring(0, from) + "\n" + section.getValue()
					+ replaced.substring(replaced.indexOf(end(section.getKey())));
		}
		return replaced;
	}

	/** What the page has between a section's markers. */
	static String section(String page, String section) {
		int from = page.indexOf(begin(section));
		int to = page.indexOf(end(section));
		if (from < 0 || to < from) {
			throw new IllegalStateException("docs/configuration.md has no section between '" + begin(section) + "' and '"
					+ end(section) + "'");
		}
		return page.substring(from + begin(section).length() + 1, to);
	}

	static String keys() {
		StringBuilder md = new StringBuilder(
			"| key | environment variable | allowed values | default | built-in profiles | what it does |\n|---|---|---|---|---|---|\n");
		for (Key<?> key : KeyTable.ALL) {
			md.append("| `").append(key.name()).append("` | ")
				.append(key.environmentVariable().map(v -> "`" + v + "`").orElse("none: system property only")).append(" | ")
				.append(code(key.type().allowed())).append(" | ")
				.append(key.fixedDefault().map(v -> "`" + v + "`").orElseGet(() -> key.defaultNote().orElseThrow())).append(" | ")
				.append(profilesOf(key)).append(" | ")
				.append(key.doc()).append(" |\n");
		}
		return md.toString();
	}

	static String profiles() {
		List<Key<?>> settable = KeyTable.ALL.stream().filter(Key::settableByProfiles).collect(Collectors.toList());
		Set<String> names = new LinkedHashSet<>();
		settable.forEach(key -> names.addAll(key.profiles().keySet()));
		StringBuilder md = new StringBuilder("| profile |");
		settable.forEach(key -> md.append(" `").append(key.shortName()).append("` |"));
		md.append("\n|---|").append("---|".repeat(settable.size())).append('\n');
		for (String name : names) {
			md.append("| `").append(name).append("` |");
			for (Key<?> key : settable) {
				String value = key.profiles().get(name);
				md.append(' ').append(value == null ? "default" : "`" + value + "`").append(" |");
			}
			md.append('\n');
		}
		return md.toString();
	}

	private static String profilesOf(Key<?> key) {
		if (!key.settableByProfiles()) {
			return "not set by profiles";
		}
		if (key.profiles().isEmpty()) {
			return "none; a profile may set it";
		}
		List<String> values = new ArrayList<>();
		key.profiles().forEach((profile, value) -> values.add("`" + profile + "` `" + value + "`"));
		return String.join(", ", values);
	}

	/** {@code 'true' or 'false'}, as error messages say it, becomes {@code `true` or `false`}. */
	private static String code(String allowed) {
		return QUOTED.matcher(allowed).replaceAll("`$1`");
	}
}
