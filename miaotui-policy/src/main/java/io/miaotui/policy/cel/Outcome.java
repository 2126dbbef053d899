package io.miaotui.policy.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import java.util.regex.Pattern;

/** One program evaluated over one request's facts: true, false, or broken with the reason (an error means review). */
record Outcome(boolean value, String error) {

    /** CEL prefixes messages with where in the text it failed; the explanation quotes the condition instead. */
    private static final Pattern CEL_PREFIX = Pattern.compile("^evaluation error( at [^:]*:\\d+)?: ");

    static Outcome of(Program program, PolicyFacts facts) {
        try {
            Object result = program.eval(new FactsResolver(facts));
            if (result instanceof Boolean bool) {
                return new Outcome(bool, null);
            }
            return new Outcome(false, "it gave " + result + " instead of true or false");
        } catch (CelEvaluationException e) {
            return new Outcome(false, CEL_PREFIX.matcher(String.valueOf(e.getMessage())).replaceFirst(""));
        } catch (RuntimeException | Error e) {
            // A bug in CEL or in our fact views, or the JVM giving up on one evaluation (a stack overflow), must
            // not fail the refund: it goes to review, with the cause named.
            return new Outcome(false, e.toString());
        }
    }

    boolean held() {
        return value && error == null;
    }

    boolean broken() {
        return error != null;
    }
}
