package io.miaotui.server.shop;

import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;

/** The one answer for a shop id that names no shop. */
public final class MissingShop {
    private MissingShop() {
    }

    public static ApiProblem problem(String shopId) {
        return new ApiProblem(ProblemType.SHOP_NOT_FOUND, "No shop " + shopId + ".");
    }
}
