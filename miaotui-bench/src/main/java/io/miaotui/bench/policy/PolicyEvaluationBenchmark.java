package io.miaotui.bench.policy;

import io.miaotui.policy.cel.CelPolicyCompiler;
import io.miaotui.policy.cel.CompiledPolicy;
import io.miaotui.policy.cel.DefaultCelPolicies;
import io.miaotui.policy.cel.PolicyDecision;
import io.miaotui.policy.cel.PolicyFacts;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One refund decision by a CEL default: {@code instant} (the request path) for each default, and {@code decide}
 * (with the explanation) for taobao-unshipped. Each call takes the next of 1,024 varied requests.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class PolicyEvaluationBenchmark {
    private static final int SAMPLES = 1_024; // a power of two: the cycle is a mask, not a division

    @Param({"tmall-unshipped", "taobao-unshipped", "legacy-2h-200"})
    public String policyKey;

    private PolicyFacts[] facts;
    private CompiledPolicy policy;
    private int next;

    @Setup
    public void compile() {
        policy = DefaultCelPolicies.compile(new CelPolicyCompiler()).get(policyKey);
        facts = SampleFacts.make(SAMPLES, 20261111L);
    }

    @Benchmark
    public boolean instant() {
        return policy.instant(facts[next++ & (SAMPLES - 1)]);
    }

    @Benchmark
    public PolicyDecision decide() {
        return policy.decide(facts[next++ & (SAMPLES - 1)]);
    }
}
