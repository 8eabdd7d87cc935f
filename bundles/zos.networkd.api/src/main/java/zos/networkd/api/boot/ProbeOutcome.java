package zos.networkd.api.boot;

/** What probing one NIC found. */
public enum ProbeOutcome {
    CHOSEN, NO_CARRIER, NO_DHCP_OFFER, NO_GATEWAY, REGISTRY_UNREACHABLE, NOT_CHOSEN, FAILED
}
