package org.koops.decode;

import java.util.List;
import java.util.stream.Stream;

/**
 * Canonical-address checks and classification of x86-64 addresses.
 *
 * <p>Layout: {@code Documentation/arch/x86/x86_64/mm.rst} (4-level and 5-level tables). Canonical form:
 * Intel SDM Vol. 1 §3.3.7.1 — bits 63 down to the highest implemented bit (47, or 56 with LA57) must
 * be equal. The KASAN decoding follows {@code kasan_non_canonical_hook()} in {@code mm/kasan/report.c}.
 */
public final class X86Addresses {
    /** {@code KASAN_SHADOW_OFFSET} of x86-64 generic KASAN (arch/x86/Kconfig). */
    private static final long KASAN_SHADOW_OFFSET = 0xdfff_fc00_0000_0000L;
    private static final int KASAN_SHADOW_SCALE_SHIFT = 3;
    private static final long USER_END_4LEVEL = 0x0000_8000_0000_0000L;
    private static final long USER_END_5LEVEL = 0x0100_0000_0000_0000L;
    /** Default {@code vm.mmap_min_addr}: user space cannot map anything below it. */
    private static final long MMAP_MIN_ADDR = 0x10000;

    private static final String KASLR_NOTE = " (default layout: with CONFIG_RANDOMIZE_MEMORY the bases of the "
            + "direct map, vmalloc and vmemmap move, so it may be one of the others)";
    private static final String DIRECT_MAP = "kernel direct map of all physical memory: slab (kmalloc) objects "
            + "and page-allocator pages live here" + KASLR_NOTE;
    private static final String VMALLOC = "kernel vmalloc/ioremap area: vmalloc() buffers, kernel stacks "
            + "(VMAP_STACK), ioremap()ed device memory" + KASLR_NOTE;
    private static final String VMEMMAP = "kernel vmemmap: the struct page array, so this is a struct page "
            + "pointer" + KASLR_NOTE;

    /** One row of the mm.rst tables, inclusive bounds compared unsigned. */
    private record Region(long start, long end, AddressClass kind, String description) {
        boolean contains(long address) {
            return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) <= 0;
        }
    }

    private static final List<Region> FOUR_LEVEL = List.of(
            new Region(0xffff_8000_0000_0000L, 0xffff_87ff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "guard hole at the start of kernel space (reserved for a hypervisor)"),
            new Region(0xffff_8800_0000_0000L, 0xffff_887f_ffff_ffffL, AddressClass.LDT_REMAP,
                    "LDT remap area of page-table isolation"),
            new Region(0xffff_8880_0000_0000L, 0xffff_c87f_ffff_ffffL, AddressClass.DIRECT_MAP, DIRECT_MAP),
            new Region(0xffff_c880_0000_0000L, 0xffff_c8ff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused hole after the direct map"),
            new Region(0xffff_c900_0000_0000L, 0xffff_e8ff_ffff_ffffL, AddressClass.VMALLOC, VMALLOC),
            new Region(0xffff_e900_0000_0000L, 0xffff_e9ff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused hole after the vmalloc area"),
            new Region(0xffff_ea00_0000_0000L, 0xffff_eaff_ffff_ffffL, AddressClass.VMEMMAP, VMEMMAP),
            new Region(0xffff_eb00_0000_0000L, 0xffff_ebff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused hole after vmemmap"),
            new Region(0xffff_ec00_0000_0000L, 0xffff_fbff_ffff_ffffL, AddressClass.KASAN_SHADOW,
                    "KASAN shadow memory"));

    private static final List<Region> FIVE_LEVEL = List.of(
            new Region(0xff00_0000_0000_0000L, 0xff0f_ffff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "guard hole at the start of kernel space (reserved for a hypervisor)"),
            new Region(0xff10_0000_0000_0000L, 0xff10_ffff_ffff_ffffL, AddressClass.LDT_REMAP,
                    "LDT remap area of page-table isolation"),
            new Region(0xff11_0000_0000_0000L, 0xff90_ffff_ffff_ffffL, AddressClass.DIRECT_MAP, DIRECT_MAP),
            new Region(0xff91_0000_0000_0000L, 0xff9f_ffff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused hole after the direct map"),
            new Region(0xffa0_0000_0000_0000L, 0xffd1_ffff_ffff_ffffL, AddressClass.VMALLOC, VMALLOC),
            new Region(0xffd2_0000_0000_0000L, 0xffd3_ffff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused hole after the vmalloc area"),
            new Region(0xffd4_0000_0000_0000L, 0xffd5_ffff_ffff_ffffL, AddressClass.VMEMMAP, VMEMMAP),
            new Region(0xffd6_0000_0000_0000L, 0xffde_ffff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused hole after vmemmap"),
            new Region(0xffdf_0000_0000_0000L, 0xffff_fbff_ffff_ffffL, AddressClass.KASAN_SHADOW,
                    "KASAN shadow memory"));

    /** The top 4 TiB, identical in both layouts. */
    private static final List<Region> COMMON_TOP = List.of(
            new Region(0xffff_fc00_0000_0000L, 0xffff_fdff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused hole below cpu_entry_area"),
            new Region(0xffff_fe00_0000_0000L, 0xffff_fe7f_ffff_ffffL, AddressClass.CPU_ENTRY_AREA,
                    "cpu_entry_area: per-CPU GDT, TSS and entry stacks"),
            new Region(0xffff_fe80_0000_0000L, 0xffff_feff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused hole after cpu_entry_area"),
            new Region(0xffff_ff00_0000_0000L, 0xffff_ff7f_ffff_ffffL, AddressClass.ESPFIX,
                    "espfix stacks (%esp fixup for 16-bit segments)"),
            new Region(0xffff_ff80_0000_0000L, 0xffff_ffee_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused hole below the EFI area"),
            new Region(0xffff_ffef_0000_0000L, 0xffff_fffe_ffff_ffffL, AddressClass.EFI,
                    "EFI runtime services mapping"),
            new Region(0xffff_ffff_0000_0000L, 0xffff_ffff_7fff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused hole below the kernel image"),
            new Region(0xffff_ffff_8000_0000L, 0xffff_ffff_9fff_ffffL, AddressClass.KERNEL_TEXT,
                    "kernel image: kernel code and static data"),
            new Region(0xffff_ffff_a000_0000L, 0xffff_ffff_bfff_ffffL, AddressClass.KERNEL_IMAGE_OR_MODULES,
                    "module area of a kernel without KASLR; with KASLR (RANDOMIZE_BASE) the kernel image may lie "
                            + "here, and modules start at 0xffffffffc0000000"),
            new Region(0xffff_ffff_c000_0000L, 0xffff_ffff_feff_ffffL, AddressClass.MODULES,
                    "module area: code and data of loadable modules"),
            new Region(0xffff_ffff_ff00_0000L, 0xffff_ffff_ff5f_ffffL, AddressClass.FIXMAP,
                    "fixmap: compile-time fixed kernel addresses (local APIC, early ioremap, ...)"),
            new Region(0xffff_ffff_ff60_0000L, 0xffff_ffff_ff60_0fffL, AddressClass.VSYSCALL,
                    "legacy vsyscall page"),
            new Region(0xffff_ffff_ff60_1000L, 0xffff_ffff_ffff_ffffL, AddressClass.KERNEL_HOLE,
                    "unused top of the address space"));

    private static final List<Region> LAYOUT_4 = Stream.concat(FOUR_LEVEL.stream(), COMMON_TOP.stream()).toList();
    private static final List<Region> LAYOUT_5 = Stream.concat(FIVE_LEVEL.stream(), COMMON_TOP.stream()).toList();

    private X86Addresses() {
    }

    /** Canonical with 4-level paging: bits 63:47 all equal. */
    public static boolean isCanonical48(long address) {
        return (address << 16 >> 16) == address;
    }

    /** Canonical with 5-level paging (LA57): bits 63:56 all equal. */
    public static boolean isCanonical57(long address) {
        return (address << 7 >> 7) == address;
    }

    /** {@link #classify(long, boolean)} for 4-level paging, by far the common case. */
    public static AddressInfo classify(long address) {
        return classify(address, false);
    }

    /**
     * What an address is on x86-64: first the readings that hold on any layout (NULL page, ERR_PTR,
     * poison; see {@link PoisonValues}), then user space, non-canonical (with the pointer KASAN was
     * checking when the value is a shadow address), and the kernel region of the documented layout.
     *
     * @param fiveLevel whether the kernel used 5-level paging ({@link X86ControlRegisters#isFiveLevelPaging})
     */
    public static AddressInfo classify(long address, boolean fiveLevel) {
        return SpecialPointers.classify(address).orElseGet(() -> classifyLayout(address, fiveLevel));
    }

    private static AddressInfo classifyLayout(long address, boolean fiveLevel) {
        if (Long.compareUnsigned(address, fiveLevel ? USER_END_5LEVEL : USER_END_4LEVEL) < 0) {
            return user(address);
        }
        if (!(fiveLevel ? isCanonical57(address) : isCanonical48(address))) {
            return nonCanonical(address, fiveLevel);
        }
        return (fiveLevel ? LAYOUT_5 : LAYOUT_4).stream().filter(r -> r.contains(address)).findFirst()
                .map(r -> new AddressInfo(r.kind(), r.description(), null))
                .orElseThrow(() -> new IllegalStateException("layout gap at " + Bits.hex(address)));
    }

    /** A user-space address; below mmap_min_addr, where nothing is mapped, most likely NULL plus an offset. */
    static AddressInfo user(long address) {
        if (address < MMAP_MIN_ADDR) {
            return new AddressInfo(AddressClass.USER, "user-space address below mmap_min_addr (64 KiB), where "
                    + "nothing is normally mapped: most likely a NULL pointer plus a large offset", address);
        }
        return new AddressInfo(AddressClass.USER, "user-space address", null);
    }

    /**
     * Design: generic KASAN checks the shadow byte {@code (addr >> 3) + KASAN_SHADOW_OFFSET} before each
     * access. For a wild pointer that shadow address is itself non-canonical, so the report shows a
     * general protection fault at the shadow address; shifting it back recovers the 8-byte granule of the
     * pointer that was being checked.
     */
    private static AddressInfo nonCanonical(long address, boolean fiveLevel) {
        long shadowDelta = address - KASAN_SHADOW_OFFSET;
        if (Long.compareUnsigned(address, KASAN_SHADOW_OFFSET) >= 0
                && Long.compareUnsigned(shadowDelta, 1L << (64 - KASAN_SHADOW_SCALE_SHIFT)) < 0) {
            long original = shadowDelta << KASAN_SHADOW_SCALE_SHIFT;
            String range = "[" + Bits.hex(original) + "-" + Bits.hex(original + 7) + "]";
            String checked = "non-canonical KASAN shadow address: KASAN was checking ";
            if (Long.compareUnsigned(original, SpecialPointers.NULL_PAGE_END) < 0) {
                String target = original == 0 ? "a NULL pointer " : "NULL pointer + " + Bits.hex(original) + " ";
                return new AddressInfo(AddressClass.KASAN_SHADOW_ACCESS, checked + target + range
                        + ", a null-ptr-deref", original);
            }
            boolean user = Long.compareUnsigned(original, fiveLevel ? USER_END_5LEVEL : USER_END_4LEVEL) < 0;
            String poison = PoisonValues.identify(original).map(p -> "; that pointer is " + p.description())
                    .orElse("");
            return new AddressInfo(AddressClass.KASAN_SHADOW_ACCESS, checked + "a pointer in " + range + ", "
                    + (user ? "probably a user-memory access" : "maybe a wild-memory access") + poison, null);
        }
        return new AddressInfo(AddressClass.NON_CANONICAL, "non-canonical address (bits 63:" + (fiveLevel ? 56 : 47)
                + " differ), which no page table can map: the CPU raised a general protection fault rather "
                + "than a page fault; typically a corrupted pointer", null);
    }
}
