package zos.networkd.api.host;

/** The rtnetlink multicast groups a subscription can listen to ({@code RTNLGRP_*}). */
public enum EventGroup {
    LINK(1), IPV4_ADDRESS(5), IPV4_ROUTE(7), IPV6_ADDRESS(9), IPV6_ROUTE(11);

    private final int group;

    EventGroup(int group) {
        this.group = group;
    }

    /** The kernel's group number. */
    public int group() {
        return group;
    }
}
