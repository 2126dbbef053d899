package io.miaotui.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChannelWindowsTest {

    @Test
    @DisplayName("a window is positive and at most a year, so a deadline never runs far past the instant it starts from")
    void boundedWindows() {
        assertThatThrownBy(() -> new ChannelWindows("review", Map.of(Channel.TMALL, Duration.ZERO)))
                .hasMessageContaining("review window of TMALL");
        assertThatThrownBy(() -> new ChannelWindows("shipping", Map.of(Channel.TAOBAO, Duration.ofDays(366))))
                .hasMessageContaining("at most 365 days");

        var windows = new ChannelWindows("shipping", Map.of(Channel.TAOBAO, Duration.ofDays(365)));
        Instant start = Instant.parse("2026-11-11T00:00:00Z");
        assertThat(windows.after(Channel.TAOBAO, start)).isEqualTo(start.plus(Duration.ofDays(365)));
        assertThat(windows.after(Channel.TMALL, start)).isEqualTo(start.plus(ChannelWindows.DEFAULT));
    }
}
