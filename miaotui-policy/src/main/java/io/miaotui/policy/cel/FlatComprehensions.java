package io.miaotui.policy.cel;

import dev.cel.bundle.Cel;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.validator.CelAstValidator;
import java.util.Optional;

/**
 * Allows one comprehension ({@code all}, {@code exists}, {@code map}, ...) per policy. Nested ones multiply: ten
 * lists of ten nested ten deep are ten billion steps. And CEL counts {@code comprehensionMaxIterations} over one
 * whole evaluation, while {@code decide} evaluates condition by condition: with two loops of 60 under a budget of
 * 100 the whole policy fails (so its shadow and what-if say review) while each condition passes (so the refund is
 * instant). With one loop both ways spend the same budget and give the same answer.
 */
final class FlatComprehensions implements CelAstValidator {

    @Override
    public void validate(CelNavigableAst ast, Cel cel, IssuesFactory issues) {
        var comprehensions = ast.getRoot().allNodes()
                .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION)
                .toList();
        comprehensions.stream().filter(FlatComprehensions::inAnotherBody)
                .forEach(node -> issues.addError(node.id(), "a comprehension (all, exists, exists_one, map, filter)"
                        + " may not be nested in another one's body"));
        comprehensions.stream().filter(node -> !inAnotherBody(node)).skip(1)
                .forEach(node -> issues.addError(node.id(), "a policy may hold one comprehension (all, exists,"
                        + " exists_one, map, filter); its iteration budget is shared by the whole evaluation"));
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
