package io.miaotui.policy.cel;

import java.util.List;
import java.util.Objects;

/** What compiling an expression gives: a policy ready to evaluate, or the errors an author has to fix. */
public sealed interface PolicyCompilation {

    record Compiled(CompiledPolicy policy) implements PolicyCompilation {
        public Compiled {
            Objects.requireNonNull(policy, "policy");
        }
    }

    record Rejected(List<PolicyError> errors) implements PolicyCompilation {
        public Rejected {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a rejection names at least one error");
            }
        }
    }
}
