package io.miaotui.policy;

/** Decides a refund request by the policy that governs its shop's channel (and, under a gray release, the buyer). */
@FunctionalInterface
public interface PolicyDecider {
    PolicyRuling decide(RefundContext context);
}
