package org.koops.explain;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.FrameFamilies;

/**
 * The part of the kernel a function belongs to, by its name, as a kernel engineer recognises the
 * layers of a call trace. The first matching row wins; {@code {1}} is replaced by the first group.
 */
final class FrameRoles {
    private record Row(Pattern function, String role) {
    }

    private static final String EXCEPTION = "exception handling: the path that caught the fault and printed this report";
    private static final String PRINTS = "prints this report";

    private static final List<Row> ROWS = List.of(
            row("entry_SYSCALL\\w*+|do_syscall_\\w++|entry_SYSENTER\\w*+|entry_INT80\\w*+|do_int80\\w*+|do_fast_syscall_\\w++"
                    + "|el0_svc\\w*+|do_el0_svc\\w*+|el0t_64_sync\\w*+|invoke_syscall",
                    "system call entry: user space called into the kernel here"),
            row("syscall_exit\\w*+|exit_to_user_mode\\w*+|task_work_run",
                    "the return to user space, which first runs pending task work (such as the last close of a file)"),
            row("x64_sys_call|ia32_sys_call", "system call dispatch: picks the handler by the system call number"),
            row("(?:__x64_sys|__ia32_sys|__arm64_sys|__se_sys|__do_sys|__ia32_compat_sys|__x64_compat_sys|ksys|__sys)_(\\w++)",
                    "the {1}() system call"),
            row("asm_exc_\\w++|exc_\\w++|page_fault_oops|do_user_addr_fault|do_kern_addr_fault|__bad_area\\w*+|bad_area\\w*+"
                    + "|kernelmode_fixup_or_oops|no_context|__do_page_fault|do_page_fault|handle_page_fault|do_error_trap"
                    + "|do_trap|handle_bug|report_bug|fixup_exception|do_mem_abort|__do_kernel_fault|die_kernel_fault"
                    + "|do_translation_fault|do_bad_area|el1_abort|el1h_64_sync\\w*+|el1_sync_handler|el1_da|el1_dbg"
                    + "|do_debug_exception|bug_handler|brk_handler|call_break_hook|die\\w*+|__die\\w*+|oops_\\w++|invalid_op",
                    EXCEPTION),
            row("show_regs\\w*+|show_stack\\w*+|dump_stack\\w*+|__dump_stack|dump_backtrace\\w*+|show_trace_log_lvl"
                    + "|panic|nmi_panic|__warn\\w*+|warn_slowpath\\w*+|vpanic", PRINTS),
            row("sysrq_handle_crash", "magic SysRq 'c': the deliberate crash"),
            row("__handle_sysrq\\w*+|write_sysrq_trigger|handle_sysrq", "magic SysRq handling"),
            row("vfs_\\w++|do_iter_\\w++|new_sync_\\w++|do_sys_open\\w*+|do_filp_open|path_\\w++|link_path_walk"
                    + "|walk_component|lookup_\\w++|__lookup_\\w++|filename_\\w++|do_dentry_open|__fput|fput\\w*+|dput|iput"
                    + "|generic_file_\\w++|iterate_dir|kernel_read|kernel_write", "VFS, the generic file layer"),
            row("proc_\\w++|pde_\\w++", "procfs (/proc)"),
            row("seq_\\w++|single_open\\w*+|traverse", "seq_file, the helper that produces /proc and debugfs text"),
            row("kernfs_\\w++|sysfs_\\w++", "sysfs/kernfs"),
            row("debugfs_\\w++|full_proxy_\\w++", "debugfs"),
            row("load_module|do_init_module|do_one_initcall|\\w*init_module\\w*|mod_sysfs_\\w++|simplify_symbols"
                    + "|apply_relocations|layout_and_allocate", "the module loader"),
            row("free_module|\\w*delete_module\\w*", "module unloading"),
            row("process_one_work|process_scheduled_works|worker_thread", "the workqueue: runs queued work items"),
            row("kthread|ret_from_fork\\w*+|smpboot_thread_fn", "kernel thread start-up"),
            row("__do_softirq|handle_softirqs|do_softirq\\w*+|irq_exit\\w*+|__irq_exit\\w*+|run_ksoftirqd|tasklet_\\w++"
                    + "|net_rx_action", "softirq processing"),
            row("common_interrupt|asm_common_interrupt|asm_sysvec_\\w++|sysvec_\\w++|__sysvec_\\w++|handle_irq\\w*+"
                    + "|__handle_irq\\w*+|handle_\\w++_irq|generic_handle_\\w++|gic_handle_irq|el1_interrupt|el1h_64_irq\\w*+"
                    + "|irqentry_\\w++", "interrupt entry and handling"),
            row("call_timer_fn|__run_timers|run_timer_softirq|expire_timers|__run_timer_base|run_timer_base|hrtimer_\\w++"
                    + "|__hrtimer_\\w++", "timers"),
            row("__schedule|schedule\\w*+|io_schedule\\w*+|schedule_timeout\\w*+|preempt_schedule\\w*+",
                    "the scheduler: the task gave up the CPU here"),
            row("mutex_lock\\w*+|__mutex_lock\\w*+|down_\\w++|__down\\w*+|rwsem_\\w++|_raw_spin_lock\\w*+"
                    + "|queued_spin_lock_slowpath|native_queued_spin_lock_slowpath|wait_for_completion\\w*+",
                    "waiting for a lock or completion"),
            row("lock_acquire\\w*+|__lock_acquire|lock_release|validate_chain|check_noncircular|print_\\w*lock\\w*",
                    "lockdep, the lock validator"),
            row("__might_sleep|__might_resched|___might_sleep|__might_fault|might_fault", "the might_sleep() check"),
            row("kasan_\\w++|__kasan_\\w++|__asan_\\w++|kmsan_\\w++|__msan_\\w++|kcsan_\\w++|__tsan_\\w++|__ubsan_\\w++"
                    + "|ubsan_\\w++|kfence_\\w++|__kfence_\\w++|print_report|print_address_description\\w*+",
                    "sanitizer machinery that detected and reports the bug"),
            row("kmalloc\\w*+|__kmalloc\\w*+|kzalloc\\w*+|kmem_cache_\\w++|__kmem_cache_\\w++|slab_\\w++|__slab_\\w++"
                    + "|kfree\\w*+|kvfree\\w*+|kvmalloc\\w*+|krealloc\\w*+|kstrdup\\w*+|kmemdup\\w*+", "the slab allocator"),
            row("__alloc_pages\\w*+|alloc_pages\\w*+|__free_pages\\w*+|free_pages\\w*+|free_unref_page\\w*+"
                    + "|get_page_from_freelist", "the page allocator"),
            row("out_of_memory|oom_kill_process|oom_\\w++|dump_header|__alloc_pages_may_oom", "the OOM killer"),
            row("handle_mm_fault|__handle_mm_fault|do_anonymous_page|do_fault|filemap_fault", "user-memory page fault handling"),
            row("_copy_to_user|_copy_from_user|copy_\\w*user\\w*|__copy_\\w++|raw_copy_\\w++|strncpy_from_user",
                    "copying to or from user memory"),
            row("(ext4|xfs|btrfs|f2fs|nfs|fuse|ntfs3?|fat|vfat|jbd2|ovl|squashfs|shmem|tmpfs|ceph|cifs|smb2)_\\w++",
                    "the {1} file system"),
            row("submit_bio\\w*+|blk_\\w++|__blk_\\w++|bio_\\w++|scsi_\\w++|nvme_\\w++", "the block layer"),
            row("sock_\\w++|__sock_\\w++|sk_\\w++|tcp_\\w++|udp\\w*+|ip_\\w++|ip6_\\w++|ipv6_\\w++|inet_\\w++|inet6_\\w++"
                    + "|netlink_\\w++|__netif_\\w++|netif_\\w++|__dev_queue_xmit|dev_queue_xmit\\w*+|skb_\\w++|__skb_\\w++"
                    + "|nf_\\w++|br_\\w++|neigh_\\w++|rtnl_\\w++|genl_\\w++|___sys_sendmsg|___sys_recvmsg", "networking"),
            row("do_idle|cpu_startup_entry|default_idle\\w*+|cpuidle_\\w++|start_secondary|secondary_startup\\w*+|arch_cpu_idle\\w*+",
                    "the idle loop: the CPU had nothing else to run"),
            row("start_kernel|x86_64_start_\\w++|rest_init|kernel_init\\w*+|prepare_namespace|mount_root|mount_block_root",
                    "kernel boot"),
            row("do_exit|do_group_exit|make_task_dead", "task exit"));

    private FrameRoles() {
    }

    private static Row row(String regex, String role) {
        return new Row(Pattern.compile("^(?:" + regex + ")$"), role);
    }

    /** Whether a role is the code that caught or printed the report rather than a layer the crash went through. */
    static boolean isReportMachinery(String role) {
        return role.equals(EXCEPTION) || role.equals(PRINTS);
    }

    /** The role of a function, or null when its name does not tell. */
    static String of(String function) {
        String base = FrameFamilies.baseName(function);
        for (Row r : ROWS) {
            Matcher m = r.function().matcher(base);
            if (m.matches()) {
                return m.groupCount() > 0 && m.group(1) != null ? r.role().replace("{1}", m.group(1)) : r.role();
            }
        }
        return null;
    }
}
