package io.miaotui.server.support;

import io.miaotui.server.MiaotuiApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service on a random port with a {@link MutableClock} the test moves (start it with
 * {@code --test.clock.start=...}), for tests of deadlines and periods that cannot share the suite's real-clock
 * service. Arguments after the defaults override them (a data directory, a sweep interval, another database).
 */
public final class ClockedService {
    private ClockedService() {
    }

    public static ConfigurableApplicationContext start(String... args) {
        var all = new ArrayList<>(List.of("--server.port=0", "--miaotui.durable=false",
                "--logging.level.io.miaotui=WARN"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(MiaotuiApplication.class, TestClockConfiguration.class)
                .run(all.toArray(String[]::new));
    }
}
