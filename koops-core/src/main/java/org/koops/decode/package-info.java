/**
 * Table-driven decoders of values the kernel prints in crash reports: taint letters, the x86
 * page-fault error code, EFLAGS and control registers, segment selectors, address classes and
 * poison values, system call numbers, and the arm64 ESR and PSTATE.
 *
 * <p>Every class is stateless, {@code public final}, with static methods only. The tables are data
 * (record rows or resource files) taken from the Linux sources and the architecture manuals named in
 * each class; where the kernel prints its own wording (fault status names, exception class labels)
 * the tables use that wording verbatim so a report line and its decoding read alike.
 */
package org.koops.decode;
