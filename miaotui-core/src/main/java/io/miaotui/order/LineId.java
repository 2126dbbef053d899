package io.miaotui.order;

import io.miaotui.ids.Identifiers;

public record LineId(String value) {
    public LineId {
        Identifiers.require("lineId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
