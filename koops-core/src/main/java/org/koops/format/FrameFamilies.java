package org.koops.format;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which code a frame is: the one table of families of kernel functions that print reports, handle
 * traps, enter the kernel, check or take locks, allocate, or serve as generic libraries and data
 * structures, each with the reason it is never the bug's own code. Titles and culprits read it alike:
 * a title's function and a culprit are the first frame of no family (the families syzkaller's titles
 * pass over are marked {@link Family#titles()}, so that titles stay syzkaller's; the others only keep
 * the culprit off entry and plumbing code). A family's names are searched anywhere in the function's
 * name without its compiler-clone suffix, the way syzkaller's skip lists are.
 */
public final class FrameFamilies {
    /** What a family of functions does; whether a crash inside such code makes it its caller's victim. */
    public enum Role {
        /** Prints the report (dump_stack, __warn, panic). */
        REPORTING(false),
        /** Handles the trap or exception that raised the report. */
        TRAP(false),
        /** Sanitizer machinery that detected a bad access. */
        SANITIZER(false),
        /** A checker that detected the problem (lockdep's validation, might_sleep). */
        CHECKER(false),
        /**
         * How execution got into the kernel and to the code it runs: system calls, kernel threads, work items,
         * interrupts, test runners, each calling the code it was handed.
         */
        ENTRY(false),
        /** The task's way out: exit and signal delivery, which run clean-up on the task's behalf. */
        EXIT(false),
        /** A lock or the scheduler: the caller chose to take it or to wait. */
        LOCK(true),
        /** An allocator: it manages the memory its caller asked for. */
        ALLOCATOR(true),
        /** A generic data structure (list, tree, hash table, reference count, bit, atomic, wait queue). */
        DATA_STRUCTURE(true),
        /** A memory, string, user-copy, formatting or I/O helper. */
        LIBRARY(true),
        /** Shared subsystem plumbing (driver core, USB core, work and timers, generic inode handling). */
        PLUMBING(true);

        private final boolean victim;

        Role(boolean victim) {
            this.victim = victim;
        }

        /**
         * Whether a crash inside code of this role means the code only did what its caller asked with
         * bad data: the caller is the culprit, the function where it happened its victim. Reporting, trap,
         * sanitizer, checker and entry code do not crash on their caller's data; they report or dispatch.
         */
        public boolean victim() {
            return victim;
        }
    }

    /**
     * A family of functions.
     *
     * @param role   what the code does
     * @param names  an alternation of name parts, searched anywhere in the name ({@code ^}, {@code $} anchor)
     * @param reason why a frame of the family is not the bug's own code
     * @param titles whether syzkaller's titles pass over it too (else only the culprit does)
     */
    public record Family(Role role, String names, String reason, boolean titles) {
    }

    private static final List<Family> FAMILIES = List.of(
            // Named whole, and first: a module's function that only holds a name part of the families below is
            // its own code (spl_panic [spl] holds 'panic'), but these are reporting and checking code all the same.
            new Family(Role.CHECKER, "^(?:check_bytes_and_report|check_slab|check_pad_bytes|on_freelist|free_debug_processing"
                    + "|alloc_debug_processing|free_consistency_checks|alloc_consistency_checks|object_err|print_trailer"
                    + "|print_track)$", "SLUB's debug checks, which found the corruption after the fact", false),
            new Family(Role.REPORTING, "^(?:spl_panic|spl_dumpstack|vcmn_err|cmn_err|zfs_panic_recover)$",
                    "ZFS's porting layer reporting a failed assertion of its caller", false),
            new Family(Role.LOCK, "^(?:__switch_to\\w*|cpu_switch_to)$",
                    "the context switch where every sleeping task's stack begins (arm64 marks it (T))", false),
            // The families of syzkaller's titles (pkg/report/linux.go's skip lists).
            new Family(Role.SANITIZER, "__sanitizer|__asan|kasan|hwasan|__msan|kmsan|kcsan_setup_watchpoint"
                    + "|check_memory_region|check_heap_object|check_object|read_word_at_a_time|(?:read|write)_once_.*nocheck"
                    + "|print_address_description", "sanitizer machinery that detected the access", true),
            new Family(Role.REPORTING, "panic|print_report|print_usage_bug|show_stack|dump_stack|walk_stack|dump_backtrace"
                    + "|warn_slowpath|warn_alloc|warn_bogus|__warn|print_tainted|^get_taint$|__fortify_report",
                    "prints the report", true),
            new Family(Role.TRAP, "invalid_op|report_bug|fixup_bug|do_error|_trap$|do_trap|program_check_exception"
                    + "|program_check_common", "handles the trap that raised the report", true),
            new Family(Role.ALLOCATOR, "alloc_page|k?v?(?:m|z|c)alloc|krealloc|kmem_cache|allocate_slab"
                    + "|__alloc_frozen_pages_noprof|folio_(?:alloc|unlock)|filemap_alloc_folio|__filemap_get_folio"
                    + "|find_or_create_page|do_read_cache_folio|read_cache_page|pagecache_get_page"
                    + "|grab_cache_page_write_begin|slab_|^kv?free$|kfree_skb|ida_free|memdup",
                    "allocator: it only serves its caller; a fault inside it means memory it manages was corrupted"
                            + " earlier (a use-after-free or double free elsewhere)", true),
            new Family(Role.CHECKER, "debug_object|timer_is_static_object|work_is_static_object|__might_fault|print_unlock"
                    + "|imbalance_bug|lockdep|lock_class|mark_lock|(?:reacquire|mark)_held_locks|seqprop_assert|might_fault"
                    + "|might_sleep|__might_resched",
                    "a checker that noticed the problem: the code it checks is at fault", true),
            new Family(Role.LOCK, "bh_enable|bh_disable|perf_trace|lock_acquire|lock_release|raw_spin_rq|spin_lock"
                    + "|spin_trylock|spin_unlock|read_lock|read_trylock|write_lock|write_trylock|read_unlock|write_unlock"
                    + "|^down$|down_read|down_write|down_trylock|up_read|up_write|^mutex_|^__mutex_|^rt_mutex_|owner_on_cpu"
                    + "|osq_lock|osq_unlock|(?:trace|lockdep)_(?:hard|soft)irq|^(?:un)?lock_page|lock_timer_base",
                    "locking primitive: the caller chose the lock", true),
            new Family(Role.DATA_STRUCTURE, "list_add|list_del|list_replace|list_move|list_splice|^rb_|^__rb_|^klist_"
                    + "|xas_(?:start|load|find)|rhashtable_lookup",
                    "list, tree or hash-table helper: the corrupted entry came from its caller", true),
            new Family(Role.DATA_STRUCTURE, "^refcount_|^kref_|ref_tracker",
                    "reference-count helper: its caller took or dropped a reference wrongly", true),
            new Family(Role.DATA_STRUCTURE, "atomic(?:64)?_(?:dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)"
                    + "|(?:set|clear|change|test)_bit|__wake_up",
                    "atomic, bit or wait-queue helper: it works on what its caller hands it", true),
            new Family(Role.LIBRARY, "memcpy|memcmp|memset|memchr|memmove|strcmp|strncmp|strcpy|strlcpy|strncpy|strscpy"
                    + "|strlen|strstr|strnstr|strnlen|strchr|strdup|strndup|copy_to_user|copy_from_user|copy_to_iter"
                    + "|copy_from_iter|copy_page_to_iter|copy_page_from_iter|copy_folio_to_iter|^copyin$|^copyout$"
                    + "|put_user|get_user|extract_(?:user|iter)_to_sg"
                    + "|_indirect_thunk_|string|pointer|snprintf|scnprintf|kasprintf|kvasprintf|printk|va_format"
                    + "|hex_dump_to_buffer|print_hex_dump|^crc\\d+|crc_itu_t|readb$|readw$|readl$|readq$|writeb$"
                    + "|writew$|writel$|writeq$|logic_in|logic_out|assertfail",
                    "memory, string, user-copy, formatting or I/O helper: it works on what its caller hands it", true),
            new Family(Role.PLUMBING, "dev_info|dev_notice|dev_warn|dev_err|dev_alert|dev_crit|dev_emerg|kobject_"
                    + "|add_uevent_var|get_device_parent|device_add|device_del|device_unregister|device_destroy"
                    + "|device_release|devres_release_all|hwrng_unregister|i2c_del_adapter|__unregister_client"
                    + "|device_for_each_child|rollback_registered|unregister_netdev|sysfs_remove|device_remove_file"
                    + "|tty_unregister_device|^put_device$", "driver-core plumbing shared by every driver", true),
            new Family(Role.PLUMBING, "dummy_urb_enqueue|usb_kill_urb|usb_kill_anchored_urbs|usb_control_msg"
                    + "|usb_hcd_submit_urb|usb_submit_urb", "USB core: the driver that submitted the URB is at fault", true),
            new Family(Role.PLUMBING, "del_timer|flush_work|__cancel_work_timer|cancel_work_sync|try_to_grab_pending"
                    + "|flush_workqueue|drain_workqueue|destroy_workqueue|queue_work|finish_wait|kthread_stop"
                    + "|^complete$|wait_for_completion|insert_work|__queue_delayed_work|queue_delayed_work_on"
                    + "|__timer_delete_sync|sk_stop_timer_sync|__mod_timer|cleanup_srcu_struct",
                    "work, timer or completion plumbing: the owner of the work is at fault", true),
            new Family(Role.PLUMBING, "^iput$|^iput_final$|^ihold$|find_lock_entries|truncate_inode_pages_range|drop_nlink"
                    + "|fast_dput|dput|mark_buffer_dirty",
                    "generic inode, dentry and buffer-head handling: it checks its caller's object", true),
            new Family(Role.REPORTING, "stack_trace_consume_entry|arch_stack_walk|stack_trace_save",
                    "walks the stack for the report", true),
            new Family(Role.TRAP, "do_(?:kernel|translation)_fault|do_mem_abort|el1_abort|el1h_64_sync(?:_handler)?"
                    + "|__phys_addr", "arm64 fault entry and address checks", true),

            // Families only the culprit passes over: syzkaller's titles rarely reach them, and keep their own names.
            new Family(Role.REPORTING, "^(?:show_regs\\w*|print_\\w+|_printk|vprintk\\w*|__die\\w*|die|die_\\w+|oops_\\w+"
                    + "|make_task_dead|rewind_stack\\w*|bust_spinlocks)$", "reports the crash or kills the task", false),
            new Family(Role.TRAP, "^(?:handle_bug|do_int3\\w*|do_invalid_op|do_divide_error|exc_\\w+|asm_exc_\\w+|__bad_area\\w*"
                    + "|bad_area\\w*|do_user_addr_fault|do_kern_addr_fault|page_fault_oops|no_context|__do_page_fault"
                    + "|do_page_fault|kernelmode_fixup_or_oops|handle_page_fault|async_page_fault|fixup_exception|el1_\\w+"
                    + "|do_bad_area|die_kernel_fault|bug_handler|brk_handler|call_break_hook|do_debug_exception"
                    + "|arm64_enter_\\w+|divide_error|general_protection|do_general_protection|page_fault|error_entry"
                    + "|handle_exception|__do_kernel_fault|el1h_64_\\w+|ret_from_exception)$", "trap and exception handling", false),
            new Family(Role.SANITIZER, "^(?:kcsan_\\w+|__tsan_\\w+|ubsan_\\w+|__ubsan_\\w+|kfence_\\w+|__kfence_\\w+"
                    + "|__check_object_size|check_object_size|__kmemleak_\\w+|kmemleak_\\w+)$", "sanitizer machinery", false),
            new Family(Role.CHECKER, "^(?:lock_is_held\\w*|check_noncircular|validate_chain|debug_check_\\w+|__schedule_bug"
                    + "|schedule_debug|__list_valid_slowpath|usercopy_abort)$",
                    "a checker that detected the problem, not its cause", false),
            new Family(Role.CHECKER, "^(?:check_preemption_disabled|debug_smp_processor_id|__this_cpu_preempt_check)$",
                    "the preemption check that printed the report: its caller used per-CPU data while preemptible", false),
            new Family(Role.DATA_STRUCTURE, "^__refcount_\\w+$",
                    "reference-count helper: its caller took or dropped a reference wrongly", false),
            new Family(Role.LIBRARY, "^(?:bcmp|__?str(?:n?cat|lcat|n?casecmp|r?chr|nchr|sep)|io(?:read|write)(?:8|16|32|64)\\w*"
                    + "|__get_user\\w*|__put_user\\w*|csum_partial_copy\\w*|raw_copy_\\w+|_copy_\\w+"
                    + "|__copy_\\w+)$", "memory, user-copy or I/O helper: it works on what its caller hands it", false),
            new Family(Role.ALLOCATOR, "^(?:kfree\\w*|__kfree\\w*|new_slab|vfree|__free_pages\\w*|free_pages\\w*"
                    + "|free_unref_page\\w*|kstrdup\\w*)$", "allocator: it only manages memory its caller asked for", false),
            new Family(Role.LOCK, "^(?:_raw_\\w+|__raw_\\w+|do_raw_\\w+|queued_\\w+|native_queued_\\w+|preempt_\\w+|__schedule"
                    + "|schedule\\w*|io_schedule\\w*|__wait_for_common|wait_for_common|do_wait_for_common|completion_\\w+"
                    + "|__cond_resched|_cond_resched|rwsem_\\w+|__rwsem_\\w+|__down\\w*|down_\\w+|__up\\w*|up|rcu_\\w+"
                    + "|__rcu_\\w+)$",
                    "locking, RCU or scheduling primitive: the caller chose to wait or lock", false),
            new Family(Role.ENTRY, "^(?:entry_SYSCALL\\w*|entry_SYSENTER\\w*|entry_INT80\\w*|do_syscall_\\w+|do_fast_syscall_\\w+"
                    + "|do_int80\\w*|x64_sys_call|ia32_sys_call|__x64_sys_\\w+|__ia32_sys_\\w+|__arm64_sys_\\w+|__se_sys_\\w+"
                    + "|ret_from_fork\\w*|invoke_syscall|el0_\\w+|el0t_64_\\w+"
                    + "|do_el0_svc\\w*|syscall_exit\\w*|exit_to_user_mode\\w*|irqentry_\\w+|kthread|worker_thread"
                    + "|process_one_work|process_scheduled_works|smpboot_thread_fn|start_kernel|secondary_startup\\w*"
                    + "|start_secondary|cpu_startup_entry|do_idle)$",
                    "entry code: how execution got into the kernel, not what went wrong", false),
            new Family(Role.EXIT, "^(?:do_exit|do_group_exit|get_signal|arch_do_signal_or_restart)$",
                    "the task's exit or signal path: it cleans up on the task's behalf", false),
            new Family(Role.ENTRY, "^(?:kunit_try_run_case\\w*|kunit_generic_run_threadfn_adapter|kunit_run_case_\\w+)$",
                    "the KUnit test runner: it calls the test case, which is the code under test", false),
            new Family(Role.ENTRY, "^(?:common_interrupt|asm_common_interrupt|ret_from_intr|asm_sysvec_\\w+|sysvec_\\w+"
                    + "|__sysvec_\\w+|handle_irq\\w*|gic_handle_irq|generic_handle_\\w+|__do_softirq|do_softirq\\w*"
                    + "|handle_softirqs|irq_exit\\w*|__irq_exit\\w*|run_ksoftirqd|__local_bh_\\w+|local_bh_\\w+"
                    + "|trace_hardirqs_\\w+|hrtimer_\\w+|__hrtimer_\\w+|tick_\\w+|update_process_times|scheduler_tick"
                    + "|sched_tick|call_timer_fn|__run_timers|run_timer_softirq|expire_timers|__run_timer_base"
                    + "|run_timer_base|timer_interrupt)$",
                    "interrupt, softirq and timer dispatch: how execution got here, not what went wrong", false),
            new Family(Role.REPORTING, "^(?:unwind_backtrace|c_backtrace)$", "arm's backtrace printers", false),
            new Family(Role.TRAP, "^(?:__dabt_\\w+|__pabt_\\w+|__und_\\w+|do_DataAbort|do_PrefetchAbort|__do_user_fault"
                    + "|do_sect_fault|do_bad|do_undefinstr|arm_notify_die|interrupt_return\\w*|ret_from_except\\w*|bad_page_fault"
                    + "|__bad_page_fault|data_access_common|pgm_check_handler|__do_pgm_check|do_report_trap|do_no_context"
                    + "|handle_adel_int|handle_ades_int|do_ade|do_trap_\\w+|do_bp)$",
                    "exception entry and handling of arm, powerpc, s390, MIPS, RISC-V and LoongArch", false),
            new Family(Role.ENTRY, "^(?:__irq_\\w+|vector_swi|ret_fast_syscall|ret_from_kernel_thread|call_with_stack"
                    + "|do_handle_IPI|ipi_handler|system_call_common|system_call_exception|syscall_exit|sysc_\\w+|system_call"
                    + "|handle_sys|handle_sys64|syscall_common|ret_from_irq|handle_syscall)$",
                    "system call and interrupt entry of arm, powerpc, s390, MIPS, RISC-V and LoongArch", false),
            new Family(Role.PLUMBING, "^(?:native_\\w+|arch_\\w+|__sanitizer_cov_\\w+)$",
                    "low-level architecture helper: it did what its caller asked", false));

    private static final List<Pattern> PATTERNS = FAMILIES.stream().map(f -> Pattern.compile(f.names())).toList();
    /** What was found for each name asked about, bounded: the same functions come up in report after report. */
    private static final Map<String, Integer> KNOWN = new ConcurrentHashMap<>();
    private static final int MAX_KNOWN = 20_000;
    private static final int NONE = -1;

    private FrameFamilies() {
    }

    /** The families syzkaller's titles pass over, as one alternation searched in a frame's name. */
    static String titleSkip() {
        return FAMILIES.stream().filter(Family::titles).map(Family::names).collect(Collectors.joining("|"));
    }

    /** The first family the function (as printed, clone suffixes and all) belongs to, or {@code null}. */
    public static Family of(String function) {
        if (function == null) {
            return null;
        }
        Integer known = KNOWN.get(function);
        if (known == null) {
            known = NONE;
            String base = baseName(function);
            for (int i = 0; i < FAMILIES.size() && known == NONE; i++) {
                if (PATTERNS.get(i).matcher(base).find()) {
                    known = i;
                }
            }
            if (KNOWN.size() < MAX_KNOWN) {
                KNOWN.put(function, known);
            }
        }
        return known == NONE ? null : FAMILIES.get(known);
    }

    /** The function name without compiler-clone suffixes ({@code .cold}, {@code .isra.0}, {@code .constprop.0}). */
    public static String baseName(String function) {
        int dot = function.indexOf('.');
        return dot > 0 ? function.substring(0, dot) : function;
    }
}
