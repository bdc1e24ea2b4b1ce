package org.koops.model;

import java.util.List;

/**
 * The {@code Oops: 0000 [#1] PREEMPT SMP PTI} line (also {@code Internal error: Oops: 96000004 [#1] SMP},
 * {@code general protection fault: 0000 [#1] SMP}).
 *
 * @param code     the error code printed before {@code [#N]}
 * @param count    N in {@code [#N]}: how many oopses this boot has had
 * @param features the configuration words after it: {@code PREEMPT}, {@code SMP}, {@code KASAN}, {@code PTI} ...
 * @param line     its log line number
 */
public record OopsLine(String code, int count, List<String> features, long line) {
}
