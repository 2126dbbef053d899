package io.miaotui.gatewaysim;

import java.util.Map;

/** An HTTP request as the endpoints see it: already read, so they never touch the exchange. */
record SimRequest(String method, String path, Map<String, String> query, String body) {
    SimRequest {
        query = Map.copyOf(query);
    }

    /**
     * The body as a JSON object.
     *
     * @throws InvalidArgument naming "body" when it is empty or not a supported JSON object
     */
    Map<String, Object> jsonBody() {
        if (body.isBlank()) {
            throw new InvalidArgument("body", "must be a JSON object, got nothing");
        }
        try {
            return JsonReader.parse(body);
        } catch (JsonReader.MalformedJson e) {
            throw new InvalidArgument("body", "is not a flat JSON object: " + e.getMessage());
        }
    }
}
