package io.miaotui.server.payout;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** DOWN when the payout worker has not completed a pass for a while: approved refunds would be waiting. */
@Component("payoutHealthIndicator")
public class PayoutWorkerHealth implements HealthIndicator {
    private static final Duration STALE_AFTER = Duration.ofSeconds(30);

    private final PayoutWorker worker;
    private final Clock clock;

    public PayoutWorkerHealth(PayoutWorker worker, Clock clock) {
        this.worker = worker;
        this.clock = clock;
    }

    @Override
    public Health health() {
        if (!worker.isRunning()) {
            return Health.unknown().withDetail("worker", "disabled").build();
        }
        Duration since = Duration.between(worker.lastLoopAt(), clock.instant());
        Health.Builder health = since.compareTo(STALE_AFTER) > 0 ? Health.down() : Health.up();
        return health.withDetail("lastPassAgoMs", since.toMillis()).build();
    }
}
