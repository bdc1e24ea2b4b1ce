package org.koops.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.koops.Koops;
import org.koops.LogInputs;
import org.koops.json.ReportJson;
import org.koops.model.CrashReport;
import org.koops.text.ReportText;

/**
 * What the crash page shows of a stored log. The server keeps the log, not its analysis: a crash's
 * explanation is the log analysed again and the report picked by its index, so that it is always the
 * full {@code koops explain} output, in the current version of koops.
 */
final class Explanation {
    /** A report, its {@code koops explain} text and its JSON form (docs/json.md, with annotated lines). */
    record Explained(CrashReport report, String text, ObjectNode json) {
    }

    /** The start of a log, as text; {@code truncated} when the log goes on. */
    record Excerpt(String text, boolean truncated) {
    }

    private static final ReportText TEXT = ReportText.create(ReportText.Highlighter.PLAIN, false);
    private static final ReportJson JSON = ReportJson.create().withAnnotated(true);
    /** Only the report shown has its code decoded: with objdump, each report decoded is a process run. */
    private static final Koops KOOPS = Koops.create();

    private Explanation() {
    }

    /**
     * The report at {@code index} of the log, with the source lines {@code symbols} finds, or empty when
     * this version of koops no longer finds it.
     */
    static Optional<Explained> of(String name, byte[] raw, int index, Symbols symbols) throws IOException {
        AtomicReference<CrashReport> found = new AtomicReference<>();
        AtomicLong copies = new AtomicLong();
        KOOPS.withoutDisassembler().scan(new ByteArrayInputStream(raw), r -> {
            if (r.index() == index) {
                found.set(r);
            } else if (r.duplicateOf() != null && r.duplicateOf() == index) {
                copies.incrementAndGet();
            }
        }, bytes -> { });
        CrashReport r = found.get() == null ? null : symbols.annotate(KOOPS.decodeCode(found.get()));
        return r == null ? Optional.empty()
                : Optional.of(new Explained(r, TEXT.text(name, r, copies.get()), JSON.tree(r)));
    }

    /** The log decompressed and decoded as UTF-8 (bad bytes replaced), up to {@code maxChars} characters. */
    static Excerpt excerpt(byte[] raw, int maxChars) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer text = CharBuffer.allocate(maxChars);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        try (InputStream plain = LogInputs.decompress(new ByteArrayInputStream(raw))) {
            int n;
            while (text.hasRemaining() && (n = plain.read(in.array(), in.position(), in.remaining())) >= 0) {
                in.position(in.position() + n).flip();
                utf8.decode(in, text, false);
                in.compact();
            }
            boolean truncated = !text.hasRemaining() && (in.position() > 0 || plain.read() >= 0);
            if (!truncated) {
                in.flip();
                utf8.decode(in, text, true);
                utf8.flush(text);
            }
            return new Excerpt(text.flip().toString(), truncated);
        }
    }
}
