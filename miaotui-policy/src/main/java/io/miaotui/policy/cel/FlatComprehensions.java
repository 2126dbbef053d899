package io.miaotui.policy.cel;

import dev.cel.bundle.Cel;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.validator.CelAstValidator;
import java.util.Optional;

/**
 * Refuses a comprehension ({@code all}, {@code exists}, {@code map}, ...) inside another one's body. Each runs at
 * most {@code comprehensionMaxIterations} times, but nested ones multiply: ten lists of ten nested ten deep are
 * ten billion steps. Side by side, or one over another's result (its range is evaluated once), is fine.
 */
final class FlatComprehensions implements CelAstValidator {

    @Override
    public void validate(CelNavigableAst ast, Cel cel, IssuesFactory issues) {
        ast.getRoot().allNodes()
                .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION)
                .filter(FlatComprehensions::inAnotherBody)
                .forEach(node -> issues.addError(node.id(), "a comprehension (all, exists, exists_one, map, filter)"
                        + " may not be nested in another one's body"));
    }

    /** Whether {@code node} is evaluated once per element of some comprehension around it. */
    static boolean inAnotherBody(CelNavigableExpr node) {
        CelNavigableExpr child = node;
        Optional<CelNavigableExpr> parent = node.parent();
        while (parent.isPresent()) {
            CelExpr outer = parent.get().expr();
            if (outer.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION
                    && outer.comprehension().iterRange().id() != child.id()) {
                return true;
            }
            child = parent.get();
            parent = child.parent();
        }
        return false;
    }
}
