package io.miaotui.closing;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A shop closed for a festival from {@code from} (inclusive) to {@code to} (exclusive). */
public record ShopClosing(Instant from, Instant to) {

    public ShopClosing {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** The rules a merchant's closing must keep, each with the name the API reports when it is broken. */
    public enum Rule {
        NO_WINDOW("the platform has not opened a closing window"),
        ENDS_BEFORE_IT_STARTS("a closing must end after it starts"),
        STARTS_IN_THE_PAST("a closing must start in the future"),
        OUTSIDE_WINDOW("a closing must lie inside the platform's window"),
        TOO_LONG("a closing may last at most the window's maxDays");

        private final String sentence;

        Rule(String sentence) {
            this.sentence = sentence;
        }

        public String sentence() {
            return sentence;
        }
    }

    /** The first rule this closing breaks, or empty when the merchant may close so. */
    public Optional<Rule> brokenRule(Optional<ClosingWindow> window, Instant now) {
        if (window.isEmpty()) {
            return Optional.of(Rule.NO_WINDOW);
        }
        if (!from.isBefore(to)) {
            return Optional.of(Rule.ENDS_BEFORE_IT_STARTS);
        }
        if (!from.isAfter(now)) {
            return Optional.of(Rule.STARTS_IN_THE_PAST);
        }
        if (from.isBefore(window.get().from()) || to.isAfter(window.get().to())) {
            return Optional.of(Rule.OUTSIDE_WINDOW);
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(window.get().maxDays())) > 0) {
            return Optional.of(Rule.TOO_LONG);
        }
        return Optional.empty();
    }

    public boolean hasStarted(Instant now) {
        return !now.isBefore(from);
    }

    public boolean isClosedAt(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    /** How much of [start, end) falls inside this closing: the time a deadline over that span is extended by. */
    public Duration overlapWith(Instant start, Instant end) {
        Instant a = start.isAfter(from) ? start : from;
        Instant b = end.isBefore(to) ? end : to;
        return a.isBefore(b) ? Duration.between(a, b) : Duration.ZERO;
    }

    /**
     * {@code deadline}, set at {@code start}, pushed back so that the same amount of open time remains: a
     * merchant loses none of their time to a closing. Closed time after the deadline changes nothing.
     */
    public Instant extend(Instant start, Instant deadline) {
        Duration required = Duration.between(start, deadline);
        if (!start.isBefore(to)) {
            return deadline;
        }
        if (!start.isBefore(from)) {
            return to.plus(required);
        }
        Duration openBefore = Duration.between(start, from);
        return openBefore.compareTo(required) >= 0 ? deadline : to.plus(required.minus(openBefore));
    }

    /**
     * {@code deadline}, set at {@code start}, pushed back by every one of a shop's closings (which never overlap)
     * so that the same amount of open time remains. Each closing is applied in time order to the deadline the
     * earlier ones gave: only closed time ever moves a deadline, and only later.
     */
    public static Instant extendAcross(List<ShopClosing> closings, Instant start, Instant deadline) {
        Instant extended = deadline;
        for (ShopClosing closing : closings.stream().sorted(Comparator.comparing(ShopClosing::from)).toList()) {
            extended = closing.extend(start, extended);
        }
        return extended;
    }
}
