package io.miaotui.policy.cel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Set;

/**
 * Who a policy in gray release applies to: a percentage of buyers chosen by a stable bucket, plus allow-listed
 * shops and buyers (for a merchant who asked to try it, or staff accounts).
 *
 * <p>The bucket is {@link #bucket}: stable across JVMs, restarts and releases, so a buyer never flips between
 * policies while a rollout holds still, and raising the percentage only adds buyers (bucket &lt; percent).
 * The policy key is part of the hash so two rollouts do not pick the same buyers first.
 */
public record Rollout(int percent, Set<String> shops, Set<String> buyers) {

    /** Allow-lists are for a few named accounts, not a second way to list a population. */
    public static final int MAX_ALLOW_LISTED = 10_000;

    public Rollout {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be within 0..100, was " + percent);
        }
        shops = Set.copyOf(shops);
        buyers = Set.copyOf(buyers);
        if (shops.size() + buyers.size() > MAX_ALLOW_LISTED) {
            throw new IllegalArgumentException("at most " + MAX_ALLOW_LISTED + " allow-listed shops and buyers");
        }
    }

    public static Rollout percent(int percent) {
        return new Rollout(percent, Set.of(), Set.of());
    }

    /** The policy applies to this request: the buyer's bucket is under the percentage, or buyer or shop is listed. */
    public boolean covers(String policyKey, String buyerId, String shopId) {
        return covers(bucket(buyerId, policyKey), buyerId, shopId);
    }

    /** As {@link #covers(String, String, String)}, for a caller that has the buyer's bucket already. */
    public boolean covers(int bucket, String buyerId, String shopId) {
        return buyers.contains(buyerId) || shops.contains(shopId) || bucket < percent;
    }

    /**
     * The buyer's bucket for a policy, 0..99: SHA-256 over the UTF-8 bytes of {@code policyKey + '\u0000' + buyerId},
     * the first 8 bytes read big-endian as an unsigned 64-bit number, modulo 100. Changing this moves buyers between
     * policies mid-rollout: the tests pin known values.
     */
    public static int bucket(String buyerId, String policyKey) {
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(policyKey, "policyKey");
        byte[] digest = sha256().digest((policyKey + '\u0000' + buyerId).getBytes(StandardCharsets.UTF_8));
        long first8 = 0;
        for (int i = 0; i < 8; i++) {
            first8 = (first8 << 8) | (digest[i] & 0xFF);
        }
        return (int) Long.remainderUnsigned(first8, 100);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
