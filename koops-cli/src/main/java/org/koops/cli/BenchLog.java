package org.koops.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the benchmark's big log: ordinary kernel messages with rising dmesg time stamps, and now and
 * then the console log of a crash from the corpus, the way a long-running machine's log looks.
 */
final class BenchLog {
    /** Messages seen on every boot and during normal running; none of them is a crash. */
    private static final List<String> ORDINARY = List.of(
            "smpboot: CPU0: Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz (family: 0x6, model: 0x8e, stepping: 0xa)",
            "x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'",
            "Memory: 16236784K/16652712K available (16393K kernel code, 4367K rwdata, 10348K rodata)",
            "rcu: Hierarchical SRCU implementation.",
            "PCI: Using configuration type 1 for base access",
            "pci 0000:00:02.0: [8086:3e9b] type 00 class 0x030000",
            "clocksource: Switched to clocksource tsc",
            "NET: Registered PF_INET6 protocol family",
            "Freeing unused kernel image (initmem) memory: 2916K",
            "Write protecting the kernel read-only data: 26624k",
            "Run /init as init process",
            "ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)",
            "sd 0:0:0:0: [sda] 500118192 512-byte logical blocks: (256 GB/238 GiB)",
            "nvme nvme0: 8/0/0 default/read/poll queues",
            "EXT4-fs (nvme0n1p2): mounted filesystem with ordered data mode. Quota mode: none.",
            "Adding 2097148k swap on /dev/nvme0n1p3.  Priority:-2 extents:1 across:2097148k SSFS",
            "systemd[1]: Started Journal Service.",
            "random: crng init done",
            "input: Power Button as /devices/LNXSYSTM:00/LNXPWRBN:00/input/input3",
            "i915 0000:00:02.0: [drm] Finished loading DMC firmware i915/kbl_dmc_ver1_04.bin (v1.4)",
            "e1000e 0000:00:1f.6 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
            "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready",
            "usb 1-1: new high-speed USB device number 2 using xhci_hcd",
            "usb 2-1.4: USB disconnect, device number 5",
            "hid-generic 0003:046D:C52B.0003: input,hidraw2: USB HID v1.11 Keyboard [Logitech USB Receiver] on usb-0000:00:14.0-2/input0",
            "audit: type=1400 audit(1700000000.123:45): apparmor=\"STATUS\" operation=\"profile_load\" profile=\"unconfined\" name=\"/usr/bin/man\" pid=812 comm=\"apparmor_parser\"",
            "kauditd_printk_skb: 12 callbacks suppressed",
            "docker0: port 1(veth1234abc) entered blocking state",
            "br-lan: port 2(eth1) entered forwarding state",
            "wlp2s0: associated",
            "Bluetooth: hci0: Firmware revision 0.0 build 14 week 44 2021",
            "thermal thermal_zone3: failed to read out thermal zone (-61)",
            "perf: interrupt took too long (2502 > 2500), lowering kernel.perf_event_max_sample_rate to 79750",
            "TCP: request_sock_TCP: Possible SYN flooding on port 22. Sending cookies.  Check SNMP counters.",
            "Lockdown: systemd: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7",
            "cfg80211: Loading compiled-in X.509 certificates for regulatory database",
            "EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro. Quota mode: none.",
            "tsc: Refined TSC clocksource calibration: 2111.999 MHz",
            "ACPI: \\_SB_.PCI0.LPCB.EC0_: Boot DSDT EC used to handle transactions",
            "device-mapper: uevent: version 1.0.3");

    private BenchLog() {
    }

    /**
     * Writes about {@code size} bytes to {@code file}; one crash every {@code crashEvery} bytes,
     * taken in turn from {@code crashes}. Returns how many crashes it wrote.
     */
    static int write(Path file, long size, long crashEvery, List<String> crashes) throws IOException {
        byte[][] messages = ORDINARY.stream().map(m -> (m + "\n").getBytes(StandardCharsets.US_ASCII))
                .toArray(byte[][]::new);
        byte[] stamp = "[    0.000000] ".getBytes(StandardCharsets.US_ASCII);
        long micros = 0;
        long written = 0;
        long nextCrash = crashEvery / 2;
        int crashCount = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long n = 0; written < size; n++) {
                if (written >= nextCrash && !crashes.isEmpty()) {
                    byte[] crash = crashes.get(crashCount++ % crashes.size()).getBytes(StandardCharsets.UTF_8);
                    out.write(crash);
                    written += crash.length;
                    nextCrash += crashEvery;
                }
                micros += 1 + (n * 7919) % 5_000;
                stampTime(stamp, micros);
                byte[] message = messages[(int) ((n * 31) % messages.length)];
                out.write(stamp);
                out.write(message);
                written += stamp.length + message.length;
            }
        }
        return crashCount;
    }

    /** Writes {@code [sssss.uuuuuu] } in place, as printk does, without formatting a string per line. */
    private static void stampTime(byte[] stamp, long micros) {
        long v = micros;
        for (int i = 12; i >= 1; i--) {
            if (i == 6) {
                continue;
            }
            boolean leading = i < 6 && v == 0 && i < 5;
            stamp[i] = leading ? (byte) ' ' : (byte) ('0' + v % 10);
            v /= 10;
        }
    }
}
