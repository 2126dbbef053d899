package io.miaotui.gatewaysim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Exact-path routing, so a typo in a path is a 404 rather than a near miss, and a wrong method a 405. */
final class Router {
    private final Map<String, Map<String, Endpoint>> routes = new LinkedHashMap<>();

    /** Adds a route; used only while the simulator is being built, before any request can arrive. */
    Router route(String method, String path, Endpoint endpoint) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, endpoint);
        return this;
    }

    Reply dispatch(SimRequest request) throws InterruptedException {
        Map<String, Endpoint> methods = routes.get(request.path());
        if (methods == null) {
            return Replies.notFound(request.method(), request.path());
        }
        Endpoint endpoint = methods.get(request.method());
        if (endpoint == null) {
            return Replies.methodNotAllowed(request.method(), request.path(), methods.keySet());
        }
        return endpoint.handle(request);
    }
}
