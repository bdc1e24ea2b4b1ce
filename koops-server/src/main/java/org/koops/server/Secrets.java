package org.koops.server;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets (tokens, session ids, CSRF values) and the hashes under which they are stored. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** 256 random bits, URL-safe, after {@code prefix}. */
    static String create(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The stored form of a secret. A fast hash is enough: the secrets are random and long, so there is
     * no dictionary to try, unlike passwords.
     */
    static String hash(String secret) {
        return Ingestor.sha256(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Compares in constant time, so that the time taken does not tell how much of a guess was right. */
    static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
