package io.miaotui.gatewaysim;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator from the command line until killed. Stdout gets exactly one line, once the port is bound, so a
 * script can wait for it and read the URL; everything else goes to stderr. Exits 2 on bad arguments, 1 when the
 * port cannot be bound.
 *
 * <pre>java -jar miaotui-gateway-sim/target/miaotui-gateway-sim.jar --error-rate 0.3 --seed 42</pre>
 */
public final class GatewaySimulatorMain {
    static final int EXIT_OK = 0;
    static final int EXIT_CANNOT_LISTEN = 1;
    static final int EXIT_USAGE = 2;

    private GatewaySimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimOptions options;
        try {
            // An unseeded run still gets a definite seed, printed below, so it can be replayed.
            options = SimArgs.parse(args, () -> new SplittableRandom().nextLong());
        } catch (SimArgs.UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.print(SimArgs.usage());
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.help()) {
            System.out.print(SimArgs.usage());
            System.exit(EXIT_OK);
            return;
        }
        GatewaySimulator sim;
        try {
            sim = start(options, System.out);
        } catch (UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(EXIT_CANNOT_LISTEN);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "miaotui-gateway-sim-shutdown"));
        new CountDownLatch(1).await(); // until killed
    }

    /** Starts the simulator and announces it on {@code out}, only once it is accepting connections. */
    static GatewaySimulator start(SimOptions options, PrintStream out) {
        GatewaySimulator sim = GatewaySimulator.start(options.port(), options.faults(), options.seed());
        out.println(announcement(sim));
        out.flush();
        return sim;
    }

    static String announcement(GatewaySimulator sim) {
        return "miaotui-gateway-sim listening on " + sim.baseUrl() + " (seed " + sim.seed() + ")";
    }
}
