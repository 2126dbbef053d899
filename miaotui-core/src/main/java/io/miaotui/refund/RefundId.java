package io.miaotui.refund;

import java.util.Objects;
import java.util.UUID;

/** A refund's id, minted by Miaotui as a time-ordered UUID (v7) so ids sort by creation. */
public record RefundId(String value) {
    public RefundId {
        Objects.requireNonNull(value, "value");
    }

    public static RefundId of(UUID uuid) {
        return new RefundId(uuid.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
