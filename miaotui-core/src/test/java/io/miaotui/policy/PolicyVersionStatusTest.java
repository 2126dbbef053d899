package io.miaotui.policy;

import static io.miaotui.policy.PolicyVersionStatus.ACTIVE;
import static io.miaotui.policy.PolicyVersionStatus.CANDIDATE;
import static io.miaotui.policy.PolicyVersionStatus.DRAFT;
import static io.miaotui.policy.PolicyVersionStatus.RETIRED;
import static io.miaotui.policy.PolicyVersionStatus.ROLLED_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.policy.PolicyVersionStatus.Action;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyVersionStatusTest {

    @Test
    void everyStatusAndAction() {
        assertThat(DRAFT.after(Action.ROLL_OUT)).contains(CANDIDATE);
        assertThat(DRAFT.after(Action.PROMOTE)).contains(ACTIVE);
        assertThat(DRAFT.after(Action.ROLL_BACK)).contains(ROLLED_BACK);
        assertThat(CANDIDATE.after(Action.ROLL_OUT)).contains(CANDIDATE);
        assertThat(CANDIDATE.after(Action.PROMOTE)).contains(ACTIVE);
        assertThat(CANDIDATE.after(Action.ROLL_BACK)).contains(ROLLED_BACK);
        assertThat(ACTIVE.after(Action.ROLL_OUT)).isEmpty();
        assertThat(ACTIVE.after(Action.PROMOTE)).isEmpty();
        assertThat(ACTIVE.after(Action.ROLL_BACK)).contains(ROLLED_BACK);
        for (Action action : Action.values()) {
            assertThat(RETIRED.after(action)).as("retired: %s", action).isEqualTo(Optional.empty());
            assertThat(ROLLED_BACK.after(action)).as("rolled back: %s", action).isEqualTo(Optional.empty());
        }
    }

    @Test
    void onlyCandidateAndActiveServe() {
        assertThat(PolicyVersionStatus.SERVING).containsExactlyInAnyOrder(CANDIDATE, ACTIVE);
    }
}
