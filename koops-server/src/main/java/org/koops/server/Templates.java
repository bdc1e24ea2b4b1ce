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
            .withEscaper(Templates::escape)
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
            return time(t);
        }
        return value instanceof Record || value instanceof Map<?, ?> ? value.getClass().getSimpleName()
                : String.valueOf(value);
    }

    /**
     * An instant as {@link #TIME} writes it. A bug page writes a thousand or more (its latest crashes), and
     * the formatter's general machinery showed in profiles of that page: years of four digits, all that a
     * server sees, are written here digit by digit, any other through the formatter.
     */
    static String time(Instant t) {
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        if (d.getYear() < 1000 || d.getYear() > 9999) {
            return TIME.format(t);
        }
        StringBuilder s = new StringBuilder(23).append(d.getYear());
        two(s.append('-'), d.getMonthValue());
        two(s.append('-'), d.getDayOfMonth());
        two(s.append(' '), d.getHour());
        two(s.append(':'), d.getMinute());
        two(s.append(':'), d.getSecond());
        return s.append(" UTC").toString();
    }

    private static void two(StringBuilder s, int n) {
        s.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /**
     * HTML-escapes a value as JMustache's HTML escaper does ({@code & ' " < > ` =}), in one pass over it
     * instead of one per character replaced: a bug page escapes several thousand values.
     */
    static String escape(String raw) {
        StringBuilder out = null;
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            String entity = switch (ch) {
                case '&' -> "&amp;";
                case '\'' -> "&#39;";
                case '"' -> "&quot;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '`' -> "&#x60;";
                case '=' -> "&#x3D;";
                default -> null;
            };
            if (entity != null && out == null) {
                out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
            }
            if (out != null) {
                if (entity != null) {
                    out.append(entity);
                } else {
                    out.append(ch);
                }
            }
        }
        return out == null ? raw : out.toString();
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
