package io.miaotui.policy.cel;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A what-if replay's figures in total and per shop channel ("TAOBAO", "TMALL"), channels in name order. */
public record WhatIfResult(WhatIfFigures total, Map<String, WhatIfFigures> byChannel) {

    public WhatIfResult {
        Objects.requireNonNull(total, "total");
        byChannel = Collections.unmodifiableMap(new TreeMap<>(byChannel));
    }

    /** The channel's figures; {@link WhatIfFigures#NONE} for a channel with no requests. */
    public WhatIfFigures channel(String channel) {
        return byChannel.getOrDefault(channel, WhatIfFigures.NONE);
    }
}
