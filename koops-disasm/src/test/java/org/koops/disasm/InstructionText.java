package org.koops.disasm;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Instruction text in one spelling whichever backend printed it, for assertions that hold with Capstone and
 * with objdump: {@code mov edx, dword ptr [rbx + 0x10]} (Capstone) and {@code mov    edx,DWORD PTR [rbx+0x10]}
 * (objdump) both become {@code mov edx,dword ptr[rbx+0x10]}; arm64's {@code #16} and {@code #0x10} both
 * {@code #0x10}. What only one backend prints (objdump's {@code [rax+rax*1+0x0]} for Capstone's
 * {@code [rax + rax]}, its {@code # 0x1234} comments) stays different. Shared with the server's and the
 * command's tests through koops-disasm's test jar.
 */
public final class InstructionText {
    private static final Pattern BLANKS = Pattern.compile("[ \\t]+");
    private static final Pattern BLANK_AROUND_PUNCTUATION = Pattern.compile(" ?([,\\[\\]+*-]) ?");
    /** A decimal number standing alone: Capstone prints offsets under 10 in decimal, objdump arm64 immediates too. */
    private static final Pattern DECIMAL = Pattern.compile("\\b\\d+\\b");

    private InstructionText() {
    }

    /** {@code text} (an instruction, or a whole output holding some) in lower case, blanks and numbers normalised. */
    public static String normalised(String text) {
        String s = BLANKS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
        s = BLANK_AROUND_PUNCTUATION.matcher(s).replaceAll("$1");
        return DECIMAL.matcher(s).replaceAll(m -> "0x" + new BigInteger(m.group()).toString(16));
    }
}
