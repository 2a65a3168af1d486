package io.github.freeport.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.freeport.config.Configuration.Setting;
import org.apiguardian.api.API;

/**
 * One row of the {@link KeyTable}: a key's name, its environment variable, what it accepts, its built-in
 * default, the built-in profiles' values for it, and a line saying what it does (Markdown, for the docs).
 *
 * @param <T> the type of the key's parsed value
 */
@API(status = INTERNAL)
public final class Key<T> {

	private static final String BUILT_IN_DEFAULT = "built-in default";

	private final String name;
	private final String environmentVariable;
	private final ValueType<T> type;
	private final String doc;
	private final String fixedDefault;
	private final Supplier<String> computedDefault;
	private final String defaultNote;
	private final String defaultSource;
	private final Map<String, String> profiles;
	private final boolean settableByProfiles;
	private volatile T parsedDefault;

	private Key(String name, String environmentVariable, ValueType<T> type, String doc, String fixedDefault,
			Supplier<String> computedDefault, String defaultNote, String defaultSource, Map<String, String> profiles,
			boolean settableByProfiles) {
		this.name = name;
		this.environmentVariable = environmentVariable;
		this.type = type;
		this.doc = doc;
		this.fixedDefault = fixedDefault;
		this.computedDefault = computedDefault;
		this.defaultNote = defaultNote;
		this.defaultSource = defaultSource;
		this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
		this.settableByProfiles = settableByProfiles;
	}

	/** A key read from configuration parameters and its environment variable, without a default yet. */
	static <T> Key<T> of(String name, ValueType<T> type, String doc) {
		return new Key<>(name, environmentVariable(name), type, doc, null, null, null, BUILT_IN_DEFAULT, Map.of(), false);
	}

	/** The environment variable for a key: {@code freeport.registry.dir} → {@code FREEPORT_REGISTRY_DIR}. */
	static String environmentVariable(String key) {
		return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

	/** This key with a built-in default of one value. */
	Key<T> byDefault(String value) {
		return new Key<>(name, environmentVariable, type, doc, value, null, null, defaultSource, profiles,
			settableByProfiles);
	}

	/** This key with a default worked out when asked (it depends on the host); the note says how, for the docs. */
	Key<T> byDefault(Supplier<String> value, String note) {
		return new Key<>(name, environmentVariable, type, doc, null, value, note, defaultSource, profiles,
			settableByProfiles);
	}

	/** This key without a built-in value: the code that reads it decides, as the note says. */
	Key<T> unsetMeans(String note) {
		return new Key<>(name, environmentVariable, type, doc, null, null, note, defaultSource, profiles,
			settableByProfiles);
	}

	/** This key's default named {@code source} where the effective configuration says where values came from. */
	Key<T> defaultDescribedAs(String source) {
		return new Key<>(name, environmentVariable, type, doc, fixedDefault, computedDefault, defaultNote, source,
			profiles, settableByProfiles);
	}

	/** This key with the built-in profiles' values (by profile name, in the order given); a profile may set it. */
	Key<T> inProfiles(String... profileAndValue) {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < profileAndValue.length; i += 2) {
			values.put(profileAndValue[i], profileAndValue[i + 1]);
		}
		return new Key<>(name, environmentVariable, type, doc, fixedDefault, computedDefault, defaultNote,
			defaultSource, values, true);
	}

	/** This key read from system properties only, as a build tool sets it: no environment variable. */
	Key<T> systemPropertyOnly() {
		return new Key<>(name, null, type, doc, fixedDefault, computedDefault, defaultNote, defaultSource, profiles,
			settableByProfiles);
	}

	public String name() {
		return name;
	}

	/** Without the {@code freeport.} prefix, as profiles name it: {@code exhaustion.timeout}. */
	public String shortName() {
		return name.substring(Keys.PREFIX.length());
	}

	/** The environment variable that sets it; empty for a key read from system properties only. */
	public Optional<String> environmentVariable() {
		return Optional.ofNullable(environmentVariable);
	}

	public ValueType<T> type() {
		return type;
	}

	/** What it does, one line of Markdown. */
	public String doc() {
		return doc;
	}

	/** The built-in default as configured text, when there is one value. */
	public Optional<String> fixedDefault() {
		return Optional.ofNullable(fixedDefault);
	}

	/** How the docs describe a default that is not one fixed value (Markdown); empty for a fixed one. */
	public Optional<String> defaultNote() {
		return Optional.ofNullable(defaultNote);
	}

	/** The built-in profiles' values for this key, by profile name. */
	public Map<String, String> profiles() {
		return profiles;
	}

	/** Whether a profile may set it: {@code freeport.profile.<name>.<short name>}. */
	public boolean settableByProfiles() {
		return settableByProfiles;
	}

	/** Whether the default is a value freeport knows here (not decided by the code that reads the key). */
	public boolean hasDefault() {
		return fixedDefault != null || computedDefault != null;
	}

	/**
	 * The built-in default, parsed.
	 *
	 * @throws IllegalStateException for a key without one ({@link #hasDefault()})
	 */
	public T defaultValue() {
		if (!hasDefault()) {
			throw new IllegalStateException(name + " has no built-in default: " + defaultNote);
		}
		if (fixedDefault == null) {
			return type.parse(defaultSetting());
		}
		T parsed = parsedDefault;
		if (parsed == null) {
			parsed = type.parse(defaultSetting());
			parsedDefault = parsed;
		}
		return parsed;
	}

	/**
	 * The setting when nothing configures this key: the default's value, or for a key without one (or whose
	 * default is worked out as empty here) an empty value whose source says what happens instead.
	 */
	public Setting defaultSetting() {
		if (fixedDefault != null) {
			return new Setting(name, fixedDefault, Origin.DEFAULT, defaultSource);
		}
		String computed = computedDefault == null ? "" : computedDefault.get();
		if (!computed.isEmpty()) {
			return new Setting(name, computed, Origin.DEFAULT, defaultSource);
		}
		return new Setting(name, "", Origin.DEFAULT, "not set: " + defaultNote.replace("`", ""));
	}

	@Override
	public String toString() {
		return name;
	}
}
