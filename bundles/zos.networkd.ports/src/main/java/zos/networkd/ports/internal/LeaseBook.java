package zos.networkd.ports.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import zos.networkd.api.files.AtomicFiles;
import zos.networkd.api.ports.LeaseOrigin;
import zos.networkd.api.ports.PortLease;
import zos.networkd.api.ports.PortLeaseException;
import zos.networkd.api.ports.PortLeases;
import zos.networkd.api.ports.PortRange;
import zos.networkd.api.ports.UsedPorts;

/**
 * The leases and their rules, kept in one file ({@code leases.json}) that is replaced atomically
 * (fsynced) before any change is reported done: what a caller was told is what a reboot finds.
 * Thread-safe: every method holds the book's lock.
 */
final class LeaseBook {
    static final String FILE = "leases.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path file;
    private final PortRange range;
    private final List<PortRange> reserved;
    private final Clock clock;
    private final TreeMap<Integer, PortLease> byPort = new TreeMap<>();
    private final Map<String, PortLease> byHolder = new TreeMap<>();
    private long generation;

    LeaseBook(Path directory, PortRange range, List<PortRange> reserved, Clock clock) {
        this.range = range;
        this.reserved = List.copyOf(reserved);
        this.clock = clock;
        try {
            this.file = AtomicFiles.privateDirectory(directory).resolve(FILE);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the port leases in " + directory, e);
        }
    }

    private void load() throws IOException {
        String text = AtomicFiles.readOrNull(file);
        if (text == null) {
            return;
        }
        JsonObject root = GSON.fromJson(text, JsonObject.class);
        generation = root.has("generation") ? root.get("generation").getAsLong() : 0;
        for (JsonElement e : root.getAsJsonArray("leases")) {
            JsonObject o = e.getAsJsonObject();
            PortLease lease = new PortLease(o.get("port").getAsInt(), o.get("holder").getAsString(),
                    LeaseOrigin.valueOf(o.get("origin").getAsString()), Instant.parse(o.get("since").getAsString()));
            put(lease);
        }
    }

    private void save() {
        JsonObject root = new JsonObject();
        root.addProperty("generation", generation);
        JsonArray leases = new JsonArray();
        for (PortLease lease : byPort.values()) {
            JsonObject o = new JsonObject();
            o.addProperty("port", lease.port());
            o.addProperty("holder", lease.holder());
            o.addProperty("origin", lease.origin().name());
            o.addProperty("since", lease.since().toString());
            leases.add(o);
        }
        root.add("leases", leases);
        try {
            AtomicFiles.write(file, GSON.toJson(root).getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the port leases to " + file, e);
        }
    }

    private void put(PortLease lease) {
        byPort.put(lease.port(), lease);
        byHolder.put(lease.holder(), lease);
    }

    private void remove(PortLease lease) {
        byPort.remove(lease.port());
        byHolder.remove(lease.holder());
    }

    /** Applies a change and makes it durable; on a failed write the change is undone. */
    private void commit(PortLease removed, PortLease added) {
        if (removed != null) {
            remove(removed);
        }
        if (added != null) {
            put(added);
        }
        generation++;
        try {
            save();
        } catch (RuntimeException e) {
            generation--;
            if (added != null) {
                remove(added);
            }
            if (removed != null) {
                put(removed);
            }
            throw e;
        }
    }

    /** The result of a lease call: the lease, and whether anything changed. */
    record Result(PortLease lease, boolean changed) {
    }

    synchronized Result lease(String holder, int port, LeaseOrigin origin) {
        PortLeases.checkHolder(holder);
        PortLease current = byHolder.get(holder);
        if (port == 0) {
            if (current != null) {
                return new Result(current, false); // once leased, a port never changes silently
            }
            PortLease chosen = new PortLease(choose(holder), holder, LeaseOrigin.CHOSEN, clock.instant());
            commit(null, chosen);
            return new Result(chosen, true);
        }
        PortLeases.checkPort(port);
        if (current != null && current.port() == port) {
            return new Result(current, false);
        }
        refuseIfTaken(holder, port);
        PortLease granted = new PortLease(port, holder, origin, clock.instant());
        commit(current, granted);
        return new Result(granted, true);
    }

    private void refuseIfTaken(String holder, int port) {
        PortLease other = byPort.get(port);
        if (other != null) {
            String how = other.origin() == LeaseOrigin.ADOPTED ? " (adopted from a running WireGuard device)" : "";
            throw new PortLeaseException(port, other.holder(), "wireguard listen port " + port
                    + " is already in use: leased to '" + other.holder() + "'" + how + "; pick another one ("
                    + "port 0 lets the node choose)");
        }
        for (PortRange r : reserved) {
            if (r.contains(port)) {
                throw new PortLeaseException(port, "configuration", "wireguard listen port " + port
                        + " is reserved for other node services (reservedPorts " + r
                        + " in zos.networkd.ports); pick another one");
            }
        }
    }

    /** A free port of the range, starting at a place derived from the holder id (deterministic). */
    private int choose(String holder) {
        CRC32 crc = new CRC32();
        crc.update(holder.getBytes(StandardCharsets.UTF_8));
        int size = range.size();
        int start = (int) (crc.getValue() % size);
        for (int i = 0; i < size; i++) {
            int port = range.first() + (start + i) % size;
            if (!byPort.containsKey(port) && reserved.stream().noneMatch(r -> r.contains(port))) {
                return port;
            }
        }
        throw new PortLeaseException(0, null, "no free wireguard listen port left in " + range + " ("
                + byPort.size() + " leased)");
    }

    synchronized Optional<PortLease> release(String holder) {
        PortLease current = byHolder.get(holder);
        if (current != null) {
            commit(current, null);
        }
        return Optional.ofNullable(current);
    }

    synchronized Optional<PortLease> leaseOf(String holder) {
        return Optional.ofNullable(byHolder.get(holder));
    }

    synchronized Optional<PortLease> holderOf(int port) {
        return Optional.ofNullable(byPort.get(port));
    }

    synchronized List<PortLease> leases() {
        return new ArrayList<>(byPort.values());
    }

    synchronized UsedPorts usedPorts() {
        return new UsedPorts(new TreeSet<>(byPort.keySet()), reserved, generation);
    }

    PortRange range() {
        return range;
    }

    List<PortRange> reserved() {
        return reserved;
    }

    Path file() {
        return file;
    }
}
