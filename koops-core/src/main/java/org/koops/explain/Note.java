package org.koops.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one register or field of a line says: {@code RBX = 0x1: ...}. A finding says something about the
 * crash (the register equals the fault address, holds poison, interrupts were off) and gets a line of its own;
 * a routine note only says what the field is (the stack pointer, the segment, the features enabled), and the
 * routine notes of a line share one line. Notes with the same value and text are merged, so six zero registers
 * read as one sentence.
 */
record Note(String name, String value, String text, boolean finding) {

    /** A routine note: what the field is, nothing unusual. */
    Note(String name, String value, String text) {
        this(name, value, text, false);
    }

    /** A note that says something about the crash. */
    static Note finding(String name, String value, String text) {
        return new Note(name, value, text, true);
    }

    /** Each finding on a line of its own, then the routine notes together on one line. */
    static List<String> render(List<Note> notes) {
        List<String> out = merged(notes.stream().filter(Note::finding).toList()).stream().map(s -> s + ".").toList();
        List<String> routine = merged(notes.stream().filter(n -> !n.finding()).toList());
        List<String> all = new ArrayList<>(out);
        if (!routine.isEmpty()) {
            all.add(String.join("; ", routine) + ".");
        }
        return all;
    }

    /** {@code A, B = value: text} for each distinct value and text, in first-seen order. */
    private static List<String> merged(List<Note> notes) {
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
