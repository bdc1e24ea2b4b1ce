package org.koops.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** A system call table read from a resource of {@code <number> <name>} lines; {@code #} starts a comment. */
final class SyscallTable {
    private final Map<Integer, String> names;

    private SyscallTable(Map<Integer, String> names) {
        this.names = Map.copyOf(names);
    }

    /** Loads a resource next to this class; a missing or malformed table is a packaging bug. */
    static SyscallTable load(String resource) {
        try (InputStream in = SyscallTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<Integer, String> names = new TreeMap<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] columns = entry.split("\\s+");
                names.put(Integer.parseInt(columns[0]), columns[1]);
            }
            return new SyscallTable(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<String> name(int number) {
        return Optional.ofNullable(names.get(number));
    }

    OptionalInt number(String name) {
        return names.entrySet().stream().filter(e -> e.getValue().equals(name))
                .mapToInt(Map.Entry::getKey).findFirst();
    }
}
