package dev.handoff.desk.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A chat's resume token (README, "Resume tokens"): 256 random bits, base64url, given once to the
 * client that opened the chat; the desk keeps (and stores) only its SHA-256, so neither the database
 * nor a log line holds a token that could be replayed.
 */
final class ResumeTokens {
    /** Longer than any token this desk gives: not even hashed. */
    private static final int MAX_LENGTH = 256;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ResumeTokens() {}

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token's SHA-256, as 64 hex digits: what the desk keeps. */
    static String hash(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether {@code token} is the one whose hash is {@code hash}; compared in constant time. */
    static boolean matches(String token, String hash) {
        if (token == null || hash == null || token.isEmpty() || token.length() > MAX_LENGTH) return false;
        return MessageDigest.isEqual(
                hash(token).getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
    }
}
