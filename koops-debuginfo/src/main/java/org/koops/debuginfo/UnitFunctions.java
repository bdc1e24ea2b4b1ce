package org.koops.debuginfo;

import java.util.Arrays;

/**
 * The out-of-line functions of one unit, by address: the DW_TAG_subprogram DIEs with code among
 * the unit's children (and those of its namespaces). Finding them reads only the top of the DIE
 * tree: every other subtree (types, variables, the functions' own bodies) is stepped over through
 * DW_AT_sibling. A function's inlined subroutines are read into a {@link ScopeTree} when an address
 * first falls in it.
 */
final class UnitFunctions {
    private final Unit unit;
    private final AddressMap byAddress;
    private final int[] dies;
    private final ScopeTree[] trees;

    private UnitFunctions(Unit unit, AddressMap byAddress, int[] dies) {
        this.unit = unit;
        this.byAddress = byAddress;
        this.dies = dies;
        this.trees = new ScopeTree[dies.length];
    }

    static UnitFunctions build(Unit unit) {
        AddressMap.Painter painter = new AddressMap.Painter();
        int[] dies = new int[16];
        int count = 0;
        Die d = new Die();
        int end = unit.header.end();
        int pos = unit.header.firstDie();
        int depth = 0;
        while (pos < end) {
            unit.readDie(pos, d, true);
            if (d.isNull()) {
                pos = d.next;
                if (--depth <= 0) {
                    break;
                }
                continue;
            }
            // DW_TAG_namespace and DW_TAG_module (§3.2) hold functions; the unit's root DIE comes first.
            boolean container = depth == 0 || d.tag == DwarfCodes.DW_TAG_namespace || d.tag == DwarfCodes.DW_TAG_module;
            if (d.tag == DwarfCodes.DW_TAG_subprogram && d.hasPc()) {
                long[] ranges = unit.ranges(d);
                if (ranges.length > 0) {
                    if (count == dies.length) {
                        dies = Arrays.copyOf(dies, count * 2);
                    }
                    dies[count] = d.offset;
                    for (int i = 0; i < ranges.length; i += 2) {
                        painter.paint(ranges[i], ranges[i + 1], count);
                    }
                    count++;
                }
            }
            if (container && d.hasChildren) {
                depth++;
                pos = d.next;
            } else {
                pos = unit.skip(d);
            }
        }
        return new UnitFunctions(unit, painter.build(), Arrays.copyOf(dies, count));
    }

    /** The scope tree of the function at {@code address}, or {@code null} if no function's code is there. */
    ScopeTree at(long address) {
        int function = byAddress.get(address);
        if (function == AddressMap.NONE) {
            return null;
        }
        if (trees[function] == null) {
            trees[function] = ScopeTree.build(unit, dies[function]);
        }
        return trees[function];
    }
}
