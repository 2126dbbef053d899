package io.miaotui.policy.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.parser.CelUnparser;
import dev.cel.parser.CelUnparserFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.Program;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Splits a checked policy at its top-level {@code &&} or {@code ||} into conditions, each unparsed to text and
 * planned as its own program from the same checked AST (so it means exactly what it meant inside the policy).
 */
final class ConditionSplitter {
    private static final CelUnparser UNPARSER = CelUnparserFactory.newUnparser();

    private ConditionSplitter() {
    }

    static ConditionChain split(CelAbstractSyntaxTree ast, Program whole, CelRuntime runtime)
            throws CelEvaluationException {
        CelExpr root = ast.getExpr();
        Junction junction = root.getKind() == Kind.CALL ? Junction.ofCall(root.call().function()) : Junction.ONE;
        if (junction == Junction.ONE) {
            return new ConditionChain(junction, List.of(new Condition(UNPARSER.unparse(ast), whole, referencesOf(root))));
        }
        var operands = new ArrayList<CelExpr>();
        flatten(root, junction, operands);
        var conditions = new ArrayList<Condition>();
        for (CelExpr operand : operands) {
            String text = UNPARSER.unparse(CelAbstractSyntaxTree.newParsedAst(operand, ast.getSource()));
            Program program = runtime.createProgram(CelAbstractSyntaxTree.newCheckedAst(operand, ast.getSource(),
                    ast.getReferenceMap(), ast.getTypeMap()));
            conditions.add(new Condition(text, program, referencesOf(operand)));
        }
        return new ConditionChain(junction, conditions);
    }

    /** CEL balances long chains into a tree; the operands, left to right, are what the author wrote. */
    private static void flatten(CelExpr expr, Junction junction, List<CelExpr> operands) {
        if (expr.getKind() == Kind.CALL && expr.call().function().equals(junction.celFunction())) {
            for (CelExpr arg : expr.call().args()) {
                flatten(arg, junction, operands);
            }
        } else {
            operands.add(expr);
        }
    }

    /** The context facts an expression reads, in the order they appear: {@code var.field} selections and {@code now}. */
    static List<FactReference> referencesOf(CelExpr expr) {
        var references = new LinkedHashSet<FactReference>();
        CelNavigableExpr.fromExpr(expr).allNodes().forEach(node -> {
            CelExpr e = node.expr();
            if (e.getKind() == Kind.IDENT && e.ident().name().equals(FactGroup.NOW)) {
                references.add(FactReference.now());
            } else if (e.getKind() == Kind.SELECT && e.select().operand().getKind() == Kind.IDENT) {
                FactGroup.ofVariable(e.select().operand().ident().name())
                        .filter(group -> group.hasField(e.select().field()))
                        .ifPresent(group -> references.add(new FactReference(group, e.select().field())));
            }
        });
        return List.copyOf(references);
    }
}
