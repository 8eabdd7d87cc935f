package zos.grid.api.json;

import java.net.InetAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import zos.grid.api.model.ValidationException;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;

/**
 * A JSON object being read, with its path from the body's root: every failure is a
 * {@link ValidationException} naming the field as {@code a.b[2].c}.
 */
final class JsonIn {
    private final JsonObject object;
    private final String path;

    private JsonIn(JsonObject object, String path) {
        this.object = object;
        this.path = path;
    }

    static JsonIn of(JsonElement element, String path, Set<String> known) {
        if (element == null || !element.isJsonObject()) {
            throw new ValidationException(path.isEmpty() ? "body" : path, "must be a JSON object");
        }
        JsonIn in = new JsonIn(element.getAsJsonObject(), path);
        for (String name : in.object.keySet()) {
            if (!known.contains(name)) {
                throw new ValidationException(in.field(name), "unknown field (known: " + String.join(", ", known) + ")");
            }
        }
        return in;
    }

    static List<JsonElement> array(JsonElement element, String path, int max) {
        if (element == null || !element.isJsonArray()) {
            throw new ValidationException(path.isEmpty() ? "body" : path, "must be a JSON array");
        }
        JsonArray array = element.getAsJsonArray();
        if (array.size() > max) {
            throw new ValidationException(path.isEmpty() ? "body" : path, "more than " + max + " entries");
        }
        List<JsonElement> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** {@code path.name}, or {@code name} at the root. */
    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    boolean has(String name) {
        JsonElement value = object.get(name);
        return value != null && !value.isJsonNull();
    }

    JsonElement element(String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            throw new ValidationException(field(name), "missing");
        }
        return value;
    }

    String string(String name) {
        JsonElement value = element(name);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new ValidationException(field(name), "must be a string");
        }
        return value.getAsString();
    }

    String optionalString(String name) {
        return has(name) ? string(name) : null;
    }

    long integer(String name) {
        JsonElement value = element(name);
        JsonPrimitive primitive = value.isJsonPrimitive() ? value.getAsJsonPrimitive() : null;
        if (primitive == null || !primitive.isNumber()) {
            throw new ValidationException(field(name), "must be a number");
        }
        try {
            return primitive.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException e) {
            throw new ValidationException(field(name), "must be a whole number within 64 bits");
        }
    }

    int smallInteger(String name) {
        long value = integer(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ValidationException(field(name), "out of range");
        }
        return (int) value;
    }

    JsonElement child(String name) {
        return element(name);
    }

    List<JsonElement> list(String name, int max) {
        return array(element(name), field(name), max);
    }

    List<String> strings(String name, int max) {
        List<String> out = new ArrayList<>();
        List<JsonElement> items = list(name, max);
        for (int i = 0; i < items.size(); i++) {
            JsonElement item = items.get(i);
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw new ValidationException(item(field(name), i), "must be a string");
            }
            out.add(item.getAsString());
        }
        return out;
    }

    Map<String, String> stringMap(String name) {
        JsonElement value = element(name);
        if (!value.isJsonObject()) {
            throw new ValidationException(field(name), "must be a JSON object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
            JsonElement v = entry.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new ValidationException(field(name) + "." + entry.getKey(), "must be a string");
            }
            out.put(entry.getKey(), v.getAsString());
        }
        return out;
    }

    byte[] base64(String name) {
        return convert(name, text -> Base64.getDecoder().decode(text), "not base64");
    }

    Cidr cidr(String name) {
        return convert(name, Cidr::parse, null);
    }

    Cidr optionalCidr(String name) {
        return has(name) ? cidr(name) : null;
    }

    InetAddress ip(String name) {
        return convert(name, IpAddresses::parse, null);
    }

    InetAddress optionalIp(String name) {
        return has(name) ? ip(name) : null;
    }

    Instant instant(String name) {
        String text = string(name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field(name), "not an ISO-8601 instant");
        }
    }

    /** Reads a string and converts it; a conversion failure names the field (with {@code reason} if given). */
    <T> T convert(String name, Function<String, T> conversion, String reason) {
        String text = string(name);
        try {
            return conversion.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field(name), reason != null ? reason : e.getMessage());
        }
    }

    /** Converts each string of a list, naming {@code name[i]} on failure. */
    <T> List<T> convertAll(String name, int max, Function<String, T> conversion) {
        List<String> texts = strings(name, max);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(conversion.apply(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new ValidationException(item(field(name), i), e.getMessage());
            }
        }
        return out;
    }

    /** Builds a record, seeing its own validation failures from this object's place in the body. */
    <T> T build(Supplier<T> constructor) {
        return build(path, constructor);
    }

    static <T> T build(String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ValidationException e) {
            throw path.isEmpty() ? e : e.under(path);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(path.isEmpty() ? "body" : path, e.getMessage());
        }
    }
}
