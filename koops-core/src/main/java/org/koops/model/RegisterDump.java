package org.koops.model;

import java.util.List;
import java.util.Optional;

/**
 * The registers printed together: the kernel's state at the fault, or the user-space state saved
 * on entry (the block after the call trace, with {@code RIP: 0033:}).
 *
 * @param userSpace whether these are the interrupted user-space registers
 * @param line      log line of the first register line
 */
public record RegisterDump(boolean userSpace, long line, List<Register> registers) {
    public Optional<Register> find(String name) {
        return registers.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<Long> value(String name) {
        return find(name).map(Register::value);
    }
}
