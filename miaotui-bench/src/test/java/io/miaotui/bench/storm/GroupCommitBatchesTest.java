package io.miaotui.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupCommitBatchesTest {

    private static String page(double jobs, double batches) {
        return """
                # HELP miaotui_group_commit_batch_size Jobs committed together in one transaction
                # TYPE miaotui_group_commit_batch_size summary
                miaotui_group_commit_batch_size_count{application="miaotui",instance="a",work="refund requests"} %s
                miaotui_group_commit_batch_size_sum{application="miaotui",instance="a",work="refund requests"} %s
                miaotui_group_commit_batch_size_max{application="miaotui",instance="a",work="refund requests"} 9.0
                miaotui_group_commit_queued{application="miaotui",instance="a",work="refund requests"} 3.0
                http_server_requests_seconds_count{method="POST",uri="/api/v1/refunds"} 120.0
                """.formatted(batches, jobs);
    }

    @Test
    void meanBatchOfAPhaseIsJobsOverBatchesCommittedInIt() {
        var before = GroupCommitBatches.parse(page(100, 50));
        var after = GroupCommitBatches.parse(page(1_300, 350));

        assertThat(after.meanSince(before)).isEqualTo(Map.of("refund requests", 4.0));
    }

    @Test
    void aPageWithoutTheMetricGivesNoMean() {
        var none = GroupCommitBatches.parse("http_server_requests_seconds_count{uri=\"/x\"} 1.0\n");

        assertThat(none.totals()).isEmpty();
        assertThat(GroupCommitBatches.parse(page(10, 5)).meanSince(none)).isEqualTo(Map.of("refund requests", 2.0));
        assertThat(none.meanSince(GroupCommitBatches.parse(page(10, 5)))).isEmpty();
    }

    @Test
    void noBatchCommittedMeanwhileGivesNoMean() {
        var reading = GroupCommitBatches.parse(page(10, 5));

        assertThat(reading.meanSince(reading)).isEmpty();
    }
}
