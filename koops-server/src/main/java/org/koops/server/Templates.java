package org.koops.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * The HTML pages: Mustache templates under {@code templates/}, compiled once. Every {@code {{value}}}
 * is HTML-escaped (quotes included, so values are safe in attributes too); the templates have no
 * triple-brace output, so nothing from a log reaches a page unescaped. Instants show in UTC, to the second.
 */
final class Templates {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Mustache.Compiler compiler = Mustache.compiler()
            .escapeHTML(true)
            .nullValue("")
            .emptyStringIsFalse(true)
            .zeroIsFalse(true)
            .withFormatter(Templates::format)
            .withLoader(Templates::reader);
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    /**
     * How a value is written: an instant in UTC to the second, anything else as its text. JMustache also
     * asks this of the value of every section that is not a list or a boolean, to tell an empty string;
     * a record or a map, which no page writes out, is then not turned into text (a bug page's record, with
     * its 1,000 latest crashes, was written out at each of its sections), only named.
     */
    static CharSequence format(Object value) {
        if (value instanceof Instant t) {
            return TIME.format(t);
        }
        return value instanceof Record || value instanceof Map<?, ?> ? value.getClass().getSimpleName()
                : String.valueOf(value);
    }

    String render(String name, Object context) {
        return compiled.computeIfAbsent(name, n -> {
            try (Reader r = reader(n)) {
                return compiler.compile(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).execute(context);
    }

    private static Reader reader(String name) {
        InputStream in = Templates.class.getResourceAsStream("templates/" + name + ".mustache");
        if (in == null) {
            throw new IllegalArgumentException("no template " + name);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
