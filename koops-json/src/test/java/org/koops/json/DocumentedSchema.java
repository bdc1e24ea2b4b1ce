package org.koops.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON form as {@code docs/json.md} documents it, read from its tables: each heading's table of
 * {@code | `key` | type | ...} rows, where a type naming another heading ({@code [frame](#frame)},
 * {@code array of [claim](#claim)}) nests that heading's table, and the enumerations listed at its end.
 * {@link #problems} checks a report against it, so that output and documentation cannot drift apart:
 * every documented key present (except those documented as possibly absent), no undocumented key,
 * each value of its documented type, each enumerated value documented.
 */
final class DocumentedSchema {
    private static final Path DOC = Path.of("..", "docs", "json.md");
    private static final Pattern HEADING = Pattern.compile("^#{2,4} (.+)$");
    private static final Pattern ROW = Pattern.compile("^\\| `([\\w.]+)` \\| ([^|]+) \\|");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]+\\]\\(#([\\w-]+)\\)");
    private static final Pattern ENUMERATION = Pattern.compile("^`([\\w.]+)`: ((?:`[A-Z_]+`,?\\s*)+)\\.?$");

    /** A documented key: its type as written, and whether it may be absent. */
    private record Key(String type, boolean mayBeAbsent) {
    }

    /** Section anchor → documented keys in order (dotted keys describe the members of an object key). */
    private final Map<String, Map<String, Key>> sections;
    /** Enumerated key ({@code kind}, {@code diagnosis.cause}) → its documented values. */
    private final Map<String, Set<String>> enumerations;

    private DocumentedSchema(Map<String, Map<String, Key>> sections, Map<String, Set<String>> enumerations) {
        this.sections = sections;
        this.enumerations = enumerations;
    }

    static DocumentedSchema read() throws IOException {
        Map<String, Map<String, Key>> sections = new LinkedHashMap<>();
        Map<String, Set<String>> enumerations = new LinkedHashMap<>();
        Map<String, Key> current = null;
        boolean tableEnded = false;
        StringBuilder paragraph = new StringBuilder();
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            Matcher m;
            if ((m = HEADING.matcher(line)).matches()) {
                current = sections.computeIfAbsent(anchor(m.group(1)), a -> new LinkedHashMap<>());
                tableEnded = false;
            } else if (current != null && !tableEnded && (m = ROW.matcher(line)).lookingAt()) {
                String type = m.group(2).strip();
                current.put(m.group(1), new Key(type, type.contains("or absent")));
            } else if (current != null && !current.isEmpty() && !line.startsWith("|")) {
                // A second table under one heading (disasm's own object) documents another output.
                tableEnded = !line.isBlank() || tableEnded;
            }
            paragraph.append(line.isBlank() ? "\n" : line.strip() + " ");
        }
        for (String p : paragraph.toString().split("\n")) {
            Matcher m = ENUMERATION.matcher(p.strip());
            if (m.matches()) {
                Set<String> values = new LinkedHashSet<>();
                Matcher v = Pattern.compile("`([A-Z_]+)`").matcher(m.group(2));
                while (v.find()) {
                    values.add(v.group(1));
                }
                enumerations.put(m.group(1), values);
            }
        }
        return new DocumentedSchema(sections, enumerations);
    }

    /** What in {@code report} (one element of an input's {@code reports}) the documentation does not say. */
    List<String> problems(JsonNode report) {
        List<String> problems = new ArrayList<>();
        check(report, "report", "report", problems);
        checkEnumeration(report.get("kind"), "kind", problems);
        checkEnumeration(report.path("diagnosis").get("cause"), "diagnosis.cause", problems);
        return problems;
    }

    private void check(JsonNode node, String section, String path, List<String> problems) {
        Map<String, Key> keys = sections.get(section);
        if (keys == null) {
            problems.add(path + ": no section #" + section + " in docs/json.md");
            return;
        }
        checkObject(node, keys, "", path, problems);
    }

    /** Checks the members of {@code node} against the keys of a table that start with {@code prefix}. */
    private void checkObject(JsonNode node, Map<String, Key> keys, String prefix, String path, List<String> problems) {
        Set<String> documented = new LinkedHashSet<>();
        keys.forEach((name, key) -> {
            if (!name.startsWith(prefix) || name.substring(prefix.length()).contains(".")) {
                return;
            }
            String member = name.substring(prefix.length());
            documented.add(member);
            JsonNode value = node.get(member);
            if (value == null) {
                if (!key.mayBeAbsent()) {
                    problems.add(path + "." + member + ": documented but missing");
                }
                return;
            }
            checkValue(value, key.type(), keys, name + ".", path + "." + member, problems);
        });
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String member = it.next();
            if (!documented.contains(member)) {
                problems.add(path + "." + member + ": not documented");
            }
        }
    }

    private void checkValue(JsonNode value, String type, Map<String, Key> keys, String prefix, String path,
                            List<String> problems) {
        String t = type.toLowerCase(Locale.ROOT);
        if (value.isNull()) {
            if (!t.contains("or null")) {
                problems.add(path + ": null, documented as " + type);
            }
            return;
        }
        Matcher link = LINK.matcher(type);
        String linked = link.find() ? link.group(1) : null;
        if (t.startsWith("array")) {
            if (!value.isArray()) {
                problems.add(path + ": not an array, documented as " + type);
                return;
            }
            String element = t.replaceFirst("^array of ", "");
            int i = 0;
            for (JsonNode item : value) {
                if (linked != null) {
                    check(item, linked, path + "[" + i + "]", problems);
                } else {
                    checkScalar(item, element, path + "[" + i + "]", problems);
                }
                i++;
            }
        } else if (linked != null) {
            check(value, linked, path, problems);
        } else if (t.startsWith("object") || t.startsWith("boolean or") && value.isObject()) {
            if (!value.isObject()) {
                problems.add(path + ": not an object, documented as " + type);
            } else if (keys.keySet().stream().anyMatch(k -> k.startsWith(prefix))) {
                checkObject(value, keys, prefix, path, problems);
            }
        } else {
            checkScalar(value, t, path, problems);
        }
    }

    private static void checkScalar(JsonNode value, String type, String path, List<String> problems) {
        boolean ok;
        if (type.contains("hex string")) {
            ok = value.isTextual() && value.asText().matches("0x[0-9a-f]+");
        } else if (type.startsWith("string")) {
            ok = value.isTextual();
        } else if (type.startsWith("number")) {
            ok = value.isNumber();
        } else if (type.startsWith("boolean")) {
            ok = value.isBoolean();
        } else {
            ok = true; // objects and maps described in words
        }
        if (!ok) {
            problems.add(path + ": " + value + " is not a " + type);
        }
    }

    private void checkEnumeration(JsonNode value, String key, List<String> problems) {
        Set<String> values = enumerations.get(key);
        if (value != null && !value.isNull() && values != null && !values.contains(value.asText())) {
            problems.add(key + ": " + value.asText() + " is not in docs/json.md's list");
        }
    }

    /** GitHub's anchor of a heading: lower case, backquotes and punctuation dropped, spaces as dashes. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\w\\s-]", "").strip().replace(' ', '-');
    }
}
