package io.miaotui.server.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PayoutLingerTest {
    private final PayoutLinger linger = new PayoutLinger(Duration.ofMillis(20), Duration.ofMillis(100), 8);

    @Test
    void approvalsAFewAtATimeWaitTheQuietLinger() {
        assertThat(linger.after(0)).isEqualTo(Duration.ofMillis(20));
        assertThat(linger.after(1)).isEqualTo(Duration.ofMillis(20));
        assertThat(linger.after(7)).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aClaimOfBusyFromOrMoreWaitsTheBusyLinger() {
        assertThat(linger.after(8)).isEqualTo(Duration.ofMillis(100));
        assertThat(linger.after(199)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theLingerFollowsTheProperties() {
        var defaults = new PayoutProperties(200, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMinutes(5), 8, 4, 16, true, Duration.ofMillis(20), Duration.ofMillis(100), 8);
        assertThat(PayoutLinger.of(defaults)).isEqualTo(linger);
    }

    @Test
    void aBusyFromBeyondTheBatchCouldNeverBeReached() {
        assertThatThrownBy(() -> new PayoutProperties(10, Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 3, 1, 4, true, Duration.ofMillis(20),
                Duration.ofMillis(100), 11)).hasMessageContaining("busy-from");
    }
}
