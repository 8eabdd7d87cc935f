package zos.networkd.nftables.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import zos.networkd.api.nftables.NftChain;
import zos.networkd.api.nftables.NftFamily;
import zos.networkd.api.nftables.NftField;
import zos.networkd.api.nftables.NftHook;
import zos.networkd.api.nftables.NftRule;
import zos.networkd.api.nftables.NftSet;
import zos.networkd.api.nftables.NftStatement;
import zos.networkd.api.nftables.NftTable;

/**
 * Tables to nftables JSON and back. A table is applied as one batch that replaces it whole
 * ({@code add table; delete table; add table …}), and every rule carries the digest of the table
 * it belongs to in its comment ({@code zos:<16 hex>}): reading the comments back tells whether the
 * kernel already holds this very table, across restarts, without comparing nftables' rewritten
 * expressions.
 */
final class NftJson {
    static final String TAG = "zos:";
    private static final Pattern TAGGED = Pattern.compile("zos:([0-9a-f]{16})(?: (.*))?", Pattern.DOTALL);

    private NftJson() {
    }

    // ---- writing ----

    /** The digest of a table: 16 hex digits of SHA-256 over its untagged JSON. */
    static String digest(NftTable table) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(batch(table, null).toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The transaction that replaces the table with {@code table}, rules tagged with {@code digest}. */
    static String replaceBatch(NftTable table, String digest) {
        return batch(table, digest).toString();
    }

    /** The transaction that deletes the table (it must exist). */
    static String deleteBatch(NftFamily family, String name) {
        JsonArray commands = new JsonArray();
        commands.add(command("delete", "table", tableRef(family, name)));
        return wrap(commands).toString();
    }

    private static JsonObject batch(NftTable table, String digest) {
        JsonArray commands = new JsonArray();
        JsonObject ref = tableRef(table.family(), table.name());
        // "add" of an existing table is a no-op, so the delete always finds one: the whole replace is one transaction
        commands.add(command("add", "table", ref));
        commands.add(command("delete", "table", ref));
        commands.add(command("add", "table", ref.deepCopy()));
        for (NftSet set : table.sets()) {
            commands.add(command("add", "set", set(table, set)));
        }
        for (NftChain chain : table.chains()) {
            commands.add(command("add", "chain", chain(table, chain)));
        }
        for (NftChain chain : table.chains()) {
            for (NftRule rule : chain.rules()) {
                commands.add(command("add", "rule", rule(table, chain, rule, digest)));
            }
        }
        return wrap(commands);
    }

    private static JsonObject wrap(JsonArray commands) {
        JsonObject root = new JsonObject();
        root.add("nftables", commands);
        return root;
    }

    private static JsonObject command(String verb, String kind, JsonObject body) {
        JsonObject inner = new JsonObject();
        inner.add(kind, body);
        JsonObject outer = new JsonObject();
        outer.add(verb, inner);
        return outer;
    }

    private static JsonObject tableRef(NftFamily family, String name) {
        JsonObject t = new JsonObject();
        t.addProperty("family", family.nftName());
        t.addProperty("name", name);
        return t;
    }

    private static JsonObject set(NftTable table, NftSet set) {
        JsonObject s = new JsonObject();
        s.addProperty("family", table.family().nftName());
        s.addProperty("table", table.name());
        s.addProperty("name", set.name());
        s.addProperty("type", set.type().nftName());
        if (set.interval()) {
            JsonArray flags = new JsonArray();
            flags.add("interval");
            s.add("flags", flags);
        }
        if (!set.elements().isEmpty()) {
            JsonArray elements = new JsonArray();
            boolean numeric = set.type() == NftSet.Type.INET_SERVICE || set.type() == NftSet.Type.MARK;
            set.elements().forEach(e -> elements.add(value(e, numeric, true)));
            s.add("elem", elements);
        }
        return s;
    }

    private static JsonObject chain(NftTable table, NftChain chain) {
        JsonObject c = new JsonObject();
        c.addProperty("family", table.family().nftName());
        c.addProperty("table", table.name());
        c.addProperty("name", chain.name());
        NftHook hook = chain.hook();
        if (hook != null) {
            c.addProperty("type", hook.type().nftName());
            c.addProperty("hook", hook.point().nftName());
            c.addProperty("prio", hook.priority());
            c.addProperty("policy", hook.policy().nftName());
        }
        return c;
    }

    private static JsonObject rule(NftTable table, NftChain chain, NftRule rule, String digest) {
        JsonObject r = new JsonObject();
        r.addProperty("family", table.family().nftName());
        r.addProperty("table", table.name());
        r.addProperty("chain", chain.name());
        String comment = digest == null ? rule.comment()
                : TAG + digest + (rule.comment() == null ? "" : " " + rule.comment());
        if (comment != null) {
            r.addProperty("comment", comment);
        }
        JsonArray expr = new JsonArray();
        rule.statements().forEach(s -> expr.add(statement(s)));
        r.add("expr", expr);
        return r;
    }

    static JsonElement statement(NftStatement statement) {
        if (statement instanceof NftStatement.Match m) {
            return match(m);
        }
        if (statement instanceof NftStatement.Verdict v) {
            JsonObject o = new JsonObject();
            String key = v.kind().name().toLowerCase();
            if (v.chain() == null) {
                o.add(key, JsonNull.INSTANCE);
            } else {
                JsonObject target = new JsonObject();
                target.addProperty("target", v.chain());
                o.add(key, target);
            }
            return o;
        }
        if (statement instanceof NftStatement.Masquerade m) {
            JsonObject o = new JsonObject();
            if (m.fullyRandom()) {
                JsonObject flags = new JsonObject();
                flags.addProperty("flags", "fully-random");
                o.add("masquerade", flags);
            } else {
                o.add("masquerade", JsonNull.INSTANCE);
            }
            return o;
        }
        if (statement instanceof NftStatement.Counter) {
            JsonObject o = new JsonObject();
            o.add("counter", JsonNull.INSTANCE);
            return o;
        }
        NftStatement.Raw raw = (NftStatement.Raw) statement;
        try {
            return JsonParser.parseString(raw.json()).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("nftables statement is not a JSON object: " + raw.json());
        }
    }

    private static JsonObject match(NftStatement.Match m) {
        NftField field = m.field();
        JsonObject left = new JsonObject();
        JsonObject key = new JsonObject();
        switch (field.kind()) {
            case META -> {
                key.addProperty("key", field.key());
                left.add("meta", key);
            }
            case CT -> {
                key.addProperty("key", field.key());
                left.add("ct", key);
            }
            case PAYLOAD -> {
                key.addProperty("protocol", field.protocol());
                key.addProperty("field", field.key());
                left.add("payload", key);
            }
        }
        JsonElement right;
        String op = m.negated() ? "!=" : "==";
        if (field == NftField.CT_STATE) {
            // connection states are flags: "in" tests any of them, as nft writes ct state a,b
            op = m.negated() ? "!=" : "in";
            if (m.values().size() == 1) {
                right = new JsonPrimitive(m.values().get(0));
            } else {
                JsonArray states = new JsonArray();
                m.values().forEach(states::add);
                right = states;
            }
        } else if (m.values().size() == 1) {
            right = value(m.values().get(0), field.numeric(), field.address());
        } else {
            JsonArray members = new JsonArray();
            m.values().forEach(v -> members.add(value(v, field.numeric(), field.address())));
            JsonObject set = new JsonObject();
            set.add("set", members);
            right = set;
        }
        JsonObject match = new JsonObject();
        match.addProperty("op", op);
        match.add("left", left);
        match.add("right", right);
        JsonObject o = new JsonObject();
        o.add("match", match);
        return o;
    }

    private static JsonElement value(String v, boolean numeric, boolean address) {
        if (numeric && v.matches("\\d+")) {
            return new JsonPrimitive(Long.parseLong(v));
        }
        int slash = v.indexOf('/');
        if (address && slash > 0) {
            JsonObject prefix = new JsonObject();
            prefix.addProperty("addr", v.substring(0, slash));
            prefix.addProperty("len", Integer.parseInt(v.substring(slash + 1)));
            JsonObject o = new JsonObject();
            o.add("prefix", prefix);
            return o;
        }
        return new JsonPrimitive(v);
    }

    // ---- reading ----

    /** The table in nftables' {@code list table} JSON; rule comments without the digest tag. */
    static NftTable parse(String listJson, NftFamily family, String name) {
        JsonArray items = JsonParser.parseString(listJson).getAsJsonObject().getAsJsonArray("nftables");
        List<NftSet> sets = new ArrayList<>();
        Map<String, NftHook> hooks = new LinkedHashMap<>();
        Map<String, List<NftRule>> rules = new LinkedHashMap<>();
        for (JsonElement item : items) {
            JsonObject o = item.getAsJsonObject();
            if (o.has("set")) {
                sets.add(parseSet(o.getAsJsonObject("set")));
            } else if (o.has("chain")) {
                JsonObject c = o.getAsJsonObject("chain");
                String chain = c.get("name").getAsString();
                hooks.put(chain, c.has("hook") ? new NftHook(NftHook.Type.valueOf(upper(c, "type")),
                        NftHook.Point.valueOf(upper(c, "hook")), c.get("prio").getAsInt(),
                        NftHook.Policy.valueOf(c.has("policy") ? upper(c, "policy") : "ACCEPT")) : null);
                rules.put(chain, new ArrayList<>());
            } else if (o.has("rule")) {
                JsonObject r = o.getAsJsonObject("rule");
                String comment = r.has("comment") ? r.get("comment").getAsString() : null;
                Matcher tagged = comment == null ? null : TAGGED.matcher(comment);
                if (tagged != null && tagged.matches()) {
                    comment = tagged.group(2);
                }
                List<NftStatement> statements = new ArrayList<>();
                for (JsonElement e : r.getAsJsonArray("expr")) {
                    statements.add(parseStatement(e.getAsJsonObject()));
                }
                rules.computeIfAbsent(r.get("chain").getAsString(), k -> new ArrayList<>())
                        .add(new NftRule(statements, comment));
            }
        }
        List<NftChain> chains = new ArrayList<>();
        hooks.forEach((chain, hook) -> chains.add(new NftChain(chain, hook, rules.get(chain))));
        return new NftTable(family, name, sets, chains);
    }

    private static String upper(JsonObject o, String key) {
        return o.get(key).getAsString().toUpperCase().replace('-', '_');
    }

    private static NftSet parseSet(JsonObject s) {
        boolean interval = false;
        if (s.has("flags")) {
            JsonElement flags = s.get("flags");
            interval = flags.isJsonArray() ? flags.getAsJsonArray().contains(new JsonPrimitive("interval"))
                    : "interval".equals(flags.getAsString());
        }
        List<String> elements = new ArrayList<>();
        if (s.has("elem")) {
            for (JsonElement e : s.getAsJsonArray("elem")) {
                elements.add(valueText(e));
            }
        }
        return new NftSet(s.get("name").getAsString(), NftSet.Type.parse(s.get("type").getAsString()), interval, elements);
    }

    static NftStatement parseStatement(JsonObject o) {
        Optional<NftStatement> typed = typedStatement(o);
        return typed.orElseGet(() -> new NftStatement.Raw(o.toString()));
    }

    private static Optional<NftStatement> typedStatement(JsonObject o) {
        try {
            for (NftStatement.Verdict.Kind kind : NftStatement.Verdict.Kind.values()) {
                String key = kind.name().toLowerCase();
                if (o.has(key)) {
                    JsonElement v = o.get(key);
                    return Optional.of(new NftStatement.Verdict(kind,
                            v.isJsonObject() ? v.getAsJsonObject().get("target").getAsString() : null));
                }
            }
            if (o.has("masquerade")) {
                JsonElement m = o.get("masquerade");
                boolean random = m.isJsonObject() && m.getAsJsonObject().has("flags")
                        && m.getAsJsonObject().get("flags").toString().contains("fully-random");
                return Optional.of(new NftStatement.Masquerade(random));
            }
            if (o.has("counter")) {
                return Optional.of(new NftStatement.Counter());
            }
            if (o.has("match")) {
                return parseMatch(o.getAsJsonObject("match"));
            }
        } catch (RuntimeException unknownShape) {
            // kept as raw JSON below
        }
        return Optional.empty();
    }

    private static Optional<NftStatement> parseMatch(JsonObject m) {
        JsonObject left = m.getAsJsonObject("left");
        NftField field;
        if (left.has("meta")) {
            field = NftField.of(NftField.Kind.META, null, left.getAsJsonObject("meta").get("key").getAsString());
        } else if (left.has("ct")) {
            field = NftField.of(NftField.Kind.CT, null, left.getAsJsonObject("ct").get("key").getAsString());
        } else if (left.has("payload")) {
            JsonObject p = left.getAsJsonObject("payload");
            if (!p.has("protocol")) {
                return Optional.empty();
            }
            field = NftField.of(NftField.Kind.PAYLOAD, p.get("protocol").getAsString(), p.get("field").getAsString());
        } else {
            return Optional.empty();
        }
        if (field == null) {
            return Optional.empty();
        }
        String op = m.get("op").getAsString();
        boolean negated = op.equals("!=");
        if (!negated && !op.equals("==") && !op.equals("in")) {
            return Optional.empty();
        }
        JsonElement right = m.get("right");
        List<String> values = new ArrayList<>();
        if (right.isJsonArray()) {
            right.getAsJsonArray().forEach(e -> values.add(valueText(e)));
        } else if (right.isJsonObject() && right.getAsJsonObject().has("set")) {
            right.getAsJsonObject().getAsJsonArray("set").forEach(e -> values.add(valueText(e)));
        } else {
            values.add(valueText(right));
        }
        return Optional.of(new NftStatement.Match(field, negated, values));
    }

    private static String valueText(JsonElement e) {
        if (e.isJsonPrimitive()) {
            return e.getAsString();
        }
        JsonObject o = e.getAsJsonObject();
        if (o.has("prefix")) {
            JsonObject p = o.getAsJsonObject("prefix");
            return p.get("addr").getAsString() + "/" + p.get("len").getAsInt();
        }
        if (o.has("range")) {
            JsonArray r = o.getAsJsonArray("range");
            return valueText(r.get(0)) + "-" + valueText(r.get(1));
        }
        throw new IllegalArgumentException("unsupported nftables value " + e);
    }

    /**
     * What the kernel's table has, enough to tell whether it is the table of a digest: the digest
     * every rule carries (null when some rule carries none or another), its chains, sets and rule count.
     */
    record Summary(String digest, List<String> chains, List<String> sets, int rules) {
        boolean is(NftTable table, String expected) {
            return table.ruleCount() > 0 && expected.equals(digest) && rules == table.ruleCount()
                    && chains.equals(table.chains().stream().map(NftChain::name).toList())
                    && sets.equals(table.sets().stream().map(NftSet::name).toList());
        }
    }

    static Summary summarize(String listJson) {
        List<String> chains = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        String digest = null;
        boolean allTagged = true;
        int rules = 0;
        for (JsonElement item : JsonParser.parseString(listJson).getAsJsonObject().getAsJsonArray("nftables")) {
            JsonObject o = item.getAsJsonObject();
            if (o.has("chain")) {
                chains.add(o.getAsJsonObject("chain").get("name").getAsString());
            } else if (o.has("set")) {
                sets.add(o.getAsJsonObject("set").get("name").getAsString());
            } else if (o.has("rule")) {
                rules++;
                JsonObject r = o.getAsJsonObject("rule");
                Matcher tagged = r.has("comment") ? TAGGED.matcher(r.get("comment").getAsString()) : null;
                if (tagged == null || !tagged.matches()) {
                    allTagged = false;
                } else if (digest == null) {
                    digest = tagged.group(1);
                } else if (!digest.equals(tagged.group(1))) {
                    allTagged = false;
                }
            }
        }
        return new Summary(allTagged ? digest : null, chains, sets, rules);
    }

    /** Table names of a {@code list tables} answer for one family. */
    static List<String> tableNames(String listJson, NftFamily family) {
        List<String> names = new ArrayList<>();
        for (JsonElement item : JsonParser.parseString(listJson).getAsJsonObject().getAsJsonArray("nftables")) {
            JsonObject o = item.getAsJsonObject();
            if (o.has("table") && family.nftName().equals(o.getAsJsonObject("table").get("family").getAsString())) {
                names.add(o.getAsJsonObject("table").get("name").getAsString());
            }
        }
        names.sort(null);
        return names;
    }
}
