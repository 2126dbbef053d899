package io.miaotui.gatewaysim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A payment gateway with an Alipay-style refund API whose faults are set per run, for testing what Miaotui does when
 * the money rail misbehaves. Loopback only. Everything it knows lives in this instance, so tests can run several
 * side by side.
 *
 * <pre>{@code
 * try (GatewaySimulator sim = GatewaySimulator.start(0, Faults.NONE.withLostAnswerRate(0.1), 42)) {
 *     // point the code under test at sim.baseUrl()
 * }
 * }</pre>
 */
public final class GatewaySimulator implements AutoCloseable {
    /** Room for a burst of simultaneous connections (say, 50 identical retries) before the kernel refuses some. */
    private static final int BACKLOG = 256;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicReference<Faults> faults;
    private final RefundLedger ledger;
    private final Counters counters;
    private final long seed;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GatewaySimulator(HttpServer server, ExecutorService executor, AtomicReference<Faults> faults,
                             RefundLedger ledger, Counters counters, long seed) {
        this.server = server;
        this.executor = executor;
        this.faults = faults;
        this.ledger = ledger;
        this.counters = counters;
        this.seed = seed;
    }

    /**
     * Starts a simulator on 127.0.0.1.
     *
     * @param port   0 for any free port
     * @param faults the faults to begin with
     * @param seed   seeds every fault draw; the same seed and request sequence give the same faults
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static GatewaySimulator start(int port, Faults faults, long seed) {
        return start(port, faults, seed, Clock.systemUTC());
    }

    /** As {@link #start(int, Faults, long)}, with the clock that stamps gmt_refund_pay. */
    public static GatewaySimulator start(int port, Faults faults, long seed, Clock clock) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(clock, "clock");

        AtomicReference<Faults> current = new AtomicReference<>(faults);
        RefundLedger ledger = new RefundLedger(clock);
        Counters counters = new Counters();
        FaultDice dice = new FaultDice(seed);
        ControlEndpoints control = new ControlEndpoints(current, ledger, counters);
        Router router = new Router()
                .route("POST", "/v1/trade/refund", new RefundEndpoint(current::get, dice, ledger, counters))
                .route("POST", "/v1/trade/refund/query", new QueryEndpoint(current::get, dice, ledger, counters))
                .route("GET", "/v1/bill/refunds", new BillEndpoint(current::get, ledger))
                .route("GET", "/sim/stats", control::stats)
                .route("GET", "/sim/faults", control::faults)
                .route("PUT", "/sim/faults", control::setFaults)
                .route("GET", "/sim/records", control::records);

        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        // A virtual thread per request: a timeout fault sleeping for seconds holds no platform thread.
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", new HttpFront(router));
        server.start();
        return new GatewaySimulator(server, executor, current, ledger, counters, seed);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** "http://127.0.0.1:PORT", no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public long seed() {
        return seed;
    }

    public Faults faults() {
        return faults.get();
    }

    /** Takes effect for requests that arrive from now on; one already in flight keeps the faults it started with. */
    public void setFaults(Faults faults) {
        this.faults.set(Objects.requireNonNull(faults, "faults"));
    }

    /** Every statement line in the order written, injected ones included. */
    public List<RefundRecord> records() {
        return ledger.all();
    }

    public Stats stats() {
        return counters.snapshot();
    }

    /** How many refund requests carrying this out_request_no have arrived, whatever became of them. */
    public long requestCount(String outRequestNo) {
        return counters.requestsFor(outRequestNo);
    }

    /**
     * Writes a raw line to the statement, even a second one for an out_request_no it already has, so a
     * reconciliation test can face a gateway that double-paid or paid something Miaotui never asked for. If the
     * out_request_no is new, queries and retries will find this record as if it had been processed.
     */
    public void inject(RefundRecord record) {
        ledger.inject(Objects.requireNonNull(record, "record"));
    }

    /** Stops listening and interrupts requests still sleeping in a latency or timeout fault. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
