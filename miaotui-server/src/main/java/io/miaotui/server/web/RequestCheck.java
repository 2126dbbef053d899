package io.miaotui.server.web;

import io.miaotui.ids.Identifiers;
import io.miaotui.money.Currency;
import io.miaotui.money.InvalidAmountException;
import io.miaotui.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a request's fields and collects every violation, so the client learns all that is wrong at once.
 * Each method returns the parsed value, or null after recording why it could not.
 */
public final class RequestCheck {
    /**
     * The instants a request may carry, from this one (inclusive)... Unix time's start: nothing this service
     * records happened before it, and it keeps clear of the Julian-Gregorian switch that java.sql.Timestamp,
     * which carries instants to PostgreSQL, handles differently from java.time.
     */
    public static final Instant EARLIEST_INSTANT = Instant.parse("1970-01-01T00:00:00Z");
    /**
     * ...to this one (exclusive). PostgreSQL's timestamptz holds up to the year 294276, but the policies see
     * instants as CEL timestamps, which end with the year 9999; deadlines are computed by adding windows (at most
     * a year, see {@code ChannelWindows}) and festival closings to accepted instants, so a millennium of headroom
     * keeps every derived instant inside both.
     */
    public static final Instant END_OF_INSTANTS = Instant.parse("9000-01-01T00:00:00Z");

    private final List<FieldViolation> violations = new ArrayList<>();

    public String id(String field, String value) {
        String problem = Identifiers.problemWith(value);
        if (problem != null) {
            violations.add(new FieldViolation(field, problem));
            return null;
        }
        return value;
    }

    public String text(String field, String value, int maxLength, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                violations.add(new FieldViolation(field, "is required"));
            }
            return required ? null : "";
        }
        if (value.length() > maxLength) {
            violations.add(new FieldViolation(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    public Money amount(String field, String value, Currency currency) {
        try {
            return Money.parse(value, currency);
        } catch (InvalidAmountException e) {
            violations.add(new FieldViolation(field, e.getMessage()));
            return null;
        }
    }

    public Money positiveAmount(String field, String value, Currency currency) {
        Money money = amount(field, value, currency);
        if (money != null && !money.isPositive()) {
            violations.add(new FieldViolation(field, "must be more than 0"));
            return null;
        }
        return money;
    }

    public Currency currency(String field, String value) {
        try {
            return Currency.ofCode(value);
        } catch (IllegalArgumentException e) {
            violations.add(new FieldViolation(field, e.getMessage()));
            return null;
        }
    }

    /**
     * An ISO-8601 instant from {@link #EARLIEST_INSTANT} up to {@link #END_OF_INSTANTS}: every instant any request
     * carries is parsed here, so none outside what PostgreSQL and the policies hold gets further.
     */
    public Instant instant(String field, String value) {
        if (value == null) {
            violations.add(new FieldViolation(field, "is required"));
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new FieldViolation(field, "must be an ISO-8601 instant such as 2026-11-11T00:00:00Z"));
            return null;
        }
        if (instant.isBefore(EARLIEST_INSTANT) || !instant.isBefore(END_OF_INSTANTS)) {
            violations.add(new FieldViolation(field, "must be from " + EARLIEST_INSTANT + " to before " + END_OF_INSTANTS));
            return null;
        }
        return instant;
    }

    public int positiveInt(String field, Integer value, int max) {
        if (value == null || value <= 0 || value > max) {
            violations.add(new FieldViolation(field, "must be a whole number from 1 to " + max));
            return 0;
        }
        return value;
    }

    public <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        violations.add(new FieldViolation(field, "must be one of " + List.of(type.getEnumConstants())));
        return null;
    }

    /** A score from 0 to 100 written like an amount: a decimal string with at most two decimals ("92.50"). */
    public Double score(String field, String value) {
        if (value != null && value.matches("(100(\\.0{1,2})?|[0-9]{1,2}(\\.[0-9]{1,2})?)")) {
            return Double.valueOf(value);
        }
        violations.add(new FieldViolation(field, "must be a decimal string from \"0\" to \"100\" with at most 2 decimals"));
        return null;
    }

    /** The largest page any listing serves, so no request can ask for an unbounded result. */
    public static final int MAX_PAGE_SIZE = 500;

    /** A listing's {@code page} (from 0) and {@code size} (1 to {@value #MAX_PAGE_SIZE}). */
    public void paging(int page, int size) {
        require(page >= 0 && page <= 1_000_000, "page", "must be from 0 to 1000000");
        require(size >= 1 && size <= MAX_PAGE_SIZE, "size", "must be from 1 to " + MAX_PAGE_SIZE);
    }

    /** A period [from, to): from before to, and at most {@code maxDays} days long. Skipped where a bound was invalid. */
    public void period(Instant from, Instant to, int maxDays) {
        if (from != null && to != null) {
            require(from.isBefore(to), "to", "must be after from");
            require(!Duration.between(from, to).minusDays(maxDays).isPositive(), "to",
                    "must be at most " + maxDays + " days after from");
        }
    }

    public void require(boolean condition, String field, String message) {
        if (!condition) {
            violations.add(new FieldViolation(field, message));
        }
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    /** Throws a 422 listing every violation, if there were any. */
    public void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
    }

    public static ApiProblem invalid(List<FieldViolation> violations) {
        String detail = violations.size() == 1
                ? violations.getFirst().field() + " " + violations.getFirst().message()
                : violations.size() + " fields are invalid";
        return new ApiProblem(ProblemType.INVALID_REQUEST, detail, Map.of("errors", List.copyOf(violations)));
    }
}
