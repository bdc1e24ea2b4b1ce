package org.koops.debuginfo;

import java.util.Arrays;

/**
 * One out-of-line function and the subroutines inlined into it (DWARF 5 §3.3, §3.3.8), each with
 * its enclosing function and the call site it was inlined at (DW_AT_call_file/line/column,
 * §3.3.8.1). Lexical blocks are see-through. An {@link AddressMap} gives the innermost function at
 * each address; following the enclosing functions from there gives the inline chain.
 */
final class ScopeTree {
    private int count;
    private int[] die = new int[16];
    private int[] parent = new int[16];
    private boolean[] inlined = new boolean[16];
    private int[] callFile = new int[16];
    private int[] callLine = new int[16];
    private int[] callColumn = new int[16];
    private AddressMap innermost;

    private ScopeTree() {
    }

    /** Reads the subtree of the function at {@code offset} once, in order, keeping a stack of the enclosing functions. */
    static ScopeTree build(Unit unit, int offset) {
        ScopeTree tree = new ScopeTree();
        AddressMap.Painter painter = new AddressMap.Painter();
        Die d = new Die();
        int[] enclosing = new int[16];
        int depth = 0;
        enclosing[0] = AddressMap.NONE;
        int pos = offset;
        int end = unit.header.end();
        do {
            unit.readDie(pos, d, true);
            if (d.isNull()) {
                pos = d.next;
                depth--;
                continue;
            }
            int scope = enclosing[depth];
            boolean function = d.tag == DwarfCodes.DW_TAG_subprogram || d.tag == DwarfCodes.DW_TAG_inlined_subroutine;
            if (function) {
                // A function is a link of the chain even with empty ranges: strict DWARF 2 cannot give an
                // inlined function two ranges and gives it none, yet the functions inlined in it have theirs.
                scope = tree.add(d, scope);
                if (d.hasPc()) {
                    long[] ranges = unit.ranges(d);
                    for (int i = 0; i < ranges.length; i += 2) {
                        painter.paint(ranges[i], ranges[i + 1], scope);
                    }
                }
            }
            // Lexical, try and catch blocks hold inlined subroutines too.
            boolean descend = function || d.tag == DwarfCodes.DW_TAG_lexical_block || d.tag == DwarfCodes.DW_TAG_try_block
                    || d.tag == DwarfCodes.DW_TAG_catch_block;
            if (d.hasChildren && descend) {
                if (++depth == enclosing.length) {
                    enclosing = Arrays.copyOf(enclosing, depth * 2);
                }
                enclosing[depth] = scope;
                pos = d.next;
            } else {
                pos = unit.skip(d);
            }
        } while (depth > 0 && pos < end);
        tree.innermost = painter.build();
        return tree;
    }

    private int add(Die d, int enclosing) {
        if (count == die.length) {
            int n = count * 2;
            die = Arrays.copyOf(die, n);
            parent = Arrays.copyOf(parent, n);
            inlined = Arrays.copyOf(inlined, n);
            callFile = Arrays.copyOf(callFile, n);
            callLine = Arrays.copyOf(callLine, n);
            callColumn = Arrays.copyOf(callColumn, n);
        }
        die[count] = d.offset;
        parent[count] = enclosing;
        inlined[count] = d.tag == DwarfCodes.DW_TAG_inlined_subroutine;
        callFile[count] = (int) Math.min(d.callFile, Integer.MAX_VALUE);
        callLine[count] = (int) Math.min(d.callLine, Integer.MAX_VALUE);
        callColumn[count] = (int) Math.min(d.callColumn, Integer.MAX_VALUE);
        return count++;
    }

    /** The innermost function at {@code address}, or {@link AddressMap#NONE}. */
    int innermost(long address) {
        return innermost.get(address);
    }

    int die(int scope) {
        return die[scope];
    }

    /** The function this one was inlined into or nested in, or {@link AddressMap#NONE}. */
    int parent(int scope) {
        return parent[scope];
    }

    boolean inlined(int scope) {
        return inlined[scope];
    }

    int callFile(int scope) {
        return callFile[scope];
    }

    int callLine(int scope) {
        return callLine[scope];
    }

    int callColumn(int scope) {
        return callColumn[scope];
    }

    int size() {
        return count;
    }
}
