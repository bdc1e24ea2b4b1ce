package org.koops.explain;

import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * All line rules in the order they are tried; the first rule that matches and has something to
 * say wins. Specific messages come before the general shapes (register lines, frames) they could
 * be mistaken for; the module-list continuation comes first because only its position tells it.
 */
final class RuleBook {
    private static final List<LineRule> RULES = Stream.of(
                    ModuleRules.RULES, HeaderRules.RULES, SanitizerRules.RULES, LockingRules.RULES, HangRules.RULES,
                    ContextRules.RULES, MemoryRules.RULES, OomRules.RULES, SlabRules.RULES, HardwareRules.RULES, ZfsRules.RULES,
                    TrapRules.RULES, PanicRules.RULES, FaultRules.RULES, TaskRules.RULES,
                    CodeRules.RULES, X86RegisterRules.RULES, Arm64RegisterRules.RULES, SanitizerDetailRules.RULES,
                    TraceRules.RULES, TailRules.RULES)
            .flatMap(List::stream).toList();

    private RuleBook() {
    }

    static List<String> meanings(LineContext c) {
        for (LineRule rule : RULES) {
            Matcher m = rule.pattern().matcher(c.text());
            if (m.lookingAt()) {
                List<String> meanings = rule.explain().apply(m, c);
                if (!meanings.isEmpty()) {
                    return List.copyOf(meanings);
                }
            }
        }
        return List.of();
    }
}
