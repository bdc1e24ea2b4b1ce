package org.koops.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one register or field of a line says: {@code RBX = 0x1: ...}. Notes with the same value and
 * text are merged when printed, so six zero registers read as one sentence.
 */
record Note(String name, String value, String text) {

    /** {@code A, B = value: text} for each distinct value and text, in first-seen order. */
    static List<String> render(List<Note> notes) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        Map<String, Note> first = new LinkedHashMap<>();
        for (Note n : notes) {
            String key = n.value() + "\u0000" + n.text();
            names.computeIfAbsent(key, k -> new ArrayList<>()).add(n.name());
            first.putIfAbsent(key, n);
        }
        List<String> out = new ArrayList<>();
        first.forEach((key, n) -> out.add(String.join(", ", names.get(key))
                + (n.value().isEmpty() ? "" : " = " + n.value()) + ": " + n.text()));
        return out;
    }
}
