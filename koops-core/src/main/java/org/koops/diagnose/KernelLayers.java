package org.koops.diagnose;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which part of the kernel a function belongs to, by name. Used to tell the path a crash took:
 * system call entry → VFS → procfs → the driver. The first matching row wins.
 */
final class KernelLayers {
    private record Row(Pattern function, String layer) {
    }

    private static final List<Row> ROWS = List.of(
            row("^(?:entry_SYSCALL\\w*|do_syscall_\\w+|x64_sys_call|syscall_exit\\w*|invoke_syscall|el0_svc\\w*|do_el0_svc\\w*|el0t_64_sync\\w*|entry_INT80\\w*|do_int80\\w*|entry_SYSENTER\\w*|do_fast_syscall\\w*)$", "system call entry"),
            row("^(?:__x64_sys_\\w+|__ia32_sys_\\w+|__arm64_sys_\\w+|__se_sys_\\w+|__do_sys_\\w+|ksys_\\w+|__sys_\\w+|sys_\\w+)$", "system call"),
            row("^(?:vfs_\\w+|do_iter_\\w+|new_sync_\\w+|do_sys_open\\w*|do_filp_open|path_\\w+|link_path_walk|filename_\\w+|do_dentry_open|__fput|fput\\w*|dput|iput|generic_file_\\w+|do_splice\\w*|splice_\\w+|iterate_dir|do_readv|do_writev|__kernel_\\w+|kernel_read\\w*|kernel_write\\w*|mount_\\w+|do_mount\\w*|path_mount|prepare_namespace|mount_root|mount_block_root)$", "VFS"),
            row("^(?:proc_\\w+|pde_\\w+)$", "procfs"),
            row("^(?:seq_\\w+|single_open\\w*|traverse)$", "seq_file"),
            row("^(?:kernfs_\\w+|sysfs_\\w+)$", "sysfs/kernfs"),
            row("^(?:debugfs_\\w+|full_proxy_\\w+)$", "debugfs"),
            row("^(?:sysrq_\\w+|__handle_sysrq\\w*|write_sysrq_trigger|handle_sysrq)$", "magic SysRq"),
            row("^(?:load_module|do_init_module|do_one_initcall|__do_sys_init_module|__do_sys_finit_module|do_sys_init_module|idempotent_init_module|init_module_from_file|mod_sysfs_\\w+|free_module|delete_module\\w*|__do_sys_delete_module|layout_and_allocate|simplify_symbols|apply_relocations)$", "module loader"),
            row("^(?:process_one_work|process_scheduled_works|worker_thread|__queue_work|queue_work\\w*)$", "workqueue"),
            row("^(?:call_timer_fn|__run_timers|run_timer_softirq|expire_timers|__run_timer_base|run_timer_base|hrtimer_\\w+|__hrtimer_\\w+|tick_\\w+)$", "timers"),
            row("^(?:__do_softirq|handle_softirqs|irq_exit\\w*|do_softirq\\w*|run_ksoftirqd|net_rx_action|tasklet_\\w+)$", "softirq"),
            row("^(?:common_interrupt|asm_common_interrupt|handle_irq\\w*|__handle_irq\\w*|handle_\\w+_irq|generic_handle_\\w+|sysvec_\\w+|asm_sysvec_\\w+|gic_handle_irq|el1_interrupt|el1h_64_irq\\w*)$", "interrupt"),
            row("^(?:kthread|ret_from_fork\\w*|smpboot_thread_fn)$", "kernel thread"),
            row("^(?:sock_\\w+|__sock_\\w+|sk_\\w+|__sys_sendmsg|___sys_sendmsg|__sys_recvmsg|tcp_\\w+|udp\\w*|ip_\\w+|ip6_\\w+|ipv6_\\w+|inet_\\w+|inet6_\\w+|netlink_\\w+|__netif_\\w+|netif_\\w+|dev_queue_xmit\\w*|__dev_queue_xmit|skb_\\w+|__skb_\\w+|nf_\\w+|br_\\w+|neigh_\\w+|rtnetlink_\\w+|rtnl_\\w+|genl_\\w+)$", "networking"),
            row("^(?:submit_bio\\w*|blk_\\w+|__blk_\\w+|bio_\\w+|scsi_\\w+|nvme_\\w+)$", "block layer"),
            row("^(?:ext4_\\w+|xfs_\\w+|btrfs_\\w+|f2fs_\\w+|fat_\\w+|vfat_\\w+|ntfs\\w*|nfs_\\w+|fuse_\\w+|jbd2_\\w+|ovl_\\w+|squashfs_\\w+|tmpfs_\\w+|shmem_\\w+)$", "file system"),
            row("^(?:handle_mm_fault|__handle_mm_fault|do_anonymous_page|do_fault|filemap_\\w+|do_mmap|mmap_region|__do_munmap|do_munmap|vm_\\w+|__vm_\\w+|page_\\w+|folio_\\w+|__folio_\\w+|shrink_\\w+|kswapd|out_of_memory|oom_\\w+)$", "memory management"),
            row("^(?:__schedule|schedule\\w*|try_to_wake_up|wake_up_\\w+|__wake_up\\w*|finish_task_switch\\w*)$", "scheduler"),
            row("^(?:drm_\\w+|usb_\\w+|hid_\\w+|i2c_\\w+|pci_\\w+|tty_\\w+|n_tty_\\w+|input_\\w+|snd_\\w+|v4l2_\\w+|video_\\w+)$", "driver framework"),
            row("^(?:do_exit|do_group_exit|make_task_dead)$", "task exit"));

    private KernelLayers() {
    }

    private static Row row(String regex, String layer) {
        return new Row(Pattern.compile(regex), layer);
    }

    /** The layer of a function, or {@code null} when the name does not tell. */
    static String of(String function, String module) {
        if (module != null) {
            return "module " + module;
        }
        if (function == null) {
            return null;
        }
        String base = org.koops.format.FrameFamilies.baseName(function);
        for (Row r : ROWS) {
            if (r.function().matcher(base).matches()) {
                return r.layer();
            }
        }
        return null;
    }
}
