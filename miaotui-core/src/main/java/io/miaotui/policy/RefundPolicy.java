package io.miaotui.policy;

/** A named, versioned rule that decides whether a refund request is granted instantly. */
public interface RefundPolicy {

    String key();

    int version();

    /** One line for operators: what the rule grants. */
    String description();

    PolicyVerdict evaluate(RefundContext context);
}
