/**
 * Line-by-line explanation of a crash report, the way a kernel engineer reads one aloud.
 *
 * <p>{@link org.koops.explain.LineExplainer} is the only public type. Each line is matched against
 * one table of rules ({@code RuleBook}), assembled from tables by area: report headers, sanitizers,
 * locking, hangs, execution context, memory state, OOM, panics, fault details, the task line,
 * registers (x86 and arm64), the call trace, modules and the report's tail. A rule is a pattern on
 * the line's text plus a function from the match to meanings; it may read facts of the whole report
 * ({@code ReportContext}: fault address, user-space and interrupted register blocks, the call trace,
 * the module list). The first rule with something to say wins; a line no rule explains gets no
 * meaning rather than a guess. Numbers are decoded with the tables of {@link org.koops.decode}.
 */
package org.koops.explain;
