package io.miaotui.server.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The HMAC secret that signs and checks tokens in the embedded quick start: 32 random bytes, base64, in
 * {@code <data-dir>/auth/jwt-hmac.key}, created once (owner-only) by whichever comes first, the service or the
 * {@code token} command. Creation is atomic, so two starting at once agree on one secret.
 */
public final class SigningSecret {
    static final String FILE = "auth/jwt-hmac.key";
    static final int BYTES = 32;

    private SigningSecret() {
    }

    /** The secret the jar's commands use: {@code MIAOTUI_AUTH_HMAC_SECRET}, else the one in {@code MIAOTUI_DATA_DIR}. */
    public static byte[] fromEnvironment(Map<String, String> env) {
        return resolve(env.get("MIAOTUI_AUTH_HMAC_SECRET"), Path.of(env.getOrDefault("MIAOTUI_DATA_DIR", "./data")));
    }

    /** The configured secret (base64) when there is one, else the one kept in {@code dataDir}. */
    public static byte[] resolve(String configured, Path dataDir) {
        return configured != null && !configured.isBlank() ? decode(configured.strip()) : readOrCreate(dataDir);
    }

    public static byte[] readOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token secret " + file, e);
        }
    }

    /** A configured secret: base64 of at least 32 bytes (HS256 wants a key as long as its hash). */
    public static byte[] decode(String base64) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the token secret is not base64", e);
        }
        if (secret.length < BYTES) {
            throw new IllegalArgumentException("the token secret must be at least " + BYTES + " bytes, is " + secret.length);
        }
        return secret;
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] secret = new byte[BYTES];
        new SecureRandom().nextBytes(secret);
        Path temporary = Files.createTempFile(file.getParent(), "jwt-hmac", ".tmp");
        try {
            trySetOwnerOnly(temporary);
            Files.writeString(temporary, Base64.getEncoder().encodeToString(secret) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: theirs is the secret.
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void trySetOwnerOnly(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: the directory's own permissions have to do.
        }
    }
}
