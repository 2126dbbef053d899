package io.miaotui.policy.cel;

import dev.cel.runtime.Program;
import java.util.List;
import java.util.stream.Collectors;

/** One operand of a policy's top-level {@code &&} / {@code ||} chain, as text, as its own program, and the facts it reads. */
record Condition(String text, Program program, List<FactReference> references) {

    Condition {
        references = List.copyOf(references);
    }

    /** {@code "line.paidAmount <= 50000" failed (line.paidAmount = 62000)}. */
    String describe(Outcome outcome, PolicyFacts facts) {
        if (outcome.broken()) {
            return "\"" + text + "\" could not be evaluated (" + outcome.error() + ")";
        }
        String values = references.isEmpty() ? ""
                : references.stream().map(reference -> reference.describe(facts))
                        .collect(Collectors.joining(", ", " (", ")"));
        return "\"" + text + "\" " + (outcome.value() ? "held" : "failed") + values;
    }
}
