package org.koops.debuginfo;

import java.util.List;

/**
 * What a faulting instruction was accessing, named from the DWARF: the variable whose value was in
 * the instruction's base register at that pc and the member of its pointed-to type at the
 * instruction's offset, as {@code item->value}.
 *
 * @param expression the access as C, {@code item->value}, {@code mod->list.next}, {@code p[3]}; {@code null}
 *                   when it could not be determined
 * @param variable   the variable or parameter held in the register, or {@code null}
 * @param type       its type as C ({@code struct lab_item *}), or {@code null}
 * @param offset     the offset into the pointed-to object: the instruction's offset less what the
 *                   variable's value is more than the register ({@code DW_OP_breg k; DW_OP_stack_value})
 * @param member     the member accessed with its type and offset ({@code int value at 0x10 of struct lab_item}),
 *                   or {@code null}
 * @param others     further variables held in the same register there (several names for one value)
 * @param statement  the finding, or why it could not be determined, in one sentence
 */
public record MemberAccess(String expression, String variable, String type, long offset, String member,
                           List<String> others, String statement) {

    /** Whether the access was named. */
    public boolean known() {
        return expression != null;
    }

    static MemberAccess unknown(String why) {
        return new MemberAccess(null, null, null, 0, null, List.of(), why);
    }
}
