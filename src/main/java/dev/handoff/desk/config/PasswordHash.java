package dev.handoff.desk.config;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An agent's password as {@code desk.yaml} keeps it: a bcrypt hash ({@code $2a$}, {@code $2b$} or
 * {@code $2y$}, cost 4 to 31), made by {@code handoff desk hash-password}. The hash is never shown
 * ({@link #toString()}); {@link #matches} is slow on purpose (about 0.1 to 0.3 s at the cost the desk
 * makes, {@link #COST}) and must never run on an event thread.
 *
 * <p>bcrypt reads at most 72 bytes of a password: {@link #of} refuses a longer one, so nobody sets a
 * password whose end is ignored; {@link #matches} truncates as every bcrypt implementation does.
 */
public final class PasswordHash {
    /** The cost of the hashes {@link #of} makes: 2^11 rounds, about 0.1 to 0.3 s on a server's core. */
    public static final int COST = 11;
    /** The longest password bcrypt reads, in UTF-8 bytes. */
    public static final int MAX_BYTES = 72;

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    private static final BCrypt.Verifyer VERIFIER =
            BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));
    /**
     * Hashes nobody's password matches (of 32 random bytes, thrown away), one per cost, checked when a
     * sign-in names an agent without a password or no agent at all, so that such a refusal costs as much
     * as a wrong password.
     */
    private static final java.util.Map<Integer, PasswordHash> NOBODY = new java.util.concurrent.ConcurrentHashMap<>();

    private final String hash;

    private PasswordHash(String hash) {
        this.hash = hash;
    }

    /** The hash written as {@code text}, if it is a bcrypt hash. */
    public static Optional<PasswordHash> parse(String text) {
        if (text == null || !BCRYPT.matcher(text).matches()) return Optional.empty();
        return Optional.of(new PasswordHash(text));
    }

    /** A new hash of {@code password} with a fresh salt; refuses an empty one and one over {@link #MAX_BYTES}. */
    public static PasswordHash of(char[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) throw new IllegalArgumentException("the password is empty");
        int bytes = StandardCharsets.UTF_8
                .encode(java.nio.CharBuffer.wrap(password))
                .remaining();
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("the password has " + bytes + " bytes in UTF-8; bcrypt reads at most "
                    + MAX_BYTES + " (use a shorter one)");
        }
        return new PasswordHash(BCrypt.withDefaults().hashToString(COST, password));
    }

    /** Whether {@code password} is the one hashed. Slow (bcrypt): never on an event thread. */
    public boolean matches(char[] password) {
        if (password == null) return false;
        return VERIFIER.verify(password, hash).verified;
    }

    /**
     * Checks {@code password} against {@code hash}, or, when there is none, against a hash nobody matches
     * made with {@code cost}, so that both take about the same time: a refusal does not tell whether the
     * name was right. Slow (bcrypt): never on an event thread.
     */
    public static boolean check(Optional<PasswordHash> hash, char[] password, int cost) {
        if (hash.isPresent()) return hash.get().matches(password);
        nobody(cost).matches(password);
        return false;
    }

    private static PasswordHash nobody(int cost) {
        return NOBODY.computeIfAbsent(
                Math.max(4, Math.min(31, cost)),
                c -> new PasswordHash(BCrypt.withDefaults()
                        .hashToString(
                                c,
                                java.util.HexFormat.of().formatHex(random(32)).toCharArray())));
    }

    /** The hash as {@code desk.yaml} holds it. */
    public String text() {
        return hash;
    }

    /** The cost the hash was made with (rounds = 2^cost). */
    public int cost() {
        return Integer.parseInt(hash.substring(4, 6));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash p && p.hash.equals(hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "PasswordHash[***]";
    }
}
