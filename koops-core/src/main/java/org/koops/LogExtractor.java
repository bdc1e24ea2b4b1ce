package org.koops;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A reader of files that hold a kernel log without being one, such as kdump vmcores. Readers are
 * found on the class path with {@link java.util.ServiceLoader} (the koops-dump module provides
 * one), so that {@link Koops#analyze(Path)}, {@link LogInputs} and every command that reads logs
 * read such files too. A file is recognised by its first bytes, never by its name.
 */
public interface LogExtractor {
    /** How many first bytes of a file {@link #recognises} is given (fewer when the file is shorter). */
    int HEAD_LENGTH = 64;

    /** Whether a file starting with {@code head} is of this reader's kind. */
    boolean recognises(byte[] head);

    /**
     * The kernel log {@code file} holds, as text. Throws only when no log at all can be read (with a
     * one-line message saying what is missing); damage that leaves part of the log readable is listed
     * in {@link ExtractedLog#problems()}. Reads only the parts of the file it needs.
     */
    ExtractedLog extract(Path file) throws IOException;
}
