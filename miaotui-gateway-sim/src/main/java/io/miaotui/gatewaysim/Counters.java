package io.miaotui.gatewaysim;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Tallies for {@link Stats}, plus how many refund requests arrived for each out_request_no. */
final class Counters {
    private final LongAdder refundRequests = new LongAdder();
    private final LongAdder queries = new LongAdder();
    private final LongAdder processed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder declines = new LongAdder();
    private final LongAdder lostAnswers = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> requestsByNo = new ConcurrentHashMap<>();

    void refundRequest() {
        refundRequests.increment();
    }

    void query() {
        queries.increment();
    }

    void processed() {
        processed.increment();
    }

    /** A refund request carrying this (valid) out_request_no arrived, whatever then happened to it. */
    void arrived(String outRequestNo) {
        requestsByNo.computeIfAbsent(outRequestNo, no -> new LongAdder()).increment();
    }

    void fault(Fault fault) {
        switch (fault) {
            case ERROR -> errors.increment();
            case DECLINE -> declines.increment();
            case LOST_ANSWER -> lostAnswers.increment();
            case TIMEOUT -> timeouts.increment();
            case NONE -> {
            }
        }
    }

    long requestsFor(String outRequestNo) {
        LongAdder count = requestsByNo.get(outRequestNo);
        return count == null ? 0 : count.sum();
    }

    Stats snapshot() {
        return new Stats(refundRequests.sum(), queries.sum(), processed.sum(), errors.sum(), declines.sum(),
                lostAnswers.sum(), timeouts.sum());
    }
}
