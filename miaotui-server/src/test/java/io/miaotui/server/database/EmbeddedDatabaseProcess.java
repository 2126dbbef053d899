package io.miaotui.server.database;

import java.nio.file.Path;

/**
 * Another service's database, as a process of its own: starts the embedded PostgreSQL on the directory it is
 * given, prints {@code READY} and stops it when its standard input closes (or dies with the process).
 */
public final class EmbeddedDatabaseProcess {
    private EmbeddedDatabaseProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]), false)) {
            System.out.println("READY " + database.jdbcUrl());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our input
            }
        }
    }
}
