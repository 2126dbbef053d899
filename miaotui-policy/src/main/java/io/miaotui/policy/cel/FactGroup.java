package io.miaotui.policy.cel;

import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The struct-typed variables of the policy context and their fields: the single table both the CEL type checker and
 * the evaluator read, so what is declared is what is served. CEL ints are Java longs.
 */
enum FactGroup {
    SHOP("shop",
            new FactField("id", SimpleType.STRING, PolicyFacts::shopId),
            new FactField("channel", SimpleType.STRING, PolicyFacts::shopChannel),
            new FactField("closed", SimpleType.BOOL, PolicyFacts::shopClosed),
            new FactField("experienceScore", SimpleType.DOUBLE, PolicyFacts::shopExperienceScore)),
    ORDER("order",
            new FactField("paidAt", SimpleType.TIMESTAMP, PolicyFacts::orderPaidAt),
            new FactField("lineCount", SimpleType.INT, f -> (long) f.orderLineCount())),
    LINE("line",
            new FactField("paidAmount", SimpleType.INT, PolicyFacts::linePaidAmountFen),
            new FactField("quantity", SimpleType.INT, f -> (long) f.lineQuantity()),
            new FactField("shipped", SimpleType.BOOL, PolicyFacts::lineShipped),
            new FactField("shipBy", SimpleType.TIMESTAMP, PolicyFacts::lineShipBy)),
    BUYER("buyer",
            new FactField("id", SimpleType.STRING, PolicyFacts::buyerId),
            new FactField("refundsLast90d", SimpleType.INT, f -> (long) f.buyerRefundsLast90d()),
            new FactField("ordersLast90d", SimpleType.INT, f -> (long) f.buyerOrdersLast90d()),
            new FactField("instantRefundAmountLast30d", SimpleType.INT, PolicyFacts::buyerInstantRefundAmountLast30dFen),
            new FactField("creditLevel", SimpleType.INT, f -> (long) f.buyerCreditLevel())),
    REQUEST("request",
            new FactField("amount", SimpleType.INT, PolicyFacts::requestAmountFen),
            new FactField("reason", SimpleType.STRING, PolicyFacts::requestReason));

    /** The one plain (non-struct) variable. */
    static final String NOW = "now";

    private static final String TYPE_PREFIX = "miaotui.policy.";

    private final String variable;
    private final Map<String, FactField> fields;
    private final StructType type;

    FactGroup(String variable, FactField... fields) {
        this.variable = variable;
        var byName = new LinkedHashMap<String, FactField>();
        for (FactField field : fields) {
            byName.put(field.name(), field);
        }
        Map<String, FactField> known = Map.copyOf(byName);
        this.fields = known;
        this.type = StructType.create(TYPE_PREFIX + Character.toUpperCase(variable.charAt(0)) + variable.substring(1),
                ImmutableSet.copyOf(byName.keySet()), name -> Optional.ofNullable(known.get(name)).map(FactField::type));
    }

    String variable() {
        return variable;
    }

    StructType type() {
        return type;
    }

    /** The group a context variable names, if it is one of ours. */
    static Optional<FactGroup> ofVariable(String name) {
        for (FactGroup group : values()) {
            if (group.variable.equals(name)) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    boolean hasField(String name) {
        return fields.containsKey(name);
    }

    /** The field's value, or {@code null} when the field does not exist or its fact is unknown. */
    Object read(String name, PolicyFacts facts) {
        FactField field = fields.get(name);
        return field == null ? null : field.read().apply(facts);
    }
}
