package org.koops.debuginfo;

import java.util.Arrays;

/**
 * The directory and file names of one line table (DWARF 5 §6.2.4), kept as the forms and values
 * they were read as and turned into paths only when asked for: a kernel unit lists hundreds of
 * headers and a lookup needs two or three of them. Before DWARF 5 files count from 1 and directory
 * 0 is the compilation directory; since DWARF 5 both count from 0, entry 0 being the unit's own.
 */
final class FileTable {
    private final Unit unit;
    private final boolean fromZero;
    private int dirCount;
    private int[] dirForm = new int[8];
    private long[] dirValue = new long[8];
    private int fileCount;
    private int[] fileForm = new int[16];
    private long[] fileValue = new long[16];
    private long[] fileDir = new long[16];
    private String[] paths;

    FileTable(Unit unit, boolean fromZero) {
        this.unit = unit;
        this.fromZero = fromZero;
    }

    /** A directory name: a string form and value; DW_FORM_string values are positions in .debug_line. */
    void addDirectory(int form, long value) {
        if (dirCount == dirForm.length) {
            dirForm = Arrays.copyOf(dirForm, dirCount * 2);
            dirValue = Arrays.copyOf(dirValue, dirCount * 2);
        }
        dirForm[dirCount] = form;
        dirValue[dirCount++] = value;
    }

    void addFile(int form, long value, long directory) {
        if (fileCount == fileForm.length) {
            fileForm = Arrays.copyOf(fileForm, fileCount * 2);
            fileValue = Arrays.copyOf(fileValue, fileCount * 2);
            fileDir = Arrays.copyOf(fileDir, fileCount * 2);
        }
        fileForm[fileCount] = form;
        fileValue[fileCount] = value;
        fileDir[fileCount++] = directory;
    }

    /** The path of file {@code index}, joined to its directory and the compilation directory as addr2line does; or {@code null}. */
    String path(int index) {
        int i = fromZero ? index : index - 1;
        if (i < 0 || i >= fileCount) {
            return null;
        }
        if (paths == null) {
            paths = new String[fileCount];
        }
        if (paths[i] == null) {
            String name = string(fileForm[i], fileValue[i]);
            long d = fromZero ? fileDir[i] : fileDir[i] - 1;
            String dir = d >= 0 && d < dirCount ? string(dirForm[(int) d], dirValue[(int) d]) : null;
            paths[i] = name == null ? null : join(unit.compDir, join(dir, name));
        }
        return paths[i];
    }

    private String string(int form, long value) {
        return form == DwarfCodes.DW_FORM_string ? unit.dwarf.line.cstring((int) value) : unit.string(form, value);
    }

    /** {@code dir/name}, unless {@code name} is absolute or there is no directory. */
    static String join(String dir, String name) {
        if (name == null || name.startsWith("/") || dir == null || dir.isEmpty()) {
            return name;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
