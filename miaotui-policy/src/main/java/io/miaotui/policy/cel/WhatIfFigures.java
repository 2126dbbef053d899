package io.miaotui.policy.cel;

/**
 * What a draft policy would have changed over stored requests: how many were and would be instant, the money
 * (sum of {@code request.amount}, fen) that was and would be refunded instantly, and the merchant reviews the
 * draft avoids (was review, now instant) and adds (was instant, now review).
 */
public record WhatIfFigures(long requests, long instantBefore, long instantAfter, long amountInstantBeforeFen,
        long amountInstantAfterFen, long reviewsAvoided, long reviewsAdded) {

    public static final WhatIfFigures NONE = new WhatIfFigures(0, 0, 0, 0, 0, 0, 0);
}
