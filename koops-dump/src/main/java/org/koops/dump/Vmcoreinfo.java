package org.koops.dump;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel's VMCOREINFO note: {@code KEY=VALUE} lines describing the kernel to dump readers
 * (Documentation/admin-guide/kdump/vmcoreinfo.rst). {@code SYMBOL(name)} values are hexadecimal
 * addresses; {@code OFFSET(struct.member)}, {@code SIZE(type)} and {@code LENGTH(name)} decimal;
 * {@code NUMBER(name)} decimal, or hexadecimal with {@code 0x} (arm64's {@code kimage_voffset});
 * {@code KERNELOFFSET} hexadecimal.
 */
final class Vmcoreinfo {
    private final Map<String, String> values;

    private Vmcoreinfo(Map<String, String> values) {
        this.values = values;
    }

    static Vmcoreinfo parse(byte[] text) {
        Map<String, String> values = new LinkedHashMap<>();
        int n = text.length;
        while (n > 0 && text[n - 1] == 0) {
            n--;
        }
        for (String line : new String(text, 0, n, StandardCharsets.ISO_8859_1).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return new Vmcoreinfo(values);
    }

    /** Whether {@code text} starts like a VMCOREINFO note: what a search of memory for a lost one looks for. */
    static boolean looksLike(String text) {
        return text.startsWith("OSRELEASE=") && text.contains("\nPAGESIZE=");
    }

    String text(String key) {
        return values.get(key);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Long symbol(String name) {
        return hex(values.get("SYMBOL(" + name + ")"));
    }

    Long offset(String member) {
        return decimal(values.get("OFFSET(" + member + ")"));
    }

    Long size(String type) {
        return decimal(values.get("SIZE(" + type + ")"));
    }

    Long length(String name) {
        return decimal(values.get("LENGTH(" + name + ")"));
    }

    Long number(String name) {
        String v = values.get("NUMBER(" + name + ")");
        return v != null && v.startsWith("0x") ? hex(v.substring(2)) : decimal(v);
    }

    Long kernelOffset() {
        return hex(values.get("KERNELOFFSET"));
    }

    String release() {
        return values.get("OSRELEASE");
    }

    int pageSize() {
        Long size = decimal(values.get("PAGESIZE"));
        return size == null || size < 4096 || size > (1 << 20) || Long.bitCount(size) != 1 ? 4096 : size.intValue();
    }

    private static Long hex(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Long.parseUnsignedLong(v.startsWith("0x") ? v.substring(2) : v, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long decimal(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
