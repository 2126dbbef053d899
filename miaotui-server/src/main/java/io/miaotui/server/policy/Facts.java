package io.miaotui.server.policy;

import io.miaotui.policy.RefundContext;
import io.miaotui.policy.RequestHistory;
import io.miaotui.policy.cel.PolicyFacts;

/** The facts a CEL policy sees, from the domain's refund context. Amounts go in as fen. */
public final class Facts {
    private Facts() {
    }

    public static PolicyFacts of(RefundContext context) {
        RequestHistory history = context.history();
        return new PolicyFacts(
                context.shop().id().value(),
                context.shop().channel().name(),
                context.shopClosed(),
                history.shopExperienceScore(),
                context.orderPaidAt(),
                history.orderLineCount(),
                context.line().paid().minorUnits(),
                context.line().quantity(),
                context.line().isShipped(),
                context.shipBy(),
                context.buyerId().value(),
                history.buyerRefundsLast90d(),
                history.buyerOrdersLast90d(),
                history.buyerInstantRefundedLast30d().minorUnits(),
                history.buyerCreditLevel(),
                context.requestedAmount().minorUnits(),
                context.reason().orElse(null),
                context.now());
    }
}
