package io.miaotui.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MiaotuiApplication {

    public static void main(String[] args) {
        SpringApplication.run(MiaotuiApplication.class, args);
    }
}
