package zos.networkd.shell.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.nics.Nic;

/** How zos:nics shows a NIC: table cells and JSON. */
final class NicFormat {
    private static final String NONE = "-";

    private NicFormat() {
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    static String orDash(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    static String mac(Nic nic) {
        return nic.mac() == null ? NONE : nic.mac().text();
    }

    /** The operational state, plus a hint when the link is administratively down (oper state alone hides why). */
    static String state(Nic nic) {
        String oper = String.valueOf(nic.operState());
        return nic.adminUp() ? oper : oper + " (admin down)";
    }

    static String addresses(Nic nic) {
        if (nic.addresses().isEmpty()) {
            return NONE;
        }
        return nic.addresses().stream().map(Cidr::toString).collect(Collectors.joining(", "));
    }

    static String gateways(Nic nic) {
        if (nic.gateway4() == null && nic.gateway6() == null) {
            return NONE;
        }
        StringBuilder text = new StringBuilder();
        if (nic.gateway4() != null) {
            text.append("v4 ").append(IpAddresses.format(nic.gateway4()));
        }
        if (nic.gateway6() != null) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append("v6 ").append(IpAddresses.format(nic.gateway6()));
        }
        return text.toString();
    }

    /** A JSON array with every field of every NIC; absent values are JSON nulls so each object has the same keys. */
    static String toJson(List<Nic> nics) {
        JsonArray array = new JsonArray();
        for (Nic nic : nics) {
            array.add(toJsonObject(nic));
        }
        return new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(array);
    }

    static JsonObject toJsonObject(Nic nic) {
        JsonObject object = new JsonObject();
        object.addProperty("name", nic.name());
        object.addProperty("index", nic.index());
        object.add("mac", nic.mac() == null ? JsonNull.INSTANCE : new JsonPrimitive(nic.mac().text()));
        object.addProperty("kind", nic.kind());
        object.addProperty("physical", nic.physical());
        object.addProperty("adminUp", nic.adminUp());
        object.addProperty("carrier", nic.carrier());
        object.add("operState", nic.operState() == null ? JsonNull.INSTANCE : new JsonPrimitive(nic.operState().name()));
        object.addProperty("mtu", nic.mtu());
        object.add("master", nic.master() == null ? JsonNull.INSTANCE : new JsonPrimitive(nic.master()));
        JsonArray addresses = new JsonArray();
        nic.addresses().forEach(cidr -> addresses.add(cidr.toString()));
        object.add("addresses", addresses);
        object.add("gateway4", address(nic.gateway4()));
        object.add("gateway6", address(nic.gateway6()));
        return object;
    }

    private static JsonElement address(InetAddress address) {
        return address == null ? JsonNull.INSTANCE : new JsonPrimitive(IpAddresses.format(address));
    }
}
