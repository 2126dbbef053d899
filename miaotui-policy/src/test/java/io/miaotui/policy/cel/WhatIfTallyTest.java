package io.miaotui.policy.cel;

import static io.miaotui.policy.cel.FactsBuilder.facts;
import static io.miaotui.policy.cel.PolicyTesting.policy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WhatIfTallyTest {

    /** The draft raises the instant limit from 500.00 to 800.00 and grants nothing instantly to buyers of credit level 0. */
    private final CompiledPolicy draft = policy("!line.shipped && line.paidAmount <= 80000 && buyer.creditLevel > 0");

    @Test
    void a_small_history_gives_the_hand_checked_figures_per_channel_and_in_total() {
        var tally = new WhatIfTally(draft);
        // TAOBAO, decided by the 500.00 rule back then:
        tally.add(facts().paidFen(499_00).build(), true);                   // instant, still instant
        tally.add(facts().paidFen(620_00).build(), false);                  // review, now instant: avoided
        tally.add(facts().paidFen(620_00).requestFen(100_00).build(), false); // review, now instant: avoided
        tally.add(facts().paidFen(900_00).build(), false);                  // review, still review
        tally.add(facts().paidFen(300_00).creditLevel(0).build(), true);    // instant, now review: added
        // TMALL, any amount back then:
        tally.add(facts().channel("TMALL").paidFen(1_200_00).build(), true); // instant, now review: added
        tally.add(facts().channel("TMALL").paidFen(50_00).build(), true);   // instant, still instant
        tally.add(facts().channel("TMALL").paidFen(50_00).shipped(true).build(), false); // review, still review

        WhatIfResult result = tally.result();

        assertThat(result.channel("TAOBAO")).isEqualTo(new WhatIfFigures(5, 2, 3, 799_00, 1_219_00, 2, 1));
        assertThat(result.channel("TMALL")).isEqualTo(new WhatIfFigures(3, 2, 1, 1_250_00, 50_00, 0, 1));
        assertThat(result.total()).isEqualTo(new WhatIfFigures(8, 4, 4, 2_049_00, 1_269_00, 2, 2));
        assertThat(result.byChannel()).containsOnlyKeys("TAOBAO", "TMALL");
    }

    @Test
    void a_request_the_draft_cannot_evaluate_counts_as_review() {
        var tally = new WhatIfTally(policy("now < line.shipBy"));

        tally.add(facts().shipBy(null).build(), true);

        assertThat(tally.result().total()).isEqualTo(new WhatIfFigures(1, 1, 0, 499_00, 0, 0, 1));
    }

    @Test
    void an_empty_replay_has_no_figures_and_a_result_is_a_snapshot() {
        var tally = new WhatIfTally(draft);
        WhatIfResult empty = tally.result();

        tally.add(facts().build(), true);

        assertThat(empty.total()).isEqualTo(WhatIfFigures.NONE);
        assertThat(empty.channel("TAOBAO")).isEqualTo(WhatIfFigures.NONE);
        assertThat(tally.result().total().requests()).isEqualTo(1);
    }
}
