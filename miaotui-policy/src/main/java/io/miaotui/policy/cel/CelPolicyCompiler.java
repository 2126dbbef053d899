package io.miaotui.policy.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.Program;
import java.util.List;

/**
 * Compiles refund policies written in CEL against the documented context ({@link PolicyFacts}). Building the CEL
 * environment and the first compile take about half a second, so make one per process and share it (it is
 * thread-safe); the constructor pays that cost up front instead of the first author or request.
 */
public final class CelPolicyCompiler {
    /** Policies are short sentences; a limit keeps parse time and explanations bounded. */
    public static final int MAX_EXPRESSION_CHARS = 4_000;
    /** A policy has no business looping long over lists it builds itself. */
    static final int MAX_COMPREHENSION_ITERATIONS = 1_000;

    private static final CelOptions OPTIONS = CelOptions.current()
            .populateMacroCalls(true) // so the unparser prints has(...) and exists(...) as written
            .enableHeterogeneousNumericComparisons(true) // the planner requires it; shop.experienceScore >= 90 reads well
            .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
            .build();

    private final CelCompiler compiler;
    private final CelRuntime runtime;

    public CelPolicyCompiler() {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(PolicyTypes.INSTANCE)
                .addVar(FactGroup.NOW, SimpleType.TIMESTAMP);
        for (FactGroup group : FactGroup.values()) {
            builder.addVar(group.variable(), group.type());
        }
        this.compiler = builder.build();
        this.runtime = CelRuntimeFactory.plannerRuntimeBuilder()
                .setOptions(OPTIONS)
                .setTypeProvider(PolicyTypes.INSTANCE)
                .build();
        warm();
    }

    /** The policy, or every error with its line and column (1-based) in {@code expression}. */
    public PolicyCompilation compile(String expression) {
        if (expression == null || expression.isBlank()) {
            return rejected("a policy needs an expression, such as !line.shipped");
        }
        if (expression.length() > MAX_EXPRESSION_CHARS) {
            return rejected("the expression is " + expression.length() + " characters long; the limit is "
                    + MAX_EXPRESSION_CHARS);
        }
        CelValidationResult result = compiler.compile(expression);
        if (result.hasError()) {
            return new PolicyCompilation.Rejected(result.getErrors().stream().map(CelPolicyCompiler::toError).toList());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            if (!ast.getResultType().equals(SimpleType.BOOL)) {
                return rejected("a policy must be true or false (bool), but this expression gives "
                        + ast.getResultType().name() + "; compare it, e.g. line.paidAmount <= 50000");
            }
            Program program = runtime.createProgram(ast);
            return new PolicyCompilation.Compiled(
                    new CompiledPolicy(expression, program, ConditionSplitter.split(ast, program, runtime)));
        } catch (CelValidationException | CelEvaluationException e) {
            // Not expected once the checker passed; still the author's answer, not a server error.
            return rejected("the expression could not be planned: " + e.getMessage());
        }
    }

    private void warm() {
        if (!(compile("!line.shipped && now - order.paidAt <= duration(\"2h\") && line.paidAmount <= 20000")
                instanceof PolicyCompilation.Compiled)) {
            throw new IllegalStateException("the CEL environment cannot compile the sample policy");
        }
    }

    /** CEL's issue columns are 0-based (its own display adds one); lines are already 1-based. */
    private static PolicyError toError(CelIssue issue) {
        int line = Math.max(1, issue.getSourceLocation().getLine());
        int column = Math.max(0, issue.getSourceLocation().getColumn()) + 1;
        return new PolicyError(line, column, issue.getMessage());
    }

    private static PolicyCompilation.Rejected rejected(String message) {
        return new PolicyCompilation.Rejected(List.of(new PolicyError(1, 1, message)));
    }
}
