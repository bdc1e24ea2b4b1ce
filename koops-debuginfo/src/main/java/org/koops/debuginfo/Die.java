package org.koops.debuginfo;

/**
 * The attributes of one DIE that symbolising needs, decoded by {@link Unit#readDie}. It is a reused
 * scratch object: a unit has hundreds of thousands of DIEs and only a few attributes of a few tags
 * matter, so nothing is allocated per DIE. Values are raw (an index for strx/addrx forms, a
 * unit-relative reference already made absolute) and resolved through the {@link Unit} on demand.
 */
final class Die {
    int offset;
    /** 0 for the null entry that ends a list of siblings. */
    int tag;
    boolean hasChildren;
    /** Offset of the next DIE in the unit: the first child if there are children, else the sibling. */
    int next;

    long lowPc;
    int lowPcForm;
    long highPc;
    int highPcForm;
    long ranges;
    int rangesForm;
    long name;
    int nameForm;
    long linkageName;
    int linkageNameForm;
    long compDir;
    int compDirForm;
    /** Absolute .debug_info offsets, or -1. */
    long sibling;
    long abstractOrigin;
    long specification;
    long callFile;
    long callLine;
    long callColumn;
    long stmtList;
    long strOffsetsBase;
    long addrBase;
    long rnglistsBase;

    private Cursor cursor;

    /** A cursor over {@code info} for reading into this DIE, made once: DIEs are read by the hundred thousand. */
    Cursor cursor(Slice info) {
        if (cursor == null || cursor.slice != info) {
            cursor = new Cursor(info, 0);
        }
        return cursor;
    }

    void clear() {
        lowPcForm = 0;
        highPcForm = 0;
        rangesForm = 0;
        nameForm = 0;
        linkageNameForm = 0;
        compDirForm = 0;
        sibling = -1;
        abstractOrigin = -1;
        specification = -1;
        callFile = 0;
        callLine = 0;
        callColumn = 0;
        stmtList = -1;
        strOffsetsBase = -1;
        addrBase = -1;
        rnglistsBase = -1;
    }

    boolean isNull() {
        return tag == 0;
    }

    boolean hasPc() {
        return lowPcForm != 0 && highPcForm != 0 || rangesForm != 0;
    }
}
