package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.FrameFamilies;

/**
 * The suffixes compilers add to the symbol of a function they copied or split ({@code lab_list_remove.constprop.0},
 * {@code __handle_sysrq.cold}): the code is still the source function's, which is the name to look for in the
 * sources, while the printed symbol is the one to give to {@code faddr2line}.
 */
final class CompilerClones {
    private record Suffix(Pattern part, String meaning) {
    }

    private static final List<Suffix> SUFFIXES = List.of(
            suffix("constprop\\.\\d+", "a copy GCC specialised for constant arguments (.constprop)"),
            suffix("isra\\.\\d+", "a copy GCC made with its parameters passed differently (.isra)"),
            suffix("part\\.\\d+", "the part GCC split out of it when inlining the rest (.part)"),
            suffix("cold(?:\\.\\d+)?", "its rarely run code, which GCC moved out of line (.cold)"),
            suffix("llvm\\.\\d+", "a local function clang renamed when linking with ThinLTO (.llvm)"),
            suffix("lto_priv\\.\\d+", "a local function renamed by link-time optimisation (.lto_priv)"));

    private static final Pattern PART = Pattern.compile("\\.([a-z_]+(?:\\.\\d+)?)");

    private CompilerClones() {
    }

    private static Suffix suffix(String regex, String meaning) {
        return new Suffix(Pattern.compile(regex), meaning);
    }

    /** The source function of a symbol: {@code lab_list_remove} for {@code lab_list_remove.constprop.0}. */
    static String sourceName(String symbol) {
        return FrameFamilies.baseName(symbol);
    }

    /**
     * What the symbol's suffixes say, e.g. "printed as lab_list_remove.constprop.0, a copy GCC specialised for
     * constant arguments (.constprop)"; {@code null} for a plain function name.
     */
    static String describe(String symbol) {
        String base = sourceName(symbol);
        if (base.equals(symbol)) {
            return null;
        }
        List<String> meanings = new ArrayList<>();
        Matcher m = PART.matcher(symbol.substring(base.length()));
        while (m.find()) {
            for (Suffix s : SUFFIXES) {
                if (s.part().matcher(m.group(1)).matches()) {
                    meanings.add(s.meaning());
                }
            }
        }
        String what = meanings.isEmpty() ? "a copy of " + base + " the compiler made" : String.join(", and ", meanings);
        return "printed as " + symbol + ", " + what;
    }
}
