package org.koops.debuginfo;

import static org.koops.debuginfo.DwarfCodes.*;

import java.util.Arrays;

/**
 * Decodes a line number program (DWARF 5 §6.2) into a {@link LineTable}.
 *
 * <p>The header (§6.2.4) gives the program's parameters and its directory and file tables: before
 * DWARF 5 as lists of strings ended by an empty one, file indexes 1-based and directory 0 meaning
 * the compilation directory; since DWARF 5 as entries described by (content type, form) pairs
 * (§6.2.4.1, DW_LNCT_*), indexes 0-based and directory 0 being the compilation directory itself.
 * The program then runs the state machine of §6.2.2 with the standard, extended and special
 * opcodes of §6.2.5; the operation index of VLIW targets is kept as the formula in §6.2.5.1 says.
 */
final class LineProgram {
    private final Unit unit;
    private final Cursor c;
    private final int end;
    private int version;
    private boolean dwarf64;
    private int addressSize;
    private int minInstructionLength;
    private int maxOpsPerInstruction;
    private boolean defaultIsStmt;
    private int lineBase;
    private int lineRange;
    private int opcodeBase;
    private int[] standardLengths;
    private FileTable files;

    private int n;
    private long[] address;
    private int[] file;
    private int[] line;
    private int[] column;
    private int[] discriminator;
    private int sequences;
    private int[] first = new int[16];
    private int[] last = new int[16];

    // The state machine's registers (§6.2.2) and where the current sequence's rows start.
    private long addr;
    private int opIndex;
    private int fileReg;
    private int lineReg;
    private int columnReg;
    private int discriminatorReg;
    private int sequenceStart;

    private LineProgram(Unit unit, Cursor c, int end) {
        this.unit = unit;
        this.c = c;
        this.end = end;
    }

    static LineTable decode(Unit unit, long offset) {
        Slice section = unit.dwarf.line;
        Cursor c = new Cursor(section, section.index(offset, "line table offset"));
        long length = c.u32();
        boolean dwarf64 = false;
        if (length == 0xffff_ffffL) {
            dwarf64 = true;
            length = c.u64();
        } else if (length >= 0xffff_fff0L) {
            throw section.invalid((int) offset, "reserved unit length 0x" + Long.toHexString(length));
        }
        if (length < 0 || length > section.size() - c.pos) {
            section.check(c.pos, (int) Math.min(Math.max(length, 0), Integer.MAX_VALUE));
        }
        LineProgram p = new LineProgram(unit, c, c.pos + (int) length);
        p.dwarf64 = dwarf64;
        int programStart = p.readHeader();
        c.pos = programStart;
        p.reserve((p.end - programStart) / 3);
        p.run();
        return new LineTable(p.address, p.file, p.line, p.column, p.discriminator, p.n,
                Arrays.copyOf(p.first, p.sequences), Arrays.copyOf(p.last, p.sequences), p.files);
    }

    /** Reads the header (§6.2.4) and returns where the program starts. */
    private int readHeader() {
        int at = c.pos;
        version = c.u16();
        if (version < 2 || version > 5) {
            throw new UncheckedDebugInfoException(DebugInfoException.unsupported(c.slice.where(), at,
                    "line table version " + version + " (2 to 5 are read)"));
        }
        addressSize = unit.header.addressSize();
        if (version >= 5) {
            addressSize = c.u8();
            c.u8(); // segment_selector_size: segmented addresses are not used on Linux targets
        }
        long headerLength = dwarf64 ? c.u64() : c.u32();
        if (headerLength < 0 || headerLength > end - c.pos) {
            throw c.slice.invalid(at, "header length 0x" + Long.toHexString(headerLength) + " exceeds the table");
        }
        int programStart = c.pos + (int) headerLength;
        minInstructionLength = c.u8();
        maxOpsPerInstruction = version >= 4 ? Math.max(1, c.u8()) : 1;
        defaultIsStmt = c.u8() != 0;
        lineBase = (byte) c.u8();
        lineRange = c.u8();
        opcodeBase = c.u8();
        if (lineRange == 0 || opcodeBase == 0) {
            throw c.slice.invalid(at, "line_range " + lineRange + " and opcode_base " + opcodeBase + " must not be 0");
        }
        standardLengths = new int[opcodeBase];
        for (int i = 1; i < opcodeBase; i++) {
            standardLengths[i] = c.u8();
        }
        files = new FileTable(unit, version >= 5);
        if (version >= 5) {
            readEntries(true);
            readEntries(false);
        } else {
            readV4Tables();
        }
        return programStart;
    }

    /** Strings until an empty one; the values kept are their positions. */
    private void readV4Tables() {
        while (c.slice.u8(c.pos) != 0) {
            files.addDirectory(DW_FORM_string, c.pos);
            c.skipCstring();
        }
        c.pos++;
        while (c.slice.u8(c.pos) != 0) {
            int name = c.pos;
            c.skipCstring();
            files.addFile(DW_FORM_string, name, c.uleb());
            c.uleb(); // modification time
            c.uleb(); // length
        }
        c.pos++;
    }

    /** A DWARF 5 directory or file name table (§6.2.4.1). */
    private void readEntries(boolean directoryTable) {
        int formats = c.u8();
        long[] types = new long[formats];
        int[] forms = new int[formats];
        for (int i = 0; i < formats; i++) {
            types[i] = c.uleb();
            forms[i] = c.ulebInt("form");
        }
        int at = c.pos;
        int count = c.ulebInt("entry count");
        if (count > end - c.pos) {
            throw c.slice.invalid(at, count + " entries cannot fit in the rest of the header");
        }
        for (int e = 0; e < count; e++) {
            int pathForm = 0;
            long path = 0;
            long dir = 0;
            for (int i = 0; i < formats; i++) {
                long value = unit.value(c, forms[i], 0); // for DW_FORM_string, its position
                if (types[i] == DW_LNCT_path) {
                    pathForm = forms[i];
                    path = value;
                } else if (types[i] == DW_LNCT_directory_index) {
                    dir = value;
                }
            }
            if (directoryTable) {
                files.addDirectory(pathForm, path);
            } else {
                files.addFile(pathForm, path, dir);
            }
        }
    }

    /**
     * Runs the state machine (§6.2.2, §6.2.5), appending a row at each copy, special opcode and end of
     * sequence. Each opcode is run by a method of its own, which the JIT compiles after a few hundred
     * calls: a loop is compiled only after tens of thousands of turns, more than a decode of one oops runs.
     */
    private void run() {
        startSequence();
        while (c.pos < end) {
            step();
        }
        // Rows after the last end_sequence belong to no sequence and are dropped, as other readers do.
        n = sequenceStart;
    }

    private void startSequence() {
        sequenceStart = n;
        addr = 0;
        opIndex = 0;
        fileReg = 1;
        lineReg = 1;
        columnReg = 0;
        discriminatorReg = 0;
    }

    private void step() {
        int opcode = c.u8();
        if (opcode >= opcodeBase) {
            int adjusted = opcode - opcodeBase;
            advance(adjusted / lineRange);
            lineReg += lineBase + adjusted % lineRange;
            append(addr, fileReg, lineReg, columnReg, discriminatorReg);
            discriminatorReg = 0;
            return;
        }
        switch (opcode) {
            case 0 -> extended();
            case DW_LNS_copy -> {
                append(addr, fileReg, lineReg, columnReg, discriminatorReg);
                discriminatorReg = 0;
            }
            case DW_LNS_advance_pc -> {
                long advance = c.uleb();
                addr += minInstructionLength * ((opIndex + advance) / maxOpsPerInstruction);
                opIndex = (int) Long.remainderUnsigned(opIndex + advance, maxOpsPerInstruction);
            }
            case DW_LNS_advance_line -> lineReg += (int) c.sleb();
            case DW_LNS_set_file -> fileReg = (int) Math.min(c.uleb(), Integer.MAX_VALUE);
            case DW_LNS_set_column -> columnReg = (int) Math.min(c.uleb(), Integer.MAX_VALUE);
            case DW_LNS_negate_stmt, DW_LNS_set_basic_block, DW_LNS_set_prologue_end, DW_LNS_set_epilogue_begin -> {
                // flags that do not change which source line an address belongs to
            }
            case DW_LNS_const_add_pc -> advance((255 - opcodeBase) / lineRange);
            case DW_LNS_fixed_advance_pc -> {
                addr += c.u16();
                opIndex = 0;
            }
            default -> {
                // DW_LNS_set_isa and opcodes newer than this reader: skip their ULEB operands.
                for (int i = 0; i < standardLengths[opcode]; i++) {
                    c.uleb();
                }
            }
        }
    }

    /** Advances the address and operation index by {@code advance} operations (§6.2.5.1). */
    private void advance(long advance) {
        addr += minInstructionLength * ((opIndex + advance) / maxOpsPerInstruction);
        opIndex = (int) ((opIndex + advance) % maxOpsPerInstruction);
    }

    private void extended() {
        long length = c.uleb();
        int at = c.pos;
        if (length == 0 || length > end - at) {
            throw c.slice.invalid(at, "extended opcode length 0x" + Long.toHexString(length));
        }
        int sub = c.u8();
        switch (sub) {
            case DW_LNE_end_sequence -> {
                append(addr, fileReg, lineReg, columnReg, discriminatorReg);
                endSequence(sequenceStart);
                startSequence();
            }
            case DW_LNE_set_address -> {
                int size = (int) length - 1;
                addr = size == 1 || size == 2 || size == 4 || size == 8 ? c.unsigned(size) : addr;
                opIndex = 0;
            }
            case DW_LNE_define_file -> {
                int name = c.pos;
                c.skipCstring();
                files.addFile(DW_FORM_string, name, c.uleb());
            }
            case DW_LNE_set_discriminator -> discriminatorReg = (int) Math.min(c.uleb(), Integer.MAX_VALUE);
            default -> { }
        }
        c.pos = at + (int) length;
    }

    private void reserve(int rows) {
        int size = Math.max(16, rows);
        address = new long[size];
        file = new int[size];
        line = new int[size];
        column = new int[size];
        discriminator = new int[size];
    }

    private void append(long addr, int fileIndex, int lineNumber, int col, int disc) {
        if (n == address.length) {
            int size = n * 2;
            address = Arrays.copyOf(address, size);
            file = Arrays.copyOf(file, size);
            line = Arrays.copyOf(line, size);
            column = Arrays.copyOf(column, size);
            discriminator = Arrays.copyOf(discriminator, size);
        }
        address[n] = addr;
        file[n] = fileIndex;
        line[n] = lineNumber;
        column[n] = col;
        discriminator[n++] = disc;
    }

    private void endSequence(int start) {
        if (n - 1 == start) {
            n = start; // an empty sequence covers nothing
            return;
        }
        if (sequences == first.length) {
            first = Arrays.copyOf(first, sequences * 2);
            last = Arrays.copyOf(last, sequences * 2);
        }
        first[sequences] = start;
        last[sequences++] = n - 1;
    }
}
