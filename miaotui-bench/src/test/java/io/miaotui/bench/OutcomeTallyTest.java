package io.miaotui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTallyTest {

    @Test
    void countsStatusesConnectionErrorsAndTheFirstFailure() {
        OutcomeTally tally = new OutcomeTally();
        tally.record(ApiResponse.of(201, "{}", 1));
        tally.record(ApiResponse.of(201, "{}", 1));
        tally.record(ApiResponse.of(409, "{\"message\":\"already refunded\"}", 1));
        tally.record(ApiResponse.of(503, "", 1));
        tally.record(ApiResponse.failed(new ConnectException("refused"), 1));

        assertThat(tally.total()).isEqualTo(5);
        assertThat(tally.successes()).isEqualTo(2);
        assertThat(tally.failures()).isEqualTo(3);
        assertThat(tally.serverErrors()).isEqualTo(1);
        assertThat(tally.connectionErrors()).isEqualTo(1);
        assertThat(tally.hasHardFailures()).isTrue();
        assertThat(tally.statusCounts()).containsExactly(Map.entry(201, 2L), Map.entry(409, 1L), Map.entry(503, 1L));
        assertThat(tally.errorCounts()).containsExactly(Map.entry("ConnectException", 1L));
        assertThat(tally.firstFailure()).isEqualTo("HTTP 409: {\"message\":\"already refunded\"}");
        assertThat(Report.statuses(tally)).isEqualTo("201: 2, 409: 1, 503: 1, no response: 1 (ConnectException: 1)");
    }

    @Test
    void clientErrorsAloneAreNotHardFailures() {
        OutcomeTally tally = new OutcomeTally();
        tally.record(ApiResponse.of(404, "", 1));

        assertThat(tally.hasHardFailures()).isFalse();
        assertThat(Report.statuses(new OutcomeTally())).isEqualTo("none");
    }
}
