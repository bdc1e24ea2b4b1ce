package org.koops.debuginfo;

/**
 * A function symbol of an ELF symbol table.
 *
 * @param name    the symbol's name, e.g. {@code vfs_write} or {@code foo.constprop.0}
 * @param address its address (in a kernel module: in the module's own layout, sections one after the other from 0)
 * @param size    its size as kallsyms computes it, the distance to the next symbol of its section, so
 *                padding is included: the {@code /0x1c0} the kernel prints in {@code func+0x56/0x1c0}
 * @param elfSize its size in the symbol table (st_size), padding excluded; 0 for assembly labels
 * @param section the name of the section it is in, e.g. {@code .text} or {@code .init.text}
 */
public record Symbol(String name, long address, long size, long elfSize, String section) {
}
