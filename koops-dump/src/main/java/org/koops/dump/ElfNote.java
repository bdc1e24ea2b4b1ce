package org.koops.dump;

/**
 * One ELF note of a dump (System V gABI, "Note Section"): the vmcore's {@code VMCOREINFO}, a CPU's
 * {@code CORE}/NT_PRSTATUS, qemu's {@code QEMU} CPU state.
 *
 * @param name the owner's name without its NUL
 * @param type the note type (1: NT_PRSTATUS; 0 for VMCOREINFO)
 * @param desc the descriptor's bytes
 */
record ElfNote(String name, long type, byte[] desc) {
    static final long NT_PRSTATUS = 1;

    /**
     * The notes in {@code bytes} (each: namesz, descsz, type as 32-bit values, then the name and the
     * descriptor, each padded to 4 bytes). Parsing stops at the first note that does not fit, which
     * is then said in {@code problems}; zero padding at the end (kexec's note buffers) is skipped.
     */
    static java.util.List<ElfNote> parse(byte[] bytes, java.nio.ByteOrder order, java.util.List<String> problems) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(order);
        java.util.List<ElfNote> notes = new java.util.ArrayList<>();
        int pos = 0;
        while (pos + 12 <= bytes.length) {
            long nameSize = Integer.toUnsignedLong(b.getInt(pos));
            long descSize = Integer.toUnsignedLong(b.getInt(pos + 4));
            long type = Integer.toUnsignedLong(b.getInt(pos + 8));
            if (nameSize == 0 && descSize == 0 && type == 0) {
                break;
            }
            long nameEnd = pos + 12L + align4(nameSize);
            long descEnd = nameEnd + align4(descSize);
            if (descEnd > bytes.length || nameEnd + descSize > bytes.length) {
                problems.add("a note at 0x" + Integer.toHexString(pos) + " of the notes claims more bytes than they have;"
                        + " the notes after it are not read");
                break;
            }
            int nameLength = (int) nameSize;
            while (nameLength > 0 && bytes[pos + 12 + nameLength - 1] == 0) {
                nameLength--;
            }
            String name = new String(bytes, pos + 12, nameLength, java.nio.charset.StandardCharsets.ISO_8859_1);
            notes.add(new ElfNote(name, type, java.util.Arrays.copyOfRange(bytes, (int) nameEnd, (int) (nameEnd + descSize))));
            pos = (int) descEnd;
        }
        return notes;
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }
}
