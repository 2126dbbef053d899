package io.miaotui.server.database;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: when no {@code spring.datasource.url} is configured, start PostgreSQL on
 * {@code miaotui.data-dir} and point a Hikari pool at it. Give a URL and this whole class stays out of the way.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabase.class)
public class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(MiaotuiDataProperties properties) {
        return EmbeddedDatabase.start(Path.of(properties.dataDir()).resolve("postgres"), properties.durable());
    }

    /** Depends on the database bean, so Spring closes the pool before it stops PostgreSQL. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedDatabase database) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setUsername("postgres");
        dataSource.setPoolName("miaotui-embedded");
        return dataSource;
    }
}
