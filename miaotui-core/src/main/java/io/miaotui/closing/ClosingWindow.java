package io.miaotui.closing;

import java.time.Instant;
import java.util.Objects;

/** The festival period the platform allows shops to close in (一键打烊), and the most days one shop may take. */
public record ClosingWindow(Instant from, Instant to, int maxDays) {
    public static final int MAX_DAYS_LIMIT = 60;

    public ClosingWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the window must end after it starts");
        }
        if (maxDays < 1 || maxDays > MAX_DAYS_LIMIT) {
            throw new IllegalArgumentException("maxDays must be from 1 to " + MAX_DAYS_LIMIT);
        }
    }
}
