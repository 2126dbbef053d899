package io.miaotui.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ClockedService;
import io.miaotui.server.support.MutableClock;
import io.miaotui.server.support.TestDirs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Policy reports read the time from the service's clock, like everything else, so a test can move it. */
class PolicyClockTest {
    private static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");

    private static ConfigurableApplicationContext context;
    private static Api api;
    private static MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        context = ClockedService.start("--test.clock.start=" + NOW,
                "--miaotui.data-dir=" + TestDirs.fresh("miaotui-policy-clock-"));
        api = Api.of(context);
        clock = context.getBean(MutableClock.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    @DisplayName("a gray report without a period covers the seven days up to the service clock's now")
    void grayReportDefaultsToTheClocksLastWeek() {
        Instant now = clock.instant();

        Api.Reply report = api.get("/api/v1/policies/taobao-unshipped/gray-report");

        assertThat(report.status()).isEqualTo(200);
        assertThat(Instant.parse(report.text("to"))).isEqualTo(now);
        assertThat(Instant.parse(report.text("from"))).isEqualTo(now.minus(Duration.ofDays(7)));
    }
}
