package io.miaotui.gatewaysim;

/** The command line, parsed: where to listen, what goes wrong, and the seed that makes it replayable. */
record SimOptions(int port, Faults faults, long seed, boolean help) {
}
