package io.miaotui.policy.cel;

import java.time.Duration;
import java.time.Instant;

/** Test facts with plausible defaults: a TAOBAO shop, an unshipped ¥499.00 line paid 5 minutes ago, refunded whole. */
final class FactsBuilder {
    static final Instant PAID_AT = Instant.parse("2026-11-11T00:00:05Z");

    private String shopId = "S-1";
    private String channel = "TAOBAO";
    private boolean shopClosed;
    private double experienceScore = 92.5;
    private Instant paidAt = PAID_AT;
    private int lineCount = 2;
    private long paidFen = 499_00;
    private int quantity = 1;
    private boolean shipped;
    private Instant shipBy = PAID_AT.plus(Duration.ofHours(48));
    private String buyerId = "B-1";
    private int refundsLast90d = 1;
    private int ordersLast90d = 10;
    private long instantRefundedLast30dFen;
    private int creditLevel = 3;
    private Long requestFen;
    private String reason = "ordered twice";
    private Instant now = PAID_AT.plus(Duration.ofMinutes(5));

    static FactsBuilder facts() {
        return new FactsBuilder();
    }

    FactsBuilder shop(String id) {
        this.shopId = id;
        return this;
    }

    FactsBuilder channel(String channel) {
        this.channel = channel;
        return this;
    }

    FactsBuilder paidFen(long fen) {
        this.paidFen = fen;
        return this;
    }

    FactsBuilder shipped(boolean shipped) {
        this.shipped = shipped;
        return this;
    }

    FactsBuilder shipBy(Instant shipBy) {
        this.shipBy = shipBy;
        return this;
    }

    FactsBuilder buyer(String id) {
        this.buyerId = id;
        return this;
    }

    FactsBuilder creditLevel(int level) {
        this.creditLevel = level;
        return this;
    }

    FactsBuilder requestFen(long fen) {
        this.requestFen = fen;
        return this;
    }

    FactsBuilder reason(String reason) {
        this.reason = reason;
        return this;
    }

    FactsBuilder sincePayment(Duration elapsed) {
        this.now = paidAt.plus(elapsed);
        return this;
    }

    PolicyFacts build() {
        return new PolicyFacts(shopId, channel, shopClosed, experienceScore, paidAt, lineCount, paidFen, quantity,
                shipped, shipBy, buyerId, refundsLast90d, ordersLast90d, instantRefundedLast30dFen, creditLevel,
                requestFen == null ? paidFen : requestFen, reason, now);
    }
}
