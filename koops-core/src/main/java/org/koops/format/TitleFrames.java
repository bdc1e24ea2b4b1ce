package org.koops.format;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a title's function is read from a report's text, the way syzkaller's dashboard names bugs:
 * which lines start a stack trace, which lines are frames, which functions never name a bug, and
 * which name prefixes are dropped. These rules are for titles only; the diagnosis chooses its
 * culprit with {@link FrameSkipRules}, whose purpose differs (it explains, rather than groups, crashes).
 */
final class TitleFrames {
    /** A family of function names skipped in titles (searched anywhere in the name) and why. */
    private record Skip(String names, String reason) {
    }

    private static final List<Skip> SKIPPED = List.of(
            new Skip("__sanitizer|__asan|kasan|hwasan|__msan|kmsan|kcsan_setup_watchpoint|check_memory_region"
                    + "|check_heap_object|check_object|read_word_at_a_time|(?:read|write)_once_.*nocheck"
                    + "|print_address_description", "sanitizer machinery that detected the access"),
            new Skip("panic|invalid_op|report_bug|fixup_bug|print_report|print_usage_bug|do_error|_trap$|do_trap"
                    + "|show_stack|dump_stack|walk_stack|dump_backtrace|warn_slowpath|warn_alloc|warn_bogus|__warn"
                    + "|print_tainted|^get_taint$|program_check_exception|program_check_common|__fortify_report",
                    "prints the report or handles the trap that raised it"),
            new Skip("alloc_page|k?v?(?:m|z|c)alloc|krealloc|kmem_cache|allocate_slab|__alloc_frozen_pages_noprof"
                    + "|folio_(?:alloc|unlock)|filemap_alloc_folio|__filemap_get_folio|find_or_create_page"
                    + "|do_read_cache_folio|read_cache_page|pagecache_get_page|grab_cache_page_write_begin|slab_"
                    + "|^kv?free$|kfree_skb|ida_free|memdup",
                    "allocator: it only serves its caller"),
            new Skip("debug_object|timer_is_static_object|work_is_static_object|__might_fault|print_unlock"
                    + "|imbalance_bug|lockdep|bh_enable|bh_disable|perf_trace|lock_acquire|lock_release|lock_class"
                    + "|mark_lock|(?:reacquire|mark)_held_locks|raw_spin_rq|spin_lock|spin_trylock|spin_unlock"
                    + "|read_lock|read_trylock|write_lock|write_trylock|read_unlock|write_unlock|^down$|down_read"
                    + "|down_write|down_trylock|up_read|up_write|^mutex_|^__mutex_|^rt_mutex_|owner_on_cpu"
                    + "|osq_lock|osq_unlock|(?:trace|lockdep)_(?:hard|soft)irq|^(?:un)?lock_page|lock_timer_base"
                    + "|seqprop_assert", "locking primitive or lock checker: the caller chose the lock"),
            new Skip("atomic(?:64)?_(?:dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)"
                    + "|(?:set|clear|change|test)_bit|__wake_up|^refcount_|^kref_|ref_tracker|list_add|list_del"
                    + "|list_replace|list_move|list_splice|^rb_|^__rb_|^klist_|xas_(?:start|load|find)"
                    + "|rhashtable_lookup", "generic data-structure helper: the bad data came from its caller"),
            new Skip("memcpy|memcmp|memset|memchr|memmove|strcmp|strncmp|strcpy|strlcpy|strncpy|strscpy|strlen"
                    + "|strstr|strnstr|strnlen|strchr|strdup|strndup|copy_to_user|copy_from_user|copy_to_iter"
                    + "|copy_from_iter|copy_page_to_iter|copy_page_from_iter|copy_folio_to_iter|^copyin$|^copyout$"
                    + "|put_user|get_user|might_fault|might_sleep|__might_resched|extract_(?:user|iter)_to_sg"
                    + "|_indirect_thunk_|string|pointer|snprintf|scnprintf|kasprintf|kvasprintf|printk|va_format"
                    + "|hex_dump_to_buffer|print_hex_dump|^crc\\d+|crc_itu_t|readb$|readw$|readl$|readq$|writeb$"
                    + "|writew$|writel$|writeq$|logic_in|logic_out|assertfail",
                    "memory, string, user-copy or I/O helper: the bad pointer came from its caller"),
            new Skip("dev_info|dev_notice|dev_warn|dev_err|dev_alert|dev_crit|dev_emerg|kobject_|add_uevent_var"
                    + "|get_device_parent|device_add|device_del|device_unregister|device_destroy|device_release"
                    + "|devres_release_all|hwrng_unregister|i2c_del_adapter|__unregister_client"
                    + "|device_for_each_child|rollback_registered|unregister_netdev|sysfs_remove|device_remove_file"
                    + "|tty_unregister_device|^put_device$", "driver-core plumbing shared by every driver"),
            new Skip("dummy_urb_enqueue|usb_kill_urb|usb_kill_anchored_urbs|usb_control_msg|usb_hcd_submit_urb"
                    + "|usb_submit_urb", "USB core: the driver that submitted the URB is at fault"),
            new Skip("del_timer|flush_work|__cancel_work_timer|cancel_work_sync|try_to_grab_pending"
                    + "|flush_workqueue|drain_workqueue|destroy_workqueue|queue_work|finish_wait|kthread_stop"
                    + "|^complete$|wait_for_completion|insert_work|__queue_delayed_work|queue_delayed_work_on"
                    + "|__timer_delete_sync|sk_stop_timer_sync|__mod_timer|cleanup_srcu_struct",
                    "work, timer or completion plumbing: the owner of the work is at fault"),
            new Skip("^iput$|^iput_final$|^ihold$|find_lock_entries|truncate_inode_pages_range|drop_nlink"
                    + "|fast_dput|dput|mark_buffer_dirty",
                    "generic inode, dentry and buffer-head handling: it checks its caller's object"),
            new Skip("stack_trace_consume_entry|arch_stack_walk|stack_trace_save", "stack walking for the report"),
            new Skip("do_(?:kernel|translation)_fault|do_mem_abort|el1_abort|el1h_64_sync(?:_handler)?|__phys_addr",
                    "arm64 fault entry and address checks"));

    /** The skip families as one alternation, searched in a frame name. */
    static final String SKIP = SKIPPED.stream().map(Skip::names).collect(Collectors.joining("|"));

    /** The last line of a RISC-V register dump, after which the stack follows without a heading. */
    static final Pattern RISCV_REGS = Pattern.compile("status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: [0-9a-f]{16}");

    /** Lines that start a stack trace (and end the one before). */
    static final List<Pattern> STACK_STARTS = List.of(
            Pattern.compile("Call [Tt]race"),
            Pattern.compile("Allocated:"),
            Pattern.compile("Allocated by task \\d++:"),
            Pattern.compile("Freed:"),
            Pattern.compile("Freed by task \\d++:"),
            // kmemleak's "backtrace:" (its crc too), but not lockdep's "stack backtrace:".
            Pattern.compile("[^k] backtrace(?: \\(crc \\p{XDigit}*+\\))?:"),
            Pattern.compile("Backtrace:"),
            Pattern.compile("Uninit was stored to memory at"),
            RISCV_REGS);

    /** Words one of which every {@link #STACK_STARTS} line holds: most lines are ruled out without a pattern. */
    private static final List<String> STACK_START_WORDS = List.of("race", "Allocated", "Freed", "acktrace",
            "Uninit was stored", "badaddr: ");

    /** Whether a line starts a stack trace: one of {@link #STACK_STARTS} is found in it. */
    static boolean startsStack(String line) {
        for (String w : STACK_START_WORDS) {
            if (line.contains(w)) {
                return STACK_STARTS.stream().anyMatch(p -> p.matcher(line).find());
            }
        }
        return false;
    }

    /** Whether a line is a fault injection's frame ({@link #CORRUPTING}). */
    static boolean corrupting(String line) {
        return line.contains("should_fail") && CORRUPTING.stream().anyMatch(p -> p.matcher(line).find());
    }

    /**
     * A stack frame line: x86/arm64 {@code  [<addr>] func+0x1/0x2} (powerpc's {@code [sp] [addr] func+0x1/0x2},
     * ppc64 ELFv1's dot before the name left out), or arm's {@code [<pc>] (a) from [<lr>] (b+0x..)} and, since
     * Linux 5.17, {@code  a from b+0x..}: both functions of arm's line are candidates, the callee first.
     */
    static final List<Pattern> FRAME_LINES = List.of(
            PatternLibrary.compile("^ *+(?:{{PC}} ){0,2}\\.?{{FN}}"),
            PatternLibrary.compile("^ *+{{PC}} \\(([a-zA-Z0-9_.]++)\\) from {{PC}} \\({{FN}}"),
            PatternLibrary.compile("^ *+([a-zA-Z0-9_.]++)(?: \\[[a-zA-Z0-9_\\-]++\\])? from {{FN}}"));

    /** Fault injection prints its own stack, often into the middle of a report: such a report is not whole. */
    static final List<Pattern> CORRUPTING = List.of(
            Pattern.compile("^(?: \\[<?(?:0x)?[0-9a-f]++>?\\])? should_fail(?:slab)?(?:\\.[a-z0-9.]++)?\\+0x"));

    /** The heading of a call trace. */
    static final Pattern CALL_TRACE = Pattern.compile("Call [Tt]race:|Backtrace:");

    /**
     * The instruction pointer line: symbolic, a user-space address, or NULL. Besides x86's RIP/IP, powerpc's
     * NIP (its ELFv1 dot left out), arm's pc and RISC-V's epc, the other architectures' names for it:
     * 32-bit x86's {@code EIP is at}, MIPS's {@code epc   : 80123456 func+0x10/0x20}, s390's
     * {@code Krnl PSW : mask addr (func+0x3a/0x1000)}, LoongArch's {@code ERA: 9000000000abcdef func+0x24/0x80}.
     */
    static final Pattern IP = PatternLibrary.compile("(?:(?:IP|NIP|pc |PC is at):? (?:(?:\\d++:)?(?:{{PC}} ++){0,2}\\.?{{FN}}"
            + "|(?:\\d++:)?0x[0-9a-f]++|(?:\\d++:)?{{PC}} ++\\[< *+\\(null\\)>\\] ++\\(null\\)|\\d++: ++\\(null\\))"
            + "|EIP is at {{FN}}|epc {2,4}+: [0-9a-f]{8,16}+ (?:{{FN}}|0x[0-9a-f]++)|Krnl PSW : [0-9a-f]{16} [0-9a-f]{16} \\({{FN}}"
            + "|ERA: [0-9a-f]{16} {{FN}})");

    /** System call wrappers whose prefix differs by architecture and kernel version; the rest names the call. */
    static final List<String> STRIP_PREFIXES = List.of("SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_",
            "____sys_", "___sys_", "__sys_", "__se_", "__se_sys_", "__do_sys_", "compat_SYSC_", "compat_SyS_", "ksys_");

    private TitleFrames() {
    }

    /** The frame without its system-call wrapper prefix: the shortest name any one prefix leaves. */
    static String strip(String frame) {
        String best = frame;
        for (String prefix : STRIP_PREFIXES) {
            if (frame.startsWith(prefix) && frame.length() - prefix.length() < best.length()) {
                best = frame.substring(prefix.length());
            }
        }
        return best;
    }
}
