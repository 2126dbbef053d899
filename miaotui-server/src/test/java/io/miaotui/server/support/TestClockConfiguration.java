package io.miaotui.server.support;

import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Puts a {@link MutableClock} in charge, starting at {@code test.clock.start}. Not annotated as a configuration
 * on purpose: the application's component scan would pick it up for every test context. Tests that want it
 * pass it as a source.
 */
public class TestClockConfiguration {

    @Bean
    @Primary
    MutableClock mutableClock(@Value("${test.clock.start}") String start) {
        return new MutableClock(Instant.parse(start));
    }
}
