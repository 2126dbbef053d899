package io.miaotui.shop;

/** The marketplace a shop sells on; each has its own refund rules. */
public enum Channel {
    TAOBAO,
    TMALL
}
