package io.miaotui.order;

import java.time.Instant;
import java.util.Objects;

public record Shipment(String carrier, String trackingNo, Instant shippedAt) {
    public Shipment {
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(trackingNo, "trackingNo");
        Objects.requireNonNull(shippedAt, "shippedAt");
    }

    /** Same parcel: the carrier and tracking number match (the time of a replayed request may differ). */
    public boolean sameParcelAs(Shipment other) {
        return carrier.equals(other.carrier) && trackingNo.equals(other.trackingNo);
    }
}
