package org.koops.decode;

/** What kind of address or pointer value a number is. */
public enum AddressClass {
    NULL_POINTER("address in the never-mapped first page (NULL plus an offset, or a small value)"),
    USER("user-space address"),
    ERR_PTR("error code stored in a pointer (ERR_PTR)"),
    POISON_POINTER("poison pointer of a deleted or uninitialised object"),
    POISON_PATTERN("memory poison pattern"),
    NON_CANONICAL("non-canonical address"),
    KASAN_SHADOW_ACCESS("KASAN shadow check of a bad pointer"),
    DIRECT_MAP("kernel direct map"),
    VMALLOC("kernel vmalloc/ioremap area"),
    VMEMMAP("kernel vmemmap (struct page array)"),
    KASAN_SHADOW("KASAN shadow memory"),
    KERNEL_TEXT("kernel image"),
    KERNEL_IMAGE_OR_MODULES("kernel image or module area"),
    MODULES("kernel module area"),
    FIXMAP("kernel fixmap"),
    VSYSCALL("legacy vsyscall page"),
    CPU_ENTRY_AREA("cpu_entry_area"),
    ESPFIX("espfix stacks"),
    EFI("EFI runtime mapping"),
    LDT_REMAP("LDT remap for page-table isolation"),
    KERNEL_HOLE("unused hole in the kernel address space"),
    KERNEL("kernel address"),
    SPLIT_DEPENDENT("user-space or kernel address, by the 32-bit kernel's memory split");

    private final String label;

    AddressClass(String label) {
        this.label = label;
    }

    /** A short label, e.g. {@code kernel direct map}. */
    public String label() {
        return label;
    }
}
