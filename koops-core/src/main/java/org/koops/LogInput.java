package org.koops;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One kernel log an input holds ({@link LogInputs#find}): a log file (plain or compressed), the log
 * inside a vmcore, or a pstore record put back together from its parts.
 */
public interface LogInput {
    /** The label of this log in results and messages: the file, or the files it was put together from. */
    String name();

    /** What the log came from, for people: {@code log}, {@code ELF vmcore}, {@code pstore record} ... */
    String kind();

    /** The size in bytes of what is read to get the log (for progress), or -1 when not known. */
    long size();

    /**
     * The file that is this log, plain or compressed, when it is one, for readers that read a file
     * twice where it is; {@code null} for a log taken out of something else, a pipe or a record.
     */
    default java.nio.file.Path file() {
        return null;
    }

    /** The log's text, decompressed or extracted; the caller closes it. */
    InputStream open() throws IOException;

    /**
     * The kernel whose log this is, when the input says (a vmcore's VMCOREINFO), known once {@link #open()}
     * has returned; else {@code null}. Its debug files can be looked for by build id.
     */
    default Kernel kernel() {
        return null;
    }

    /** A kernel as a crash dump names it: its release and GNU build id (hexadecimal), either may be {@code null}. */
    record Kernel(String release, String buildId) {
    }

    /**
     * What could not be read of this log, one sentence each, known once {@link #open()} has returned:
     * a damaged dump gives the part of the log that could be read, and says so here.
     */
    List<String> problems();
}
