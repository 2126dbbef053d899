package io.miaotui.gatewaysim;

/**
 * A snapshot of what the simulator has seen.
 *
 * @param refundRequests every POST /v1/trade/refund, valid or not
 * @param queries        every POST /v1/trade/refund/query, valid or not
 * @param processed      refund requests that reached the books (created, replayed or refused for a changed amount),
 *                       including those whose answer was then lost or delayed
 * @param errors         500s injected, on refunds and queries
 * @param declines       declines injected
 * @param lostAnswers    lost answers injected
 * @param timeouts       delayed answers injected
 */
public record Stats(long refundRequests, long queries, long processed, long errors, long declines,
                    long lostAnswers, long timeouts) {
}
