package io.miaotui.gatewaysim;

/** The one thing that goes wrong with a request, or {@link #NONE}. */
enum Fault {
    NONE,
    /** 500, not processed. */
    ERROR,
    /** 200 business failure, not processed. */
    DECLINE,
    /** Processed, then 502: the money moved but the caller cannot know. */
    LOST_ANSWER,
    /** Processed, then the normal answer arrives late. */
    TIMEOUT;

    /**
     * The fault a uniform draw {@code u} in [0, 1) lands in. The slices are laid end to end in a fixed order so one
     * draw picks at most one fault and the same draw always picks the same one.
     */
    static Fault forRefund(double u, Faults faults) {
        double edge = faults.errorRate();
        if (u < edge) {
            return ERROR;
        }
        edge += faults.declineRate();
        if (u < edge) {
            return DECLINE;
        }
        edge += faults.lostAnswerRate();
        if (u < edge) {
            return LOST_ANSWER;
        }
        edge += faults.timeoutRate();
        if (u < edge) {
            return TIMEOUT;
        }
        return NONE;
    }

    /** Queries only ever suffer the error fault: a lost or late query answer is just an error to the caller. */
    static Fault forQuery(double u, Faults faults) {
        return u < faults.errorRate() ? ERROR : NONE;
    }
}
