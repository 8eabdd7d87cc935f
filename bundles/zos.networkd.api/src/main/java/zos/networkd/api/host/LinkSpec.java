package zos.networkd.api.host;

/** What to create: a link of one kind, with its name and kind-specific settings. Validated on construction. */
public sealed interface LinkSpec permits LinkSpec.Bridge, LinkSpec.Veth, LinkSpec.Macvlan, LinkSpec.Vlan,
        LinkSpec.Wireguard {

    String name();

    LinkOptions options();

    /** The {@code rtnl_link_ops} kind the kernel knows this as. */
    String kind();

    static Bridge bridge(String name) {
        return new Bridge(name, LinkOptions.DEFAULTS);
    }

    /** A veth pair whose both ends stay in this namespace. */
    static Veth veth(String name, String peerName) {
        return new Veth(name, peerName, null, LinkOptions.DEFAULTS);
    }

    /** A veth pair whose peer end is created directly in the named namespace. */
    static Veth veth(String name, String peerName, String peerNamespace) {
        return new Veth(name, peerName, peerNamespace, LinkOptions.DEFAULTS);
    }

    static Macvlan macvlan(String name, String parent, MacvlanMode mode) {
        return new Macvlan(name, parent, mode, LinkOptions.DEFAULTS);
    }

    static Vlan vlan(String name, String parent, int vlanId) {
        return new Vlan(name, parent, vlanId, LinkOptions.DEFAULTS);
    }

    static Wireguard wireguard(String name) {
        return new Wireguard(name, LinkOptions.DEFAULTS);
    }

    /** Returns this spec with other options. */
    LinkSpec with(LinkOptions newOptions);

    record Bridge(String name, LinkOptions options) implements LinkSpec {
        public Bridge {
            Names.checkInterfaceName(name);
            options = options == null ? LinkOptions.DEFAULTS : options;
        }

        @Override
        public String kind() {
            return "bridge";
        }

        @Override
        public Bridge with(LinkOptions newOptions) {
            return new Bridge(name, newOptions);
        }
    }

    /** @param peerNamespace namespace for the peer end, null for the same namespace */
    record Veth(String name, String peerName, String peerNamespace, LinkOptions options) implements LinkSpec {
        public Veth {
            Names.checkInterfaceName(name);
            Names.checkInterfaceName(peerName);
            if (peerNamespace != null) {
                Names.checkNamespaceName(peerNamespace);
            } else if (name.equals(peerName)) {
                throw new IllegalArgumentException("veth '" + name + "': both ends have the same name");
            }
            options = options == null ? LinkOptions.DEFAULTS : options;
        }

        @Override
        public String kind() {
            return "veth";
        }

        @Override
        public Veth with(LinkOptions newOptions) {
            return new Veth(name, peerName, peerNamespace, newOptions);
        }
    }

    record Macvlan(String name, String parent, MacvlanMode mode, LinkOptions options) implements LinkSpec {
        public Macvlan {
            Names.checkInterfaceName(name);
            Names.checkInterfaceName(parent);
            if (mode == null) {
                throw new IllegalArgumentException("macvlan '" + name + "' without mode");
            }
            options = options == null ? LinkOptions.DEFAULTS : options;
        }

        @Override
        public String kind() {
            return "macvlan";
        }

        @Override
        public Macvlan with(LinkOptions newOptions) {
            return new Macvlan(name, parent, mode, newOptions);
        }
    }

    record Vlan(String name, String parent, int vlanId, LinkOptions options) implements LinkSpec {
        public Vlan {
            Names.checkInterfaceName(name);
            Names.checkInterfaceName(parent);
            if (vlanId < 1 || vlanId > 4094) {
                throw new IllegalArgumentException("vlan '" + name + "': id " + vlanId + " out of 1..4094");
            }
            options = options == null ? LinkOptions.DEFAULTS : options;
        }

        @Override
        public String kind() {
            return "vlan";
        }

        @Override
        public Vlan with(LinkOptions newOptions) {
            return new Vlan(name, parent, vlanId, newOptions);
        }
    }

    /** A kernel WireGuard device; creating it fails with "not supported" where the kernel has no module. */
    record Wireguard(String name, LinkOptions options) implements LinkSpec {
        public Wireguard {
            Names.checkInterfaceName(name);
            options = options == null ? LinkOptions.DEFAULTS : options;
        }

        @Override
        public String kind() {
            return "wireguard";
        }

        @Override
        public Wireguard with(LinkOptions newOptions) {
            return new Wireguard(name, newOptions);
        }
    }
}
