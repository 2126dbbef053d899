package io.miaotui.gatewaysim;

/**
 * One method on one path. May throw {@link InvalidArgument} for a 400; throws {@link InterruptedException} only
 * when the simulator is closing mid-sleep, and then no answer is sent.
 */
@FunctionalInterface
interface Endpoint {
    Reply handle(SimRequest request) throws InterruptedException;
}
