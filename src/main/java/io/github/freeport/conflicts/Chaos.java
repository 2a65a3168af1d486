package io.github.freeport.conflicts;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.charset.StandardCharsets;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.freeport.FreePortException;
import io.github.freeport.Occupation;
import io.github.freeport.PortOccupation;
import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import io.github.freeport.config.Configuration.Setting;
import io.github.freeport.config.KeyTable;
import io.github.freeport.config.Keys;
import org.apiguardian.api.API;

/**
 * Seeded port conflicts across a whole suite: with probability {@value Keys#CHAOS_PROBABILITY}, the
 * first preferred port of a {@code @FreePort} declaration is occupied before it is tried, so the fallback
 * paths run. Whether a declaration is chosen, and how its port is occupied, depends only on the seed, the
 * test's unique id and the declaration, never on test order or timing: the same seed makes the same choices.
 *
 * <p>Without {@value Keys#CHAOS_SEED} a seed is drawn once per JVM. The seed is logged once (at
 * {@code INFO}), and a failing test that met chaos says how to rerun with the same seed. Not API: configure it with
 * the keys.
 */
@API(status = INTERNAL, since = "0.1")
public final class Chaos {

	private static final Occupation[] TCP_OCCUPATIONS = { Occupation.LISTENING, Occupation.BOUND_NOT_LISTENING,
		Occupation.LEASED_ONLY };
	private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
	private static final Chaos OFF = new Chaos(0, 0, "");

	private final double probability;
	private final long seed;
	private final String seedSource;

	private Chaos(double probability, long seed, String seedSource) {
		this.probability = probability;
		this.seed = seed;
		this.seedSource = seedSource;
	}

	/**
	 * Chaos as configured; off unless {@value Keys#CHAOS_PROBABILITY} is above zero.
	 *
	 * @throws FreePortException naming the key and value when either is invalid
	 */
	public static Chaos from(Configuration configuration) {
		double probability = configuration.value(KeyTable.CHAOS_PROBABILITY);
		if (probability == 0) {
			return OFF;
		}
		Optional<Setting> seedSetting = configuration.get(Keys.CHAOS_SEED);
		long seed = DrawnSeed.SEED;
		String source = "drawn for this JVM";
		if (seedSetting.isPresent()) {
			seed = KeyTable.CHAOS_SEED.type().parse(seedSetting.get());
			source = "from " + seedSetting.get().source();
		}
		Chaos chaos = new Chaos(probability, seed, source);
		if (LOGGED.add(probability + "/" + seed)) {
			System.getLogger(Chaos.class.getPackageName()).log(Level.INFO, "freeport chaos: probability " + probability
					+ ", seed " + seed + " (" + source + "); " + chaos.rerunHint());
		}
		return chaos;
	}

	/** The seed drawn for this JVM, only when chaos is on without a seed: a secure random is slow to start. */
	private static final class DrawnSeed {

		static final long SEED = new SecureRandom().nextLong();
	}

	public boolean isEnabled() {
		return probability > 0;
	}

	public double probability() {
		return probability;
	}

	public long seed() {
		return seed;
	}

	/** How to make the same choices again. */
	public String rerunHint() {
		return "rerun with -D" + Keys.CHAOS_SEED + "=" + seed + " -D" + Keys.CHAOS_PROBABILITY + "=" + probability
				+ " to make the same choices";
	}

	/** Whether the declaration {@code element} of the test {@code ownerId} meets chaos: a pure function of seed and names. */
	public boolean chooses(String ownerId, String element) {
		return isEnabled() && unitInterval(mix(seed ^ hash(ownerId, element))) < probability;
	}

	/** How a chosen declaration's port is occupied, for its protocol: also a pure function of seed and names. */
	public Occupation occupationFor(String ownerId, String element, Protocol protocol) {
		if (protocol == Protocol.UDP) {
			return Occupation.UDP_BOUND;
		}
		if (protocol == Protocol.BOTH) {
			return Occupation.LISTENING;
		}
		long second = mix(mix(seed ^ hash(ownerId, element)) + 0x9E3779B97F4A7C15L);
		return TCP_OCCUPATIONS[(int) Long.remainderUnsigned(second, TCP_OCCUPATIONS.length)];
	}

	/**
	 * Occupies the first preferred port when chaos chooses this declaration. A port that cannot be
	 * occupied is busy already, so nothing is done then.
	 *
	 * @return the occupation, to close when the declaration's scope ends, with a note for failure messages
	 */
	public Optional<ChaosOccupation> maybeOccupy(Configuration configuration, String ownerId, String element,
			Protocol protocol, int[] preferred) {
		if (preferred.length == 0 || !chooses(ownerId, element)) {
			return Optional.empty();
		}
		Occupation occupation = occupationFor(ownerId, element, protocol);
		PortOccupation occupied;
		try {
			occupied = PortOccupier.occupy(configuration, occupation, preferred[0], "freeport chaos before " + ownerId);
		}
		catch (FreePortException e) {
			return Optional.empty();
		}
		return Optional.of(new ChaosOccupation(occupied, "freeport chaos occupied preferred " + occupied.protocol()
				+ " port " + occupied.port() + " (" + occupation.describe() + ") for " + element + " (probability "
				+ probability + ", seed " + seed + ", " + seedSource + "); " + rerunHint()));
	}

	/** A chaos occupation and what to say about it when a test fails. */
	@API(status = INTERNAL, since = "0.1")
	public record ChaosOccupation(PortOccupation occupation, String note) implements AutoCloseable {

		@Override
		public void close() {
			occupation.close();
		}
	}

	private static long hash(String ownerId, String element) {
		long hash = 0xcbf29ce484222325L; // FNV-1a, 64 bit: stable across JVMs, unlike identity hashes
		for (byte b : (ownerId + "\n" + element).getBytes(StandardCharsets.UTF_8)) {
			hash ^= b & 0xff;
			hash *= 0x100000001b3L;
		}
		return hash;
	}

	private static long mix(long z) { // SplitMix64's finaliser
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	private static double unitInterval(long bits) {
		return (bits >>> 11) * 0x1.0p-53;
	}

	@Override
	public String toString() {
		return isEnabled() ? String.format(Locale.ROOT, "Chaos[probability %s, seed %d]", probability, seed) : "Chaos[off]";
	}
}
