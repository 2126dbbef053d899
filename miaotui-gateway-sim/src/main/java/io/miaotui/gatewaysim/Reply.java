package io.miaotui.gatewaysim;

import java.util.HashMap;
import java.util.Map;

/** An HTTP answer: status, JSON body, and any headers beyond the content type. */
record Reply(int status, String body, Map<String, String> headers) {
    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply json(int status, JsonWriter body) {
        return new Reply(status, body.toJson(), Map.of());
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new Reply(status, body, more);
    }
}
