package org.koops.format;

import java.util.AbstractList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Chooses a title's function among candidate frames (already freed of skipped names). Stalls and
 * hung tasks need their own rules, because the frame where they are caught is incidental.
 */
final class FrameChoice {
    /** A family of entry points: a stalled path is named by the frame just above the first of them. */
    private record Anchor(String names, String reason) {
    }

    private static final List<Anchor> STALL_ANCHORS = List.of(
            new Anchor("process_one_work|do_syscall_|do_fast_syscall_|sysenter_dispatch|tracesys_phase2"
                    + "|el0_svc_handler|invoke_syscall|ret_fast_syscall|netif_receive_skb|do_softirq|call_timer_fn"
                    + "|_run_timers|run_timer_softirq|hrtimer_run|run_ksoftirqd|smpboot_thread_fn|^kthread$"
                    + "|start_secondary|cpu_startup_entry|ret_from_fork",
                    "generic dispatchers: system calls, work items, softirqs, timers, kernel threads"),
            new Anchor("vfs_write|vfs_read|vfs_iter_read|vfs_iter_write|do_iter_read|do_iter_write|call_read_iter"
                    + "|call_write_iter|new_sync_read|new_sync_write|vfs_ioctl|ksys_ioctl|compat_ioctl"
                    + "|compat_sys_ioctl|blkdev_driver_ioctl|blkdev_ioctl|do_iter_readv_writev|^call_mmap"
                    + "|mmap_region|do_mmap|do_dentry_open|vfs_open",
                    "file operations: the frame above names the file's driver"),
            new Anchor("^sock_sendmsg|^sock_recvmsg|^sock_release|^__sock_release|^setsockopt$|kernel_setsockopt"
                    + "|sock_common_setsockopt|^listen$|kernel_listen|sk_common_release|^sock_mmap|^accept$"
                    + "|kernel_accept|^sock_do_ioctl|^sock_ioctl|^compat_sock_ioctl|^nfnetlink_rcv_msg"
                    + "|^rtnetlink_rcv_msg|^netlink_dump|^(?:sys_)?(?:socketpair|connect|ioctl)",
                    "socket operations: the frame above names the protocol"),
            new Anchor("__do_fault|do_page_fault|^page_fault$", "page fault entry"),
            new Anchor("__fput|task_work_run|exit_to_usermode|smp_call_function|tasklet_action|tasklet_hi_action",
                    "deferred work run on the way back to user space, cross-CPU calls and tasklets"));

    private static final Pattern STALL_ANCHOR = Pattern.compile(
            STALL_ANCHORS.stream().map(Anchor::names).collect(Collectors.joining("|")));
    /** A cross-CPU call is the bug's identity itself, whichever variant was called. */
    private static final String CROSS_CPU_CALL = "smp_call_function";

    /** A frame a hung task is named by at once; {@code as} renames it, or is {@code null}. */
    private record HungAnchor(String part, String as) {
    }

    /** Hangs on the RTNL lock or on an RCU grace period are one bug each, whoever waits. */
    private static final List<HungAnchor> HUNG_ANCHORS = List.of(
            new HungAnchor("rtnl_lock", null),
            new HungAnchor("synchronize_rcu", "synchronize_rcu"),
            new HungAnchor("synchronize_srcu", "synchronize_rcu"),
            new HungAnchor("synchronize_net", "synchronize_rcu"),
            new HungAnchor("synchronize_sched", "synchronize_rcu"));
    /** Name parts of frames that only wait: a hung task is named by the first frame without one. */
    private static final List<String> WAITING = List.of("sched", "_lock", "_slowlock", "down", "rwsem", "completion",
            "kthread", "wait", "synchronize", "context_switch", "__switch_to", "cancel_delayed_work", "rcu_barrier");

    private FrameChoice() {
    }

    /** The chosen frame, or {@code null} when the candidates name none. */
    static StackReader.Frame choose(StackRecipe.Chooser how, List<StackReader.Candidate> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        // Read for the frames a rule looks at only: the first, for most titles.
        List<String> raw = view(candidates.size(), i -> candidates.get(i).name());
        List<String> names = view(candidates.size(), i -> TitleFrames.strip(candidates.get(i).name()));
        List<Titler.Place> places = view(candidates.size(), i -> candidates.get(i).place());
        if (how != StackRecipe.Chooser.FIRST) {
            // Stall and hang rules look past the top of the stack, into code syzkaller's module-less kernels
            // build in; a frame of a loaded module, when there is one, names the bug before that code.
            for (int i = 0; i < candidates.size(); i++) {
                if (candidates.get(i).inModule()) {
                    return new StackReader.Frame(names.get(i), raw.get(i), places.get(i));
                }
            }
        }
        return switch (how) {
            case FIRST -> new StackReader.Frame(names.get(0), raw.get(0), places.get(0));
            case STALL -> stall(names, raw, places);
            case HUNG_TASK -> hung(names, raw, places);
        };
    }

    private static StackReader.Frame stall(List<String> names, List<String> raw, List<Titler.Place> places) {
        String previous = names.get(0);
        int at = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (STALL_ANCHOR.matcher(name).find()) {
                if (name.contains(CROSS_CPU_CALL)) {
                    previous = CROSS_CPU_CALL;
                    at = i;
                }
                return new StackReader.Frame(previous, raw.get(at), places.get(at));
            }
            previous = name;
            at = i;
        }
        return null;
    }

    private static StackReader.Frame hung(List<String> names, List<String> raw, List<Titler.Place> places) {
        for (int i = 0; i < names.size(); i++) {
            for (HungAnchor anchor : HUNG_ANCHORS) {
                if (names.get(i).contains(anchor.part())) {
                    return new StackReader.Frame(anchor.as() == null ? names.get(i) : anchor.as(), raw.get(i), places.get(i));
                }
            }
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!waits(name)) {
                return new StackReader.Frame(name, raw.get(i), places.get(i));
            }
        }
        return null;
    }

    private static boolean waits(String name) {
        for (String part : WAITING) {
            if (name.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** The list whose element {@code i} is {@code at(i)}, worked out when asked for. */
    private static <T> List<T> view(int size, IntFunction<T> at) {
        return new AbstractList<>() {
            @Override
            public T get(int i) {
                return at.apply(i);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
