package io.miaotui.policy.cel;

import dev.cel.common.types.CelType;
import java.util.function.Function;

/** One field of a context variable: its CEL name and type, and how to read it from the facts ({@code null}: unknown). */
record FactField(String name, CelType type, Function<PolicyFacts, Object> read) {
}
