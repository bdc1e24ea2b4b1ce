package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** A module-like object's functions: their bytes and the relocations in them, as {@code objdump -r} lists them. */
class FunctionCodeTest {
    private static final Pattern SECTION = Pattern.compile("^RELOCATION RECORDS FOR \\[(.+)\\]:$");
    private static final Pattern ENTRY = Pattern.compile("^([0-9a-f]{16}) (\\S+)\\s+(\\S+?)(?:([-+])0x0*([0-9a-f]+))?$");

    @Test
    void everyFunctionsRelocationsAsObjdumpListsThem() throws Exception {
        assumeTrue(Toolchain.find("objdump").isPresent(), "objdump is not installed");
        Path module = TestObjects.module();
        String listing = Toolchain.run(module.getParent(), "", List.of("objdump", "-r", module.toString()));
        try (Symbolizer s = Symbolizer.open(module)) {
            List<Symbol> functions = s.functions();
            assertThat(functions).extracting(Symbol::name).contains("demo_init", "demo_exit", "demo_show", "demo_store");
            for (Symbol f : functions) {
                FunctionCode code = s.code(f);
                long start = code.shownAddress();
                assertThat(code.bytes()).as(f.name()).hasSize((int) f.elfSize());
                List<String> actual = code.relocations().stream().map(r -> Long.toHexString(r.address()
                        - f.address() + start) + " " + r.type() + " " + r.target()).toList();
                assertThat(actual).as(f.name()).isEqualTo(objdump(listing, f.section(), start, start + f.elfSize()));
            }
        }
    }

    /** objdump's entries of {@code section} in [{@code from}, {@code to}), addends without leading zeros. */
    private static List<String> objdump(String listing, String section, long from, long to) {
        List<String> out = new ArrayList<>();
        String in = null;
        for (String line : listing.split("\n")) {
            Matcher h = SECTION.matcher(line);
            if (h.matches()) {
                in = h.group(1);
                continue;
            }
            Matcher e = ENTRY.matcher(line.strip());
            if (section.equals(in) && e.matches()) {
                long at = Long.parseLong(e.group(1), 16);
                if (at >= from && at < to) {
                    out.add(Long.toHexString(at) + " " + e.group(2) + " " + e.group(3)
                            + (e.group(4) == null ? "" : e.group(4) + "0x" + e.group(5)));
                }
            }
        }
        return out;
    }
}
