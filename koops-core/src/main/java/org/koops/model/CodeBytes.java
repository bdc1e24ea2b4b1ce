package org.koops.model;

/**
 * The machine code printed around the faulting instruction ({@code Code:} line).
 *
 * @param bytes       the code in memory order (arm64 words converted to little-endian bytes)
 * @param faultOffset byte offset in {@code bytes} of the marked ({@code <8b>} or {@code (..)}) unit, or -1
 * @param unitSize    1 for x86 bytes, 4 for arm64 words, 2 for Thumb half-words
 * @param userSpace   whether this is the user-space code after the trace ({@code RIP: 0033:})
 * @param unavailable the kernel's reason when it printed none ({@code Unable to access opcode bytes at ...})
 * @param line        log line number of the {@code Code:} line
 */
public record CodeBytes(byte[] bytes, int faultOffset, int unitSize, boolean userSpace, String unavailable, long line) {
    public int faultingByte() {
        return faultOffset < 0 || faultOffset >= bytes.length ? -1 : bytes[faultOffset] & 0xff;
    }
}
