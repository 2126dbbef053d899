package io.miaotui.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** One compiler for all tests (building it is the slow part) and short ways to compile or be refused. */
final class PolicyTesting {
    static final CelPolicyCompiler COMPILER = new CelPolicyCompiler();

    private PolicyTesting() {
    }

    static CompiledPolicy policy(String expression) {
        PolicyCompilation compilation = COMPILER.compile(expression);
        assertThat(compilation).as("compiling %s", expression).isInstanceOf(PolicyCompilation.Compiled.class);
        return ((PolicyCompilation.Compiled) compilation).policy();
    }

    static List<PolicyError> errors(String expression) {
        PolicyCompilation compilation = COMPILER.compile(expression);
        assertThat(compilation).as("compiling %s", expression).isInstanceOf(PolicyCompilation.Rejected.class);
        return ((PolicyCompilation.Rejected) compilation).errors();
    }
}
