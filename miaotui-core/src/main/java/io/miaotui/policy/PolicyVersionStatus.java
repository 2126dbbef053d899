package io.miaotui.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a policy version stands. A new version is a DRAFT (serves nobody); a rollout makes it the CANDIDATE
 * (serves the buyers and shops its rollout covers, the ACTIVE version serves the rest, and each decision records
 * what the other would have said); promotion makes it ACTIVE (the old active one RETIRED); rollback takes a
 * draft or candidate out of service, or an active version out in favour of the last retired one.
 */
public enum PolicyVersionStatus {
    DRAFT, CANDIDATE, ACTIVE, RETIRED, ROLLED_BACK;

    public enum Action { ROLL_OUT, PROMOTE, ROLL_BACK }

    /** The whole state machine: from each status, what each action leads to. Absent: not allowed. */
    private static final Map<PolicyVersionStatus, Map<Action, PolicyVersionStatus>> TABLE = Map.of(
            DRAFT, Map.of(Action.ROLL_OUT, CANDIDATE, Action.PROMOTE, ACTIVE, Action.ROLL_BACK, ROLLED_BACK),
            CANDIDATE, Map.of(Action.ROLL_OUT, CANDIDATE, Action.PROMOTE, ACTIVE, Action.ROLL_BACK, ROLLED_BACK),
            ACTIVE, Map.of(Action.ROLL_BACK, ROLLED_BACK),
            RETIRED, Map.of(),
            ROLLED_BACK, Map.of());

    public Optional<PolicyVersionStatus> after(Action action) {
        return Optional.ofNullable(TABLE.get(this).get(action));
    }

    /** The statuses that serve traffic. */
    public static final Set<PolicyVersionStatus> SERVING = Set.of(CANDIDATE, ACTIVE);
}
