package io.miaotui.server;

import io.miaotui.server.reconciliation.ReconcileCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MiaotuiApplication {

    /** Starts the service, or runs one of the jar's commands ({@code reconcile}) and exits. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("reconcile")) {
            System.exit(ReconcileCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(MiaotuiApplication.class, args);
    }
}
