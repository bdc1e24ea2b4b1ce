package org.koops.json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.koops.corpus.WildCorpus;

/**
 * Reads the {@code MANIFEST.json} of a corpus of real users' crash logs: an array with one object per
 * log ({@code file}, {@code arch}, {@code format}, {@code first_line}, {@code kind}, {@code function},
 * {@code module}, {@code reports}, {@code truncated}, and the descriptive {@code source}, {@code license},
 * {@code notes}, {@code peer_expect}). A key it does not know is an error, so that a new fact of the
 * manifest is never silently left unchecked.
 */
public final class WildManifest {
    /** The file name of the manifest in a corpus folder. */
    public static final String NAME = "MANIFEST.json";
    private static final Set<String> KEYS = Set.of("file", "source", "license", "arch", "format", "first_line", "kind",
            "function", "module", "reports", "truncated", "notes", "peer_expect");

    private WildManifest() {
    }

    /** The expectations of {@code dir}'s manifest, in its order. */
    public static List<WildCorpus.Expectation> read(Path dir) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dir.resolve(NAME).toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(NAME + " is not a JSON array");
        }
        List<WildCorpus.Expectation> out = new ArrayList<>();
        for (JsonNode entry : root) {
            for (Iterator<String> keys = entry.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!KEYS.contains(key)) {
                    throw new IOException(NAME + ": unknown key \"" + key + "\" in the entry of " + entry.path("file").asText("?"));
                }
            }
            out.add(new WildCorpus.Expectation(text(entry, "file"), text(entry, "arch"), text(entry, "format"),
                    text(entry, "first_line"), text(entry, "kind"), text(entry, "function"), text(entry, "module"),
                    entry.path("reports").asInt(1), entry.path("truncated").asBoolean(false), text(entry, "peer_expect")));
        }
        return out;
    }

    private static String text(JsonNode entry, String key) {
        JsonNode v = entry.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
