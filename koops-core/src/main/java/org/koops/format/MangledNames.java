package org.koops.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Mangled names as a title shows them: Rust's v0 symbols ({@code _RNv...}) and C++'s Itanium ones
 * ({@code _Z...}) become the path they name, without parameters or crate hashes, e.g.
 * {@code _RNvMs3_NtCs..._11rust_binder7processNtB5_7Process10update_ref} is
 * {@code <rust_binder::process::Process>::update_ref}. Anything else, or anything this reader does
 * not understand, is returned unchanged. Grammars: the Rust symbol-mangling RFC 2603 ("v0") and the
 * Itanium C++ ABI, section 5.1 (only plain and nested source names are read).
 */
final class MangledNames {
    private MangledNames() {
    }

    static String demangle(String name) {
        try {
            if (name.startsWith("_R")) {
                return new V0(name.substring(2)).symbol();
            }
            if (name.startsWith("_Z")) {
                return itanium(name.substring(2));
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // Not a symbol this reader understands: keep it as printed.
        }
        return name;
    }

    /** {@code <len><id>} or {@code N [qualifiers] (<len><id>)+ E}, optionally after {@code L}; parameters ignored. */
    private static String itanium(String s) {
        int at = s.startsWith("L") ? 1 : 0;
        if (s.charAt(at) != 'N') {
            return sourceName(s, new int[] {at});
        }
        int[] pos = {at + 1};
        while ("rVK".indexOf(s.charAt(pos[0])) >= 0) {
            pos[0]++;
        }
        List<String> parts = new ArrayList<>();
        while (s.charAt(pos[0]) != 'E') {
            parts.add(sourceName(s, pos));
        }
        return String.join("::", parts);
    }

    private static String sourceName(String s, int[] pos) {
        int start = pos[0];
        while (Character.isDigit(s.charAt(pos[0]))) {
            pos[0]++;
        }
        int length = Integer.parseInt(s.substring(start, pos[0]));
        if (length <= 0) {
            throw new IllegalArgumentException("empty name");
        }
        String id = s.substring(pos[0], pos[0] + length);
        pos[0] += length;
        return id;
    }

    /** A reader of one v0 symbol: {@code <path> [<instantiating-crate>]}. */
    private static final class V0 {
        private static final Map<Character, String> BASIC = Map.ofEntries(Map.entry('a', "i8"), Map.entry('b', "bool"),
                Map.entry('c', "char"), Map.entry('d', "f64"), Map.entry('e', "str"), Map.entry('f', "f32"),
                Map.entry('h', "u8"), Map.entry('i', "isize"), Map.entry('j', "usize"), Map.entry('l', "i32"),
                Map.entry('m', "u32"), Map.entry('n', "i128"), Map.entry('o', "u128"), Map.entry('s', "i16"),
                Map.entry('t', "u16"), Map.entry('u', "()"), Map.entry('v', "..."), Map.entry('x', "i64"),
                Map.entry('y', "u64"), Map.entry('z', "!"), Map.entry('p', "_"));

        private final String s;
        private int at;

        V0(String s) {
            this.s = s;
        }

        String symbol() {
            return path();
        }

        private String path() {
            char tag = s.charAt(at++);
            switch (tag) {
                case 'C' -> {
                    return identifier();
                }
                case 'M' -> {
                    impl();
                    return "<" + type() + ">";
                }
                case 'X' -> {
                    impl();
                    String self = type();
                    return "<" + self + " as " + path() + ">";
                }
                case 'Y' -> {
                    String self = type();
                    return "<" + self + " as " + path() + ">";
                }
                case 'N' -> {
                    char namespace = s.charAt(at++);
                    String parent = path();
                    String id = identifier();
                    if (Character.isUpperCase(namespace)) {
                        String kind = namespace == 'C' ? "closure" : namespace == 'S' ? "shim" : String.valueOf(namespace);
                        return parent + "::{" + kind + (id.isEmpty() ? "" : ":" + id) + "}";
                    }
                    return parent + "::" + id;
                }
                case 'I' -> {
                    String base = path();
                    List<String> args = new ArrayList<>();
                    while (s.charAt(at) != 'E') {
                        args.add(genericArg());
                    }
                    at++;
                    return base + "::<" + String.join(", ", args) + ">";
                }
                case 'B' -> {
                    return backref(this::path);
                }
                default -> throw new IllegalArgumentException("path tag " + tag);
            }
        }

        private void impl() {
            disambiguator();
            path();
        }

        private String genericArg() {
            char c = s.charAt(at);
            if (c == 'L') {
                at++;
                base62();
                return "'_";
            }
            if (c == 'K') {
                throw new IllegalArgumentException("const generic");
            }
            return type();
        }

        private String type() {
            char c = s.charAt(at);
            if (BASIC.containsKey(c)) {
                at++;
                return BASIC.get(c);
            }
            switch (c) {
                case 'R', 'Q' -> {
                    at++;
                    if (s.charAt(at) == 'L') {
                        at++;
                        base62();
                    }
                    return (c == 'R' ? "&" : "&mut ") + type();
                }
                case 'P', 'O' -> {
                    at++;
                    return (c == 'P' ? "*const " : "*mut ") + type();
                }
                case 'S' -> {
                    at++;
                    return "[" + type() + "]";
                }
                case 'T' -> {
                    at++;
                    List<String> items = new ArrayList<>();
                    while (s.charAt(at) != 'E') {
                        items.add(type());
                    }
                    at++;
                    return "(" + String.join(", ", items) + (items.size() == 1 ? ",)" : ")");
                }
                case 'B' -> {
                    at++;
                    return backref(this::type);
                }
                default -> {
                    return path();
                }
            }
        }

        private String backref(Supplier<String> reader) {
            int target = Math.toIntExact(base62());
            if (target >= at) {
                throw new IllegalArgumentException("forward back reference");
            }
            int saved = at;
            at = target;
            String value = reader.get();
            at = saved;
            return value;
        }

        /** {@code [s <base-62>] [u] <decimal> [_] <bytes>}; the disambiguator (a crate hash) is not shown. */
        private String identifier() {
            disambiguator();
            if (s.charAt(at) == 'u') {
                throw new IllegalArgumentException("punycode identifier");
            }
            int start = at;
            while (Character.isDigit(s.charAt(at))) {
                at++;
            }
            int length = Integer.parseInt(s.substring(start, at));
            if (s.charAt(at) == '_') {
                at++;
            }
            String id = s.substring(at, at + length);
            at += length;
            return id;
        }

        private void disambiguator() {
            if (s.charAt(at) == 's') {
                at++;
                base62();
            }
        }

        /** {@code _} is 0; otherwise base-62 digits then {@code _} give the value plus one. */
        private long base62() {
            if (s.charAt(at) == '_') {
                at++;
                return 0;
            }
            long value = 0;
            while (s.charAt(at) != '_') {
                char c = s.charAt(at++);
                int digit = Character.isDigit(c) ? c - '0' : Character.isLowerCase(c) ? c - 'a' + 10 : c - 'A' + 36;
                value = value * 62 + digit;
            }
            at++;
            return value + 1;
        }
    }
}
