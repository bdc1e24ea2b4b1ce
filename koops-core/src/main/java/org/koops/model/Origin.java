package org.koops.model;

import java.util.List;

/**
 * Where a sanitizer says an object came from or went: its allocation, its free, where uninitialised memory was
 * created or stored ({@code Allocated by task 730:} and the stack under it).
 *
 * @param what    {@code allocated}, {@code freed}, {@code created}, {@code stored} or {@code queued} (call_rcu, a work item)
 * @param pid     the task that did it, or {@code null} when not printed
 * @param cpu     the CPU, when printed (KFENCE), or {@code null}
 * @param seconds when, in seconds since boot, when printed (KFENCE), or {@code null}
 * @param stack   the functions of its stack, innermost first; empty when the kernel kept none
 * @param caller  the first function of the stack that is not allocator or sanitizer machinery, or {@code null}
 * @param line    the line of its heading
 */
public record Origin(String what, Integer pid, Integer cpu, String seconds, List<String> stack, String caller, long line) {
}
