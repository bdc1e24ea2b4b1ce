package org.koops.dump;

import java.io.IOException;
import java.nio.file.Path;

import org.koops.ExtractedLog;
import org.koops.LogExtractor;

/** The core's {@link LogExtractor} for crash dumps: the log of a {@link Vmcore}, as {@code makedumpfile --dump-dmesg} prints it. */
public final class VmcoreExtractor implements LogExtractor {
    @Override
    public boolean recognises(byte[] head) {
        return Vmcore.recognises(head);
    }

    @Override
    public ExtractedLog extract(Path file) throws IOException {
        try (Vmcore dump = Vmcore.open(file)) {
            Vmcore.Dmesg dmesg = dump.dmesg();
            DumpInfo info = dump.info();
            String kind = info.format() + " vmcore" + (info.release() == null ? "" : " of " + info.release());
            if (dmesg.text().length == 0 && !dmesg.problems().isEmpty()) {
                throw new IOException(kind + ": " + dmesg.problems().get(dmesg.problems().size() - 1));
            }
            return new ExtractedLog(kind, dmesg.text(), dmesg.problems(), info.release(), info.buildId());
        }
    }
}
