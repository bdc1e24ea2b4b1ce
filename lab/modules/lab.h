/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the crash lab's test modules.
 *
 * The kernel prints the Code: bytes from 42 bytes (arm64: 16 bytes) before the faulting
 * instruction; when those fall before the start of the module's memory it prints
 * "Code: Unable to access opcode bytes" instead.  LAB_PADDING puts a function of 64 nops at the
 * start of the module's .text and .init.text, so every buggy function lies past it and real
 * Code: bytes are printed.  It ends in ud2 on x86 so that objtool sees a dead end, not a fall
 * through into the next function.
 */
#ifndef KOOPS_LAB_H
#define KOOPS_LAB_H

#ifdef CONFIG_X86
#define LAB_PAD_END "ud2\n\t"
#else
#define LAB_PAD_END ""
#endif

#define LAB_PAD_FUNCTION(section, name)                                     \
	".pushsection " section ", \"ax\", %progbits\n\t"                   \
	".type " name ", %function\n"                                       \
	name ":\n\t"                                                        \
	".rept 64\n\tnop\n\t.endr\n\t"                                      \
	LAB_PAD_END                                                         \
	".size " name ", . - " name "\n\t"                                  \
	".popsection\n\t"

#define LAB_PADDING                                                         \
	asm(LAB_PAD_FUNCTION(".text", "lab_padding")                        \
	    LAB_PAD_FUNCTION(".init.text", "lab_init_padding"))

#endif
