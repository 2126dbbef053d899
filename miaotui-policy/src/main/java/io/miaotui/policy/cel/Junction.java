package io.miaotui.policy.cel;

/** How a policy's top-level conditions combine: all must hold, any may hold, or the policy is one condition. */
enum Junction {
    ALL("_&&_"),
    ANY("_||_"),
    ONE("");

    private final String celFunction;

    Junction(String celFunction) {
        this.celFunction = celFunction;
    }

    /** The junction a top-level CEL call stands for ({@code _&&_}, {@code _||_}), else {@link #ONE}. */
    static Junction ofCall(String function) {
        for (Junction junction : values()) {
            if (junction != ONE && junction.celFunction.equals(function)) {
                return junction;
            }
        }
        return ONE;
    }

    String celFunction() {
        return celFunction;
    }
}
