package org.koops.dump;

import java.nio.charset.StandardCharsets;

/** A log record with its text as the bytes the kernel stored, for output as the other dump tools print it. */
record RawRecord(long sequence, long timestampNanos, int level, int facility, long callerId, byte[] text) {
    static final long NO_CALLER = -1;

    LogRecord record() {
        return new LogRecord(sequence, timestampNanos, level, facility, caller(), DmesgText.escaped(text, false));
    }

    private String caller() {
        if (callerId == NO_CALLER) {
            return null;
        }
        return (callerId & 0x80000000L) != 0 ? "C" + (callerId & 0x7fffffffL) : "T" + callerId;
    }

    @Override
    public String toString() {
        return sequence + " " + new String(text, StandardCharsets.ISO_8859_1);
    }
}
