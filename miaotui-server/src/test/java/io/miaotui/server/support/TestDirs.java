package io.miaotui.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fresh directories for test databases under target/test-data, not /tmp: every run leaves a few 40 MB PostgreSQL
 * clusters behind, and the build directory is where a clean build or a fresh clone throws them away.
 */
public final class TestDirs {
    private static final Path ROOT = Path.of("target", "test-data");

    private TestDirs() {
    }

    public static Path fresh(String prefix) {
        try {
            Files.createDirectories(ROOT);
            return Files.createTempDirectory(ROOT.toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
