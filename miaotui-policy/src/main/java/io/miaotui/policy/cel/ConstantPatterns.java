package io.miaotui.policy.cel;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.bundle.Cel;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import java.util.List;
import dev.cel.validator.CelAstValidator;

/**
 * Refuses a {@code matches()} whose pattern is not a string written in the policy, or is longer or compiles to a
 * bigger regex program than the limits: a pattern taken from the facts would let a buyer's text be the regex,
 * and a constant one can be checked once, here, and compiled once ({@link PatternCache}). Matching costs up to
 * the program's size times the text's length (a 500-character reason), so a policy may match only a few times:
 * at most {@code maxCalls} calls, none inside a comprehension's body (which would repeat it per element).
 */
final class ConstantPatterns implements CelAstValidator {
    static final String FUNCTION = "matches";

    private final int maxChars;
    private final int maxProgramSize;
    private final int maxCalls;

    ConstantPatterns(int maxChars, int maxProgramSize, int maxCalls) {
        this.maxChars = maxChars;
        this.maxProgramSize = maxProgramSize;
        this.maxCalls = maxCalls;
    }

    @Override
    public void validate(CelNavigableAst ast, Cel cel, IssuesFactory issues) {
        List<CelNavigableExpr> calls = ast.getRoot().allNodes()
                .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.CALL
                        && node.expr().call().function().equals(FUNCTION))
                .toList();
        for (CelNavigableExpr call : calls) {
            if (FlatComprehensions.inAnotherBody(call)) {
                issues.addError(call.id(), "matches() may not be used inside a comprehension (all, exists, map, ...),"
                        + " which would match once per element");
            } else {
                check(call.expr(), issues);
            }
        }
        if (calls.size() > maxCalls) {
            issues.addError(calls.get(maxCalls).id(), "a policy may call matches() at most " + maxCalls + " times");
        }
    }

    private void check(CelExpr call, IssuesFactory issues) {
        // text.matches(pattern) has the text as target; matches(text, pattern) has both as arguments
        int index = call.call().target().isPresent() ? 0 : 1;
        if (call.call().args().size() <= index) {
            return;
        }
        CelExpr pattern = call.call().args().get(index);
        if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            issues.addError(pattern.id(), "matches() takes a constant pattern written in the policy, such as"
                    + " \"^S-[0-9]+$\", not one computed from the facts");
            return;
        }
        String regex = pattern.constant().stringValue();
        if (regex.length() > maxChars) {
            issues.addError(pattern.id(), "the pattern is " + regex.length() + " characters long; the limit is "
                    + maxChars);
            return;
        }
        try {
            int size = Pattern.compile(regex).programSize();
            if (size > maxProgramSize) {
                issues.addError(pattern.id(), "the pattern compiles to a regex program size of " + size
                        + "; the limit is " + maxProgramSize + " (fewer repetitions or alternatives)");
            }
        } catch (PatternSyntaxException e) {
            issues.addError(pattern.id(), "the pattern is not a valid regular expression: " + e.getMessage());
        }
    }
}
