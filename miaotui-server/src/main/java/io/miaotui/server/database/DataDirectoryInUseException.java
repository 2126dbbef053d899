package io.miaotui.server.database;

/** A start refused because another live service holds the data directory (see {@link DataDirectoryLock}). */
public final class DataDirectoryInUseException extends IllegalStateException {
    DataDirectoryInUseException(String message) {
        super(message);
    }
}
