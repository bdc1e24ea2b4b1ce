package org.koops.format;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Frames that are never the culprit: the machinery that prints reports, handles traps, enters the
 * kernel, and generic helpers that only did what their caller asked. Each rule carries its reason,
 * which the diagnosis quotes when it passes over a frame.
 */
public final class FrameSkipRules {
    /** A skipped family of functions and why. */
    public record Rule(Pattern function, String reason) {
    }

    private static final List<Rule> RULES = List.of(
            rule("^(?:dump_stack\\w*|show_stack\\w*|show_regs\\w*|__dump_stack|dump_backtrace\\w*|print_\\w+|printk\\w*|_printk|vprintk\\w*)$",
                    "prints the report"),
            rule("^(?:panic|nmi_panic|__die\\w*|die|die_\\w+|oops_\\w+|do_exit|do_group_exit|get_signal|arch_do_signal_or_restart|exit_to_user_mode\\w*|make_task_dead|rewind_stack\\w*|bust_spinlocks)$",
                    "reports the crash or kills the task"),
            rule("^(?:__warn\\w*|warn_\\w+|report_bug|handle_bug|do_error_trap|do_trap\\w*|do_int3\\w*|do_invalid_op|do_divide_error|exc_\\w+|asm_exc_\\w+|asm_sysvec_\\w+|sysvec_\\w+|__bad_area\\w*|bad_area\\w*|do_user_addr_fault|do_kern_addr_fault|page_fault_oops|no_context|__do_page_fault|do_page_fault|kernelmode_fixup_or_oops|handle_page_fault|async_page_fault|fixup_exception|el1_\\w+|el0_\\w+|el1h_64_\\w+|el0t_64_\\w+|do_mem_abort|__do_kernel_fault|do_translation_fault|do_bad_area|die_kernel_fault|bug_handler|brk_handler|call_break_hook|do_debug_exception|arm64_enter_\\w+|invalid_op|divide_error|general_protection|do_general_protection|page_fault|error_entry|handle_exception)$",
                    "trap and exception handling"),
            rule("^(?:entry_SYSCALL\\w*|do_syscall_\\w+|x64_sys_call|__x64_sys_\\w+|__ia32_sys_\\w+|__se_sys_\\w+|__do_sys_\\w+|ret_from_fork\\w*|invoke_syscall|el0_svc\\w*|do_el0_svc\\w*|__arm64_sys_\\w+|syscall_exit\\w*|irqentry_\\w+|common_interrupt|ret_from_intr|kthread|worker_thread|process_one_work|process_scheduled_works|smpboot_thread_fn|start_kernel|secondary_startup\\w*|cpu_startup_entry|do_idle)$",
                    "entry code: how execution got into the kernel, not what went wrong"),
            rule("^(?:kasan_\\w+|__kasan_\\w+|__asan_\\w+|asan_\\w+|check_memory_region\\w*|kmsan_\\w+|__msan_\\w+|kcsan_\\w+|__tsan_\\w+|ubsan_\\w+|__ubsan_\\w+|kfence_\\w+|__kfence_\\w+|check_\\w*_object|__check_object_size|check_object_size|__kmemleak_\\w+|kmemleak_\\w+|__sanitizer_\\w+)$",
                    "sanitizer machinery"),
            rule("^(?:__list_add_valid\\w*|__list_del_entry_valid\\w*|__list_add|list_add\\w*|list_del\\w*|__list_del\\w*|__list_valid_slowpath|refcount_\\w+|__refcount_\\w+|kref_\\w+|lockdep_\\w+|__lock_acquire|lock_acquire\\w*|lock_release|__lock_release|lock_is_held\\w*|check_noncircular|validate_chain|__might_sleep|__might_resched|___might_sleep|__might_fault|might_fault|debug_check_\\w+|debug_object\\w*|rcu_\\w+|__rcu_\\w+|__schedule_bug|schedule_debug)$",
                    "a checker that detected the problem, not its cause"),
            rule("^(?:memcpy\\w*|memmove\\w*|memset\\w*|__memcpy\\w*|__memset\\w*|__memmove\\w*|memcmp|bcmp|__?str(?:n?cpy|lcpy|scpy|n?cat|lcat|n?len|n?cmp|n?casecmp|r?chr|nchr|str|sep|n?dup)|copy_\\w*user\\w*|_copy_\\w+|__copy_\\w+|raw_copy_\\w+|__get_user\\w*|__put_user\\w*|csum_partial_copy\\w*|usercopy_abort|__check_heap_object)$",
                    "generic memory/string helper: the bad pointer came from its caller"),
            rule("^(?:kfree\\w*|__kfree\\w*|kmalloc\\w*|__kmalloc\\w*|kzalloc\\w*|kvmalloc\\w*|kvfree\\w*|kmem_cache_\\w+|__kmem_cache_\\w+|slab_\\w+|__slab_\\w+|___slab_\\w+|new_slab|allocate_slab|vfree|vmalloc\\w*|__vmalloc\\w*|__alloc_pages\\w*|alloc_pages\\w*|__free_pages\\w*|free_pages\\w*|free_unref_page\\w*|krealloc\\w*|kstrdup\\w*|kmemdup\\w*)$",
                    "allocator: it only manages memory its caller asked for"),
            rule("^(?:_raw_\\w+|raw_spin_\\w+|spin_(?:un)?lock\\w*|spin_trylock\\w*|__raw_\\w+|do_raw_\\w+|queued_\\w+|native_queued_\\w+|mutex_(?:un)?lock\\w*|mutex_trylock\\w*|__mutex_(?:un)?lock\\w*|down|down_(?:read|write|interruptible|killable|timeout|trylock)\\w*|up|up_(?:read|write)\\w*|__down\\w*|__up\\w*|rwsem_\\w+|__rwsem_\\w+|rt_mutex_\\w+|preempt_\\w+|__schedule|schedule\\w*|io_schedule\\w*|wait_for_completion\\w*|__wait_for_common|wait_for_common|do_wait_for_common|completion_\\w+|__flush_work|flush_work|__cond_resched|_cond_resched)$",
                    "locking or scheduling primitive: the caller chose to wait or lock"),
            rule("^(?:native_\\w+|arch_\\w+|__sanitizer_cov_\\w+|trace_hardirqs_\\w+|__local_bh_\\w+|local_bh_\\w+|__do_softirq|do_softirq\\w*|irq_exit\\w*|__irq_exit\\w*|handle_softirqs|run_ksoftirqd|__sysvec_\\w+|hrtimer_\\w+|__hrtimer_\\w+|tick_\\w+|update_process_times|scheduler_tick|sched_tick|call_timer_fn|__run_timers|run_timer_softirq|expire_timers|__run_timer_base|run_timer_base|timer_interrupt|handle_irq\\w*|gic_handle_irq|generic_handle_\\w+)$",
                    "low-level architecture, interrupt or timer plumbing"),
            rule("^(?:unwind_backtrace|c_backtrace|__dabt_\\w+|__pabt_\\w+|__irq_\\w+|__und_\\w+|vector_swi|ret_fast_syscall|ret_from_exception"
                    + "|ret_from_kernel_thread|do_DataAbort|do_PrefetchAbort|__do_user_fault|do_sect_fault|do_bad|do_undefinstr"
                    + "|arm_notify_die|call_with_stack|do_handle_IPI|ipi_handler|program_check_exception|program_check_common"
                    + "|system_call_common|system_call_exception|interrupt_return\\w*|ret_from_except\\w*|syscall_exit|bad_page_fault"
                    + "|__bad_page_fault|data_access_common|sysc_\\w+|system_call|pgm_check_handler|__do_pgm_check|do_report_trap"
                    + "|do_no_context|handle_sys|handle_sys64|syscall_common|ret_from_irq|handle_adel_int|handle_ades_int|do_ade"
                    + "|do_trap_\\w+|handle_syscall|do_bp)$",
                    "entry, exception and backtrace code of arm, powerpc, s390, MIPS, RISC-V and LoongArch"),
            rule("^(?:check_bytes_and_report|check_object|check_slab|check_pad_bytes|on_freelist|free_debug_processing"
                    + "|alloc_debug_processing|free_consistency_checks|alloc_consistency_checks|object_err|print_trailer"
                    + "|print_track)$", "SLUB's debug checks, which found the corruption after the fact"),
            rule("^(?:spl_panic|spl_dumpstack|vcmn_err|cmn_err|zfs_panic_recover)$",
                    "ZFS's porting layer reporting a failed assertion of its caller"),
            rule("^(?:__switch_to|cpu_switch_to|__switch_to_asm)$",
                    "the context switch where every sleeping task's stack begins (arm64 marks it (T))"));

    private FrameSkipRules() {
    }

    private static Rule rule(String regex, String reason) {
        return new Rule(Pattern.compile(regex), reason);
    }

    /** The rule that skips this function, or {@code null} if the function may be the culprit. */
    public static Rule skipping(String function) {
        if (function == null) {
            return null;
        }
        String base = baseName(function);
        for (Rule r : RULES) {
            if (r.function().matcher(base).matches()) {
                return r;
            }
        }
        return null;
    }

    /** The function name without compiler-clone suffixes ({@code .cold}, {@code .isra.0}, {@code .constprop.0}). */
    public static String baseName(String function) {
        int dot = function.indexOf('.');
        return dot > 0 ? function.substring(0, dot) : function;
    }
}
