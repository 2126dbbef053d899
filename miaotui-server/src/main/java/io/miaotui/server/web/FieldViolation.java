package io.miaotui.server.web;

/** One thing wrong with one field of a request, named by its JSON path ("lines[0].paidAmount"). */
public record FieldViolation(String field, String message) {
}
