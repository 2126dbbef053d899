package io.miaotui.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    private static final Instant T0 = Instant.parse("2025-06-18T10:15:30.123Z");
    private static final Clock FIXED = Clock.fixed(T0, ZoneOffset.UTC);

    @Test
    void every_id_is_a_version_7_uuid() {
        var ids = new TimeOrderedIds(FIXED);
        for (int i = 0; i < 1_000; i++) {
            UUID id = ids.next();
            assertThat(id.version()).isEqualTo(7);
            assertThat((id.getMostSignificantBits() >>> 12) & 0xF).isEqualTo(7L);
        }
    }

    @Test
    void every_id_has_the_rfc_variant_bits_10() {
        var ids = new TimeOrderedIds(FIXED);
        for (int i = 0; i < 1_000; i++) {
            UUID id = ids.next();
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getLeastSignificantBits() >>> 62).isEqualTo(0b10L);
        }
    }

    @Test
    void the_first_48_bits_are_the_clocks_milliseconds() {
        UUID id = new TimeOrderedIds(FIXED).next();
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(T0.toEpochMilli());
        assertThat(id.toString()).startsWith(String.format("%08x-%04x", T0.toEpochMilli() >>> 16, T0.toEpochMilli() & 0xFFFF));
    }

    @Test
    void ids_from_the_same_millisecond_still_differ() {
        var ids = new TimeOrderedIds(FIXED);
        var seen = new HashSet<UUID>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ids.next())).isTrue();
        }
    }

    @Test
    void an_id_from_a_later_clock_sorts_after_an_earlier_one() {
        for (Duration later : new Duration[] {Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofDays(365)}) {
            for (int i = 0; i < 200; i++) {
                UUID earlier = new TimeOrderedIds(FIXED).next();
                UUID after = new TimeOrderedIds(Clock.offset(FIXED, later)).next();

                assertThat(after).as("UUID order after %s", later).isGreaterThan(earlier);
                assertThat(after.toString()).as("text order after %s", later).isGreaterThan(earlier.toString());
            }
        }
    }

    @Test
    void ids_minted_across_an_advancing_clock_are_in_creation_order() {
        var ids = new java.util.ArrayList<UUID>();
        for (int ms = 0; ms < 500; ms++) {
            ids.add(new TimeOrderedIds(Clock.offset(FIXED, Duration.ofMillis(ms))).next());
        }
        assertThat(ids).isSorted();
        assertThat(ids.stream().map(UUID::toString).toList()).isSorted();
    }
}
