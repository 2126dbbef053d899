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
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.Program;
import dev.cel.validator.CelValidator;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.AstDepthLimitValidator;
import java.util.List;

/**
 * Compiles refund policies written in CEL against the documented context ({@link PolicyFacts}). Building the CEL
 * environment and the first compile take about half a second, so make one per process and share it (it is
 * thread-safe); the constructor pays that cost up front instead of the first author or request.
 *
 * <p>A policy runs on every refund request (a candidate in gray release too, as the shadow), inside the request's
 * transaction, so what could make one slow is refused when it is written: an expression over
 * {@value #MAX_EXPRESSION_CHARS} characters or deeper than {@value #MAX_AST_DEPTH}, a comprehension nested in
 * another's body, a {@code matches()} pattern not written in the policy or over {@value #MAX_PATTERN_CHARS}
 * characters or a regex program size of {@value #MAX_REGEX_PROGRAM_SIZE}, more than {@value #MAX_PATTERN_CALLS}
 * matches() or one inside a comprehension. What is left is bounded when it runs: at most
 * {@value #MAX_COMPREHENSION_ITERATIONS} iterations per comprehension, patterns compiled once.
 */
public final class CelPolicyCompiler {
    /** Policies are short sentences; a limit keeps parse time and explanations bounded. */
    public static final int MAX_EXPRESSION_CHARS = 4_000;
    /**
     * A policy has no business looping long over lists it builds itself (membership is {@code x in [...]}, no
     * loop); past it the evaluation is an error, so a review.
     */
    static final int MAX_COMPREHENSION_ITERATIONS = 100;
    /** Policies read as a few conditions; deeper trees only cost stack and time. */
    static final int MAX_AST_DEPTH = 50;
    /** A pattern that matches shop or buyer ids or a reason fits in a line. */
    static final int MAX_PATTERN_CHARS = 200;
    /** RE2's measure of a compiled regex (its instructions): matching time grows with it and the text's length. */
    static final int MAX_REGEX_PROGRAM_SIZE = 64;
    /** Calls of matches() in one policy. */
    static final int MAX_PATTERN_CALLS = 2;

    private static final CelOptions OPTIONS = CelOptions.current()
            .populateMacroCalls(true) // so the unparser prints has(...) and exists(...) as written
            .enableHeterogeneousNumericComparisons(true) // the planner requires it; shop.experienceScore >= 90 reads well
            .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
            .maxRegexProgramSize(MAX_REGEX_PROGRAM_SIZE)
            .build();

    private final CelCompiler compiler;
    private final CelRuntime runtime;
    private final CelValidator validator;

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
        PatternCache patterns = new PatternCache(OPTIONS.enableRegexPartialMatch());
        this.runtime = CelRuntimeFactory.plannerRuntimeBuilder()
                .setOptions(OPTIONS)
                .setTypeProvider(PolicyTypes.INSTANCE)
                // matches() with patterns compiled once instead of at every call
                .setStandardFunctions(CelStandardFunctions.newBuilder()
                        .excludeFunctions(CelStandardFunctions.StandardFunction.MATCHES).build())
                .addFunctionBindings(CelFunctionBinding.fromOverloads(ConstantPatterns.FUNCTION,
                        CelFunctionBinding.from("matches", String.class, String.class, patterns::matches),
                        CelFunctionBinding.from("matches_string", String.class, String.class, patterns::matches)))
                .build();
        this.validator = CelValidatorFactory.standardCelValidatorBuilder(compiler, runtime)
                .addAstValidators(AstDepthLimitValidator.newInstance(MAX_AST_DEPTH),
                        new ConstantPatterns(MAX_PATTERN_CHARS, MAX_REGEX_PROGRAM_SIZE, MAX_PATTERN_CALLS),
                        new FlatComprehensions())
                .build();
        warm();
    }

    /** The policy, or every error with its line and column (1-based) in {@code expression}. */
    public PolicyCompilation compile(String expression) {
        try {
            return compileChecked(expression);
        } catch (CelValidationException | CelEvaluationException | RuntimeException | Error e) {
            // Not expected once the checker passed (an Error included: a stack overflow in CEL on some input);
            // still the author's answer, a refusal, not a server error.
            return rejected("the expression could not be compiled: " + e);
        }
    }

    private PolicyCompilation compileChecked(String expression) throws CelValidationException, CelEvaluationException {
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
        CelAbstractSyntaxTree ast = result.getAst();
        if (!ast.getResultType().equals(SimpleType.BOOL)) {
            return rejected("a policy must be true or false (bool), but this expression gives "
                    + ast.getResultType().name() + "; compare it, e.g. line.paidAmount <= 50000");
        }
        CelValidationResult limits = validator.validate(ast);
        if (limits.hasError()) {
            return new PolicyCompilation.Rejected(limits.getErrors().stream().map(CelPolicyCompiler::toError).toList());
        }
        Program program = runtime.createProgram(ast);
        return new PolicyCompilation.Compiled(
                new CompiledPolicy(expression, program, ConditionSplitter.split(ast, program, runtime)));
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
