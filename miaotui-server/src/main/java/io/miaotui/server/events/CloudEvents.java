package io.miaotui.server.events;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * CloudEvents 1.0 in structured JSON mode, written by hand (the envelope is eight fields): events out carry
 * {@code specversion}, {@code id}, {@code source}, {@code type}, {@code subject}, {@code time},
 * {@code datacontenttype} and {@code data}; events in must carry at least the four the specification requires.
 */
final class CloudEvents {
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    static final String TYPE_PREFIX = "io.miaotui.";
    private static final Set<String> REQUIRED = Set.of("specversion", "id", "source", "type");

    private CloudEvents() {
    }

    /** The structured JSON of one outbound event; {@code data} is JSON text already. */
    static String envelope(JsonMapper json, EventOutbox.Pending event, String source) {
        ObjectNode root = json.createObjectNode();
        root.put("specversion", "1.0");
        root.put("id", event.eventId().toString());
        root.put("source", source);
        root.put("type", TYPE_PREFIX + (event.type().startsWith("Refund") ? "refund." : "platform.") + event.type());
        root.put("subject", event.subject());
        root.put("time", DateTimeFormatter.ISO_INSTANT.format(event.at()));
        root.put("datacontenttype", "application/json");
        root.set("data", json.readTree(event.data()));
        return json.writeValueAsString(root);
    }

    /** An inbound event's envelope, checked: its id, its type without the prefix, and its data object. */
    record Inbound(String id, String type, JsonNode data) {
    }

    /** Parses the envelope; throws {@link Unreadable} naming what is wrong. */
    static Inbound read(JsonMapper json, byte[] value) {
        if (value == null) {
            throw new Unreadable("the message has no value (a tombstone is not an event)");
        }
        JsonNode root;
        try {
            root = json.readTree(value);
        } catch (RuntimeException e) {
            throw new Unreadable("the value is not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new Unreadable("the value is not a JSON object");
        }
        for (String field : REQUIRED) {
            if (!root.hasNonNull(field) || !root.get(field).isString() || root.get(field).asString().isBlank()) {
                throw new Unreadable("CloudEvents attribute '" + field + "' is missing or not a string");
            }
        }
        if (!"1.0".equals(root.get("specversion").asString())) {
            throw new Unreadable("specversion must be 1.0");
        }
        String id = root.get("id").asString();
        if (id.length() > 200) {
            throw new Unreadable("id must be at most 200 characters");
        }
        if (root.hasNonNull("datacontenttype") && !root.get("datacontenttype").asString().startsWith("application/json")) {
            throw new Unreadable("datacontenttype must be application/json");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new Unreadable("data must be a JSON object");
        }
        String type = root.get("type").asString();
        String bare = type.startsWith(TYPE_PREFIX + "order.") ? type.substring((TYPE_PREFIX + "order.").length()) : type;
        return new Inbound(id, bare, data);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The message cannot be read as an order event; the reason goes to the dead-letter topic with it. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    static String iso(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }
}
