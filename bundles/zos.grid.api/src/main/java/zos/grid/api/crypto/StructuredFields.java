package zos.grid.api.crypto;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of Structured Field Values (RFC 8941) that signatures need: dictionaries whose members
 * are items or inner lists, with parameters; bare items are integers, strings, tokens, byte
 * sequences and booleans. Parameter order is kept, because the signature base repeats the
 * parameters as sent.
 */
final class StructuredFields {

    /** A token (unquoted word), kept apart from a string because it serializes differently. */
    record Token(String text) {
    }

    /** A dictionary member: an item (value) or an inner list (items), with its parameters. */
    record Member(Object value, List<Object> items, Map<String, Object> parameters) {
        boolean isInnerList() {
            return items != null;
        }
    }

    private final String text;
    private int pos;

    private StructuredFields(String text) {
        this.text = text;
    }

    static Map<String, Member> parseDictionary(String text) {
        StructuredFields parser = new StructuredFields(text);
        Map<String, Member> dictionary = new LinkedHashMap<>();
        parser.skipSpaces();
        while (!parser.atEnd()) {
            String key = parser.parseKey();
            Member member;
            if (parser.peek() == '=') {
                parser.pos++;
                member = parser.parseMember();
            } else {
                member = new Member(Boolean.TRUE, null, parser.parseParameters());
            }
            dictionary.put(key, member);
            parser.skipOws();
            if (parser.atEnd()) {
                break;
            }
            parser.expect(',');
            parser.skipOws();
            if (parser.atEnd()) {
                throw parser.error("trailing comma");
            }
        }
        return dictionary;
    }

    /** {@code ("a" "b");k=v;…}: an inner list of strings with parameters, as the signature base shows it. */
    static String serializeInnerList(List<Object> items, Map<String, Object> parameters) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(serializeBareItem(items.get(i)));
        }
        out.append(')');
        appendParameters(out, parameters);
        return out.toString();
    }

    static String serializeBareItem(Object value) {
        if (value instanceof String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("string with a non-printable or non-ASCII character");
                }
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            return out.append('"').toString();
        }
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Token t) {
            return t.text();
        }
        if (value instanceof byte[] bytes) {
            return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
        }
        if (value instanceof Boolean b) {
            return b ? "?1" : "?0";
        }
        throw new IllegalArgumentException("cannot serialize " + value);
    }

    private static void appendParameters(StringBuilder out, Map<String, Object> parameters) {
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            out.append(';').append(parameter.getKey());
            if (!Boolean.TRUE.equals(parameter.getValue())) {
                out.append('=').append(serializeBareItem(parameter.getValue()));
            }
        }
    }

    private Member parseMember() {
        if (peek() == '(') {
            pos++;
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpaces();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                items.add(parseBareItem());
                parseParameters().forEach((k, v) -> {
                    throw error("parameters on inner list item are not supported");
                });
                char next = peek();
                if (next != ' ' && next != ')') {
                    throw error("expected ' ' or ')' in inner list");
                }
            }
            return new Member(null, List.copyOf(items), parseParameters());
        }
        Object value = parseBareItem();
        return new Member(value, null, parseParameters());
    }

    private Map<String, Object> parseParameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        while (peek() == ';') {
            pos++;
            skipSpaces();
            String key = parseKey();
            Object value = Boolean.TRUE;
            if (peek() == '=') {
                pos++;
                value = parseBareItem();
            }
            parameters.put(key, value);
        }
        return parameters;
    }

    private Object parseBareItem() {
        char c = peek();
        if (c == '-' || Character.isDigit(c)) {
            return parseInteger();
        }
        if (c == '"') {
            return parseString();
        }
        if (c == ':') {
            return parseByteSequence();
        }
        if (c == '?') {
            pos++;
            char b = next();
            if (b == '1') {
                return Boolean.TRUE;
            }
            if (b == '0') {
                return Boolean.FALSE;
            }
            throw error("boolean must be ?0 or ?1");
        }
        if (c == '*' || isAlpha(c)) {
            int start = pos;
            while (!atEnd() && (isTokenChar(peek()))) {
                pos++;
            }
            return new Token(text.substring(start, pos));
        }
        throw error("unexpected '" + c + "'");
    }

    private Long parseInteger() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        while (!atEnd() && Character.isDigit(peek())) {
            pos++;
        }
        if (!atEnd() && peek() == '.') {
            throw error("decimals are not supported");
        }
        String digits = text.substring(start, pos);
        if (digits.isEmpty() || digits.equals("-") || digits.length() > 16) {
            throw error("bad integer '" + digits + "'");
        }
        return Long.parseLong(digits);
    }

    private String parseString() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error("unterminated string");
            }
            char c = next();
            if (c == '\\') {
                char escaped = next();
                if (escaped != '"' && escaped != '\\') {
                    throw error("bad escape in string");
                }
                out.append(escaped);
            } else if (c == '"') {
                return out.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw error("non-printable character in string");
            } else {
                out.append(c);
            }
        }
    }

    private byte[] parseByteSequence() {
        pos++;
        int end = text.indexOf(':', pos);
        if (end < 0) {
            throw error("unterminated byte sequence");
        }
        String base64 = text.substring(pos, end);
        pos = end + 1;
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw error("byte sequence is not base64");
        }
    }

    private String parseKey() {
        int start = pos;
        if (atEnd() || !(isLcAlpha(peek()) || peek() == '*')) {
            throw error("expected a key");
        }
        while (!atEnd() && (isLcAlpha(peek()) || Character.isDigit(peek()) || "_-.*".indexOf(peek()) >= 0)) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isLcAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isTokenChar(char c) {
        return isAlpha(c) || Character.isDigit(c) || ":/!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private void skipSpaces() {
        while (!atEnd() && peek() == ' ') {
            pos++;
        }
    }

    private void skipOws() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    private void expect(char c) {
        if (atEnd() || peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return atEnd() ? '\0' : text.charAt(pos);
    }

    private char next() {
        if (atEnd()) {
            throw error("unexpected end");
        }
        return text.charAt(pos++);
    }

    private IllegalArgumentException error(String reason) {
        return new IllegalArgumentException(reason + " at position " + pos);
    }
}
