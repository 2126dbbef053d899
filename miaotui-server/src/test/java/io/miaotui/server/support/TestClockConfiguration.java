package io.miaotui.server.support;

import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Puts a {@link MutableClock} in charge, starting at {@code test.clock.start}. */
@Configuration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    MutableClock mutableClock(@Value("${test.clock.start}") String start) {
        return new MutableClock(Instant.parse(start));
    }
}
