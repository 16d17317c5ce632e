package io.askflow.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SplitMix64: a tiny generator whose sequence is fixed by its seed on every JVM, so simulated
 * answers stay the same across runs and versions.
 */
final class DeterministicRandom {

    private long state;

    DeterministicRandom(long seed) {
        this.state = seed;
    }

    /** A generator seeded from the SHA-256 of the given text. */
    static DeterministicRandom fromText(String text) {
        byte[] hash = sha256(text);
        long seed = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            seed = (seed << 8) | (hash[i] & 0xFF);
        }
        return new DeterministicRandom(seed);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) Math.floorMod(nextLong(), (long) bound);
    }
}
