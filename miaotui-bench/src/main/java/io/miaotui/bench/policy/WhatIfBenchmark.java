package io.miaotui.bench.policy;

import io.miaotui.policy.cel.CelPolicyCompiler;
import io.miaotui.policy.cel.CompiledPolicy;
import io.miaotui.policy.cel.DefaultCelPolicies;
import io.miaotui.policy.cel.PolicyFacts;
import io.miaotui.policy.cel.WhatIfResult;
import io.miaotui.policy.cel.WhatIfTally;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * A what-if replay of one million stored requests held in memory (the database read is not measured): one
 * operation is the whole million, so seconds per million is 1 / score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class WhatIfBenchmark {
    private static final int REQUESTS = 1_000_000;

    private PolicyFacts[] history;
    private boolean[] wasInstant;
    private CompiledPolicy draft;

    @Setup
    public void load() {
        draft = DefaultCelPolicies.compile(new CelPolicyCompiler()).get("legacy-2h-200");
        history = SampleFacts.make(REQUESTS, 11L);
        wasInstant = new boolean[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            wasInstant[i] = !history[i].lineShipped() && history[i].linePaidAmountFen() <= 500_00;
        }
    }

    @Benchmark
    public WhatIfResult replayMillion() {
        var tally = new WhatIfTally(draft);
        for (int i = 0; i < REQUESTS; i++) {
            tally.add(history[i], wasInstant[i]);
        }
        return tally.result();
    }
}
