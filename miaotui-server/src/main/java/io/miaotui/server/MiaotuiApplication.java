package io.miaotui.server;

import io.miaotui.server.reconciliation.ReconcileCommand;
import io.miaotui.server.report.ReportCommand;
import io.miaotui.server.trust.TokenCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MiaotuiApplication {

    /** Starts the service, or runs one of the jar's commands ({@code reconcile}, {@code report}, {@code token}) and exits. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(TokenCommand.run(args, System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("reconcile")) {
            System.exit(ReconcileCommand.run(args, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("report")) {
            System.exit(ReportCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(MiaotuiApplication.class, args);
    }
}
