package io.miaotui.server.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded database keeps its files ({@code MIAOTUI_DATA_DIR}, default ./data) and whether it syncs
 * them to disk (on for real use; tests may switch it off for speed).
 */
@ConfigurationProperties("miaotui")
public record MiaotuiDataProperties(@DefaultValue("./data") String dataDir, @DefaultValue("true") boolean durable) {
}
