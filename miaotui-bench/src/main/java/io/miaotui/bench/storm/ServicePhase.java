package io.miaotui.bench.storm;

import io.miaotui.bench.ApiClient;
import io.miaotui.bench.ApiResponse;
import io.miaotui.bench.MiniJson;
import io.miaotui.bench.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One storm against the service over HTTP: {@link StormOps} sent on an {@link OpenLoop} timeline by
 * {@code concurrency} workers. Counts refunds created (201 to a refund request; shipments are not refunds), the
 * instant ones among them, every answer by kind of request, status and problem
 * type, and keeps the ids of instant refunds for the time-to-money sample.
 */
public final class ServicePhase {
    private final ApiClient api;
    private final PrintStream log;

    public ServicePhase(ApiClient api, PrintStream log) {
        this.api = api;
        this.log = log;
    }

    /** What one storm did. Latencies are microseconds from each request's intended start. */
    public record Result(double targetRate, int concurrency, long requests, double seconds, long refundsCreated,
                         long instant, long review, Histogram latencyMicros, Histogram refundLatencyMicros,
                         Map<String, Long> outcomes, List<String> instantRefundIds) {
        public double requestsPerSecond() {
            return requests / Math.max(seconds, 1e-9);
        }

        public double refundsPerSecond() {
            return refundsCreated / Math.max(seconds, 1e-9);
        }

        /** Instant refunds created a second: what the raw SQL's one-refund transaction is compared with. */
        public double instantPerSecond() {
            return instant / Math.max(seconds, 1e-9);
        }

        /** Answers that were neither 2xx nor an expected refusal (a shipment of a line under refund is 409). */
        public long errors() {
            return outcomes.entrySet().stream().filter(e -> isError(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    public Result run(StormOps ops, double ratePerSecond, int concurrency, double seconds, String label) {
        Histogram all = new ConcurrentHistogram(3);
        Histogram refunds = new ConcurrentHistogram(3);
        ConcurrentHashMap<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        LongAdder created = new LongAdder();
        LongAdder instant = new LongAdder();
        LongAdder review = new LongAdder();
        LongAdder sent = new LongAdder();
        List<String> instantIds = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<Long, StormOps.Op> opOf = new ConcurrentHashMap<>();
        OpenLoop loop = new OpenLoop(OpenLoop.Ticker.SYSTEM, ratePerSecond, (long) (seconds * 1e9));
        long expected = ratePerSecond > 0 ? (long) (ratePerSecond * seconds) : 0;
        OpenLoop.Result result;
        try (Progress progress = Progress.start(label, expected, sent::sum,
                () -> outcomes.entrySet().stream().filter(e -> isError(e.getKey()))
                        .mapToLong(e -> e.getValue().sum()).sum(), log)) {
            result = loop.run(concurrency, index -> {
                StormOps.Op op = ops.next();
                opOf.put(index, op);
                ApiResponse response = switch (op.kind()) {
                    case SHIPMENT -> api.postShipment(op.orderId(), op.lineId(), "SF", "SF" + op.orderId() + op.lineId());
                    case REFUND, RETRY, REFUND_SHIPPED -> api.postRefund(op.buyerId(), op.key(), op.refundJson());
                };
                sent.increment();
                outcomes.computeIfAbsent(outcome(op.kind(), response), k -> new LongAdder()).increment();
                // a shipment's 201 is not a refund: counted as one, the storm's refunds were 1.1-1.3 x too many
                if (response.status() == 201 && op.kind() != StormOps.Kind.SHIPMENT) {
                    created.increment();
                    var body = MiniJson.parseObject(response.body());
                    String status = body.flatMap(o -> MiniJson.stringField(o, "status")).orElse("");
                    if (status.equals("APPROVED") || status.equals("PAID")) {
                        instant.increment();
                        body.flatMap(o -> MiniJson.stringField(o, "refundId")).ifPresent(instantIds::add);
                    } else if (status.equals("PENDING_MERCHANT_REVIEW")) {
                        review.increment();
                    }
                }
            }, (index, nanos) -> {
                long micros = Math.max(1, nanos / 1000);
                all.recordValue(micros);
                StormOps.Op op = opOf.remove(index);
                if (op != null && op.kind() != StormOps.Kind.SHIPMENT) {
                    refunds.recordValue(micros);
                }
            });
        }
        Map<String, Long> counted = new TreeMap<>();
        outcomes.forEach((k, v) -> counted.put(k, v.sum()));
        return new Result(ratePerSecond, concurrency, result.requests(), result.elapsedNanos() / 1e9, created.sum(),
                instant.sum(), review.sum(), all, refunds, counted, List.copyOf(instantIds));
    }

    /**
     * Whether an outcome is an error rather than an answer the storm expects: a 5xx, no answer, or a 404 (every
     * request names an order the bench loaded; a 404 means the storm ran past its data and measured cheap answers).
     */
    static boolean isError(String outcome) {
        return outcome.contains(" 5") || outcome.contains(" 404") || outcome.contains("no answer");
    }

    /** "REFUND 201", "RETRY 200", "SHIPMENT 409 refund-in-progress", "REFUND no answer HttpTimeoutException". */
    static String outcome(StormOps.Kind kind, ApiResponse response) {
        if (!response.responded()) {
            return kind + " no answer " + response.error().getClass().getSimpleName();
        }
        if (response.isSuccess()) {
            return kind + " " + response.status();
        }
        String type = MiniJson.stringField(response.body(), "type").orElse("");
        int slash = type.lastIndexOf('/');
        return kind + " " + response.status() + (type.isEmpty() ? "" : " " + type.substring(slash + 1));
    }
}
