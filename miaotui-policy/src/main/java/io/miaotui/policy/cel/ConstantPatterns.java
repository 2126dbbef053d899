package io.miaotui.policy.cel;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.bundle.Cel;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.validator.CelAstValidator;

/**
 * Refuses a {@code matches()} whose pattern is not a string written in the policy, or is longer or compiles to a
 * bigger regex program than the limits: a pattern taken from the facts would let a buyer's text be the regex,
 * and a constant one can be checked once, here, and compiled once ({@link PatternCache}).
 */
final class ConstantPatterns implements CelAstValidator {
    static final String FUNCTION = "matches";

    private final int maxChars;
    private final int maxProgramSize;

    ConstantPatterns(int maxChars, int maxProgramSize) {
        this.maxChars = maxChars;
        this.maxProgramSize = maxProgramSize;
    }

    @Override
    public void validate(CelNavigableAst ast, Cel cel, IssuesFactory issues) {
        ast.getRoot().allNodes()
                .map(node -> node.expr())
                .filter(e -> e.getKind() == CelExpr.ExprKind.Kind.CALL && e.call().function().equals(FUNCTION))
                .forEach(call -> check(call, issues));
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
