package zos.grid.api.model;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a node reports about a workload (in a request signed with its key): ok or error, a message
 * for people and data for programs (string to string, e.g. the listen port it used).
 */
public record WorkloadResult(ResultState state, String message, Map<String, String> data) {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public WorkloadResult {
        Check.present("state", state);
        Check.printable("message", message, 4096);
        Check.present("data", data);
        if (data.size() > 64) {
            throw new ValidationException("data", "more than 64 entries");
        }
        for (Map.Entry<String, String> entry : data.entrySet()) {
            if (entry.getKey() == null || !KEY.matcher(entry.getKey()).matches()) {
                throw new ValidationException("data", "key '" + entry.getKey() + "' must be lower-case letters, digits, '_'");
            }
            Check.printable("data." + entry.getKey(), entry.getValue(), 1024);
        }
        data = Map.copyOf(new TreeMap<>(data));
    }
}
