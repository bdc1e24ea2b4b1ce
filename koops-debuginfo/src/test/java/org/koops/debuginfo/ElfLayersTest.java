package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ELF layers on files of both classes and byte orders, with kernel-like addresses above 2^31 or 2^63. */
class ElfLayersTest {
    private static final byte[] BUILD_ID = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef01234567");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "ELF{0} {1}")
    @CsvSource({"64, LITTLE_ENDIAN", "64, BIG_ENDIAN", "32, LITTLE_ENDIAN", "32, BIG_ENDIAN"})
    void headerTablesSymbolsAndNotes(int bits, String byteOrder) throws Exception {
        boolean is64 = bits == 64;
        ByteOrder order = byteOrder.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long base = is64 ? 0xffffffff81000000L : 0xc1000000L;
        Path file = dir.resolve("vmlinux");
        Files.write(file, new ElfWriter(is64, order, base, 0x200)
                .symbol("alpha", base, 0x30)
                .symbol("beta", base + 0x40, 0x20)
                .object("beta_table", base + 0x60, 0x10)
                .symbol("dup", base + 0x80, 0x10)
                .symbol("dup", base + 0x100, 0x50)
                .buildId(BUILD_ID).debugLink("vmlinux.debug").bytes());

        try (Symbolizer s = Symbolizer.open(file)) {
            assertThat(s.buildId()).hasValue(HexFormat.of().formatHex(BUILD_ID));
            assertThat(s.debugLink()).hasValue(new DebugLink("vmlinux.debug", 0xcafe1234L));
            assertThat(s.hasDebugInfo()).isFalse();
            // kallsyms sizes reach the next symbol of any kind, or the end of the section.
            assertThat(s.symbols("alpha")).containsExactly(new Symbol("alpha", base, 0x40, 0x30, ".text"));
            assertThat(s.symbols("beta")).containsExactly(new Symbol("beta", base + 0x40, 0x20, 0x20, ".text"));
            assertThat(s.symbols("dup")).containsExactly(new Symbol("dup", base + 0x80, 0x80, 0x10, ".text"),
                    new Symbol("dup", base + 0x100, 0x100, 0x50, ".text"));
            assertThat(s.symbols("beta_table")).as("objects are no functions").isEmpty();
            assertThat(s.symbolAt(base + 0x45)).hasValueSatisfying(sym -> assertThat(sym.name()).isEqualTo("beta"));
            assertThat(s.symbolAt(base + 0x200)).isEmpty();
            assertThat(s.symbolize(base + 0x45)).containsExactly(new SourceLocation("beta", null, 0, 0, 0, null));
        }
    }

    @org.junit.jupiter.api.Test
    void ofAliasesTheOneWhoseOwnSizeCoversTheAddressNamesIt() throws Exception {
        long base = 0x400000;
        Path file = dir.resolve("kvm.ko");
        // kvm's fastop stubs: a size-0 label shares its address with the 8-byte function after it in the table.
        Files.write(file, new ElfWriter(true, ByteOrder.LITTLE_ENDIAN, base, 0x40)
                .symbol("seto", base, 0x8).symbol("em_setcc", base, 0).symbol("setno", base + 0x10, 0x8).bytes());
        try (Symbolizer s = Symbolizer.open(file)) {
            assertThat(s.symbolAt(base + 0x3)).hasValueSatisfying(sym -> assertThat(sym.name()).isEqualTo("seto"));
            assertThat(s.symbolAt(base + 0xc)).as("the padding after seto: still the alias with a size")
                    .hasValueSatisfying(sym -> assertThat(sym.name()).isEqualTo("seto"));
        }
    }

    @ParameterizedTest(name = "ELF{0}")
    @CsvSource({"64", "32"})
    void duplicateNamesAreTellApartBySizeAsFaddr2lineDoes(int bits) throws Exception {
        long base = 0x400000;
        Path file = dir.resolve("vmlinux");
        Files.write(file, new ElfWriter(bits == 64, ByteOrder.LITTLE_ENDIAN, base, 0x200)
                .symbol("dup", base + 0x80, 0x10).symbol("dup", base + 0x100, 0x50).bytes());
        try (Symbolizer s = Symbolizer.open(file)) {
            List<Resolution> bySize = s.resolve("dup", 0x8, 0x100L, true);
            assertThat(bySize).singleElement().satisfies(r -> {
                assertThat(r.symbol().address()).isEqualTo(base + 0x100);
                assertThat(r.address()).isEqualTo(base + 0x108);
                assertThat(r.lookupAddress()).as("a return address is looked up inside its call").isEqualTo(base + 0x107);
                assertThat(r.returnAddress()).isTrue();
                assertThat(r.sizeMatches()).isTrue();
            });
            assertThat(s.resolve("dup", 0x8, null, false)).extracting(Resolution::lookupAddress)
                    .containsExactly(base + 0x88, base + 0x108);
            assertThat(s.resolve("dup", 0x0, null, true)).as("offset 0 cannot be a return address")
                    .extracting(Resolution::lookupAddress).containsExactly(base + 0x80, base + 0x100);
            assertThat(s.resolve("dup", 0x8, 0x77L, true)).as("no size matches: every candidate, flagged")
                    .extracting(Resolution::sizeMatches).containsExactly(false, false);
            assertThat(s.resolve("dup", 0x90, null, true)).as("the offset must lie within the symbol")
                    .extracting(r -> r.symbol().address()).containsExactly(base + 0x100);
            assertThat(s.resolve("missing", 0x8, null, true)).isEmpty();
        }
    }
}
