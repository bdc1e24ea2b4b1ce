package org.koops.debuginfo;

/**
 * One source location of a symbolised address: the innermost is where the instruction's code was
 * written, each next one the call site its function was inlined at, ending in the function the
 * code was compiled into (the order of {@code addr2line -f -i}).
 *
 * @param function      the function the location is in, or {@code null} if unknown
 * @param file          the source file's path as the debug info gives it (the compilation directory
 *                      joined to a relative path), or {@code null} if unknown
 * @param line          1-based line, or 0 if unknown
 * @param column        1-based column, or 0 if unknown
 * @param discriminator the line table's discriminator (several blocks on one line), 0 if none; always
 *                      0 for call sites
 * @param compDir       the compilation directory of the unit, or {@code null}
 */
public record SourceLocation(String function, String file, int line, int column, int discriminator, String compDir) {

    /** The file relative to the compilation directory when inside it ({@code fs/open.c} for a kernel), else the file. */
    public String shortFile() {
        if (file != null && compDir != null && !compDir.isEmpty()) {
            String dir = compDir.endsWith("/") ? compDir : compDir + "/";
            if (file.startsWith(dir)) {
                return file.substring(dir.length());
            }
        }
        return file;
    }

    /** {@code file:line} as {@code addr2line} prints it: {@code ??:0} when unknown, and the discriminator if any. */
    public String fileLine(boolean shortPath) {
        String f = shortPath ? shortFile() : file;
        String s = (f == null ? "??" : f) + ":" + (line == 0 && f == null ? "0" : Integer.toString(line));
        return discriminator == 0 ? s : s + " (discriminator " + discriminator + ")";
    }
}
