package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.koops.model.Arch;

/**
 * Names the member a faulting instruction accessed: in objects gcc builds from {@code access.c}
 * (DWARF 4 and 5, the instruction's register and offset taken from objdump's listing), and in the
 * crash lab's modules at the faulting instructions of its consoles (skipped without the lab's cache).
 */
class AccessNamerTest {
    private static final Path CACHE = Path.of(System.getenv().getOrDefault("KOOPS_LAB_CACHE",
            System.getProperty("user.home") + "/.cache/koops-lab"));
    private static final Path FIXTURES = Path.of("..", "lab", "fixtures").toAbsolutePath().normalize();
    private static final Pattern MEMORY = Pattern.compile("^\\s*([0-9a-f]+):\\t[^\\t]+\\t.*PTR \\[(r\\w+)([+-]0x[0-9a-f]+)\\]");

    private static Path access(int version) throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the test objects are built for x86_64");
        return TestObjects.build("access" + version + ".o", List.of("-gdwarf-" + version, "-fcf-protection=none", "-c"),
                "access.c");
    }

    /** The memory accesses {@code [reg+0xN]} objdump lists in {@code function}: offset, register, displacement. */
    private static List<String[]> accesses(Path object, String function) throws Exception {
        assumeTrue(Toolchain.find("objdump").isPresent(), "objdump is not installed");
        String listing = Toolchain.run(object.getParent(), "", List.of("objdump", "-d", "-M", "intel",
                "--disassemble=" + function, object.toString()));
        Symbol start = null;
        try (Symbolizer s = Symbolizer.open(object)) {
            start = s.symbols(function).get(0);
        }
        List<String[]> found = new java.util.ArrayList<>();
        for (String line : listing.split("\n")) {
            Matcher m = MEMORY.matcher(line);
            if (m.find()) {
                long offset = Long.parseLong(m.group(1), 16) - start.address();
                found.add(new String[] {Long.toString(offset), m.group(2), Long.toString(Long.decode(m.group(3)))});
            }
        }
        return found;
    }

    private static MemberAccess name(Path object, String function, int index) throws Exception {
        String[] a = accesses(object, function).get(index);
        try (AccessNamer namer = AccessNamer.open(object)) {
            return namer.name(function, Long.parseLong(a[0]), Arch.X86_64, a[1], Long.parseLong(a[2]));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void nestedMembersArraysAndTypedefs(int version) throws Exception {
        MemberAccess a = name(access(version), "read_y", 0);
        assertThat(a.expression()).isEqualTo("o->in.pts[2].y");
        assertThat(a.variable()).isEqualTo("o");
        assertThat(a.type()).isEqualTo("const outer_t *");
        assertThat(a.offset()).isEqualTo(0x2c);
        assertThat(a.member()).isEqualTo("in.pts[2].y (int) at offset 0x2c of struct outer");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void anonymousUnionsAndQualifiers(int version) throws Exception {
        MemberAccess a = name(access(version), "read_union", 0);
        assertThat(a.expression()).isEqualTo("in->i");
        assertThat(a.type()).isEqualTo("volatile struct inner *");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void pointersToScalarsAreIndexed(int version) throws Exception {
        assertThat(name(access(version), "read_third", 0).expression()).isEqualTo("p[3]");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void locationListsGiveTheRegisterAtThePc(int version) throws Exception {
        Path object = access(version);
        // o is in rdi before the call and in rbx after it
        assertThat(name(object, "consume_then_next", 0).expression()).isEqualTo("o->in.tag");
        assertThat(name(object, "consume_then_next", 1).expression()).isEqualTo("o->next");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void aContainerHeldAsTheRegisterLessAnOffset(int version) throws Exception {
        MemberAccess a = name(access(version), "wrapper_of", 0);
        assertThat(a.expression()).as(a.statement()).isEqualTo("w->a");
        assertThat(a.offset()).isZero();
        assertThat(a.others()).containsExactly("pt");
        assertThat(a.statement()).contains("w (struct wrapper *) was RDI - 0x8 at wrapper_of+0x0 (so was pt)");
    }

    @Test
    void theKernelsNamersReadTheFilesItsSymbolisingOpened(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assumeTrue(Toolchain.find("objcopy").isPresent(), "objcopy is not installed");
        String[] a = accesses(access(5), "read_y").get(0);
        // A stripped file with its DWARF beside it: only the kernel's opening follows the debug link.
        Path stripped = TestObjects.copy(access(5), dir, "vmlinux");
        Toolchain.run(dir, "", List.of("objcopy", "--only-keep-debug", stripped.toString(), dir.resolve("vmlinux.debug").toString()));
        Toolchain.run(dir, "", List.of("objcopy", "--strip-debug", "--add-gnu-debuglink=" + dir.resolve("vmlinux.debug"),
                stripped.toString()));

        try (KernelDebugInfo kernel = KernelDebugInfo.of(stripped, null)) {
            AccessNamers namers = AccessNamers.of(kernel);
            AccessNamers.Found found = namers.find(null, null, null);
            assertThat(found.why()).isNull();
            assertThat(found.namer().name("read_y", Long.parseLong(a[0]), Arch.X86_64, a[1], Long.parseLong(a[2]))
                    .expression()).isEqualTo("o->in.pts[2].y");
            assertThat(namers.find(null, null, null).namer()).isSameAs(found.namer());
            found.namer().close(); // the kernel's file stays open
            assertThat(kernel.file(null, null, null).symbolizer().hasDebugInfo()).isTrue();
        }
    }

    @Test
    void anOffsetBeforeTheObjectIsNotAMember() throws Exception {
        try (AccessNamer namer = AccessNamer.open(access(5))) {
            MemberAccess a = namer.name("read_y", 0, Arch.X86_64, "rdi", -8);
            assertThat(a.known()).isFalse();
            assertThat(a.statement()).contains("offset -0x8 is before the struct outer it points to");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void aPointerNoVariableHoldsIsUnknown(int version) throws Exception {
        MemberAccess a = name(access(version), "read_next_tag", 1);
        assertThat(a.known()).isFalse();
        assertThat(a.statement()).contains("no variable or parameter in scope at read_next_tag+0x4 is in RAX there,"
                + " by the debug info; elsewhere: o (RDI)");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void aPointerLoadedFromAMemberIsFollowed(int version) throws Exception {
        Path object = access(version);
        String[] load = accesses(object, "read_next_tag").get(0);
        String[] use = accesses(object, "read_next_tag").get(1);
        try (AccessNamer namer = AccessNamer.open(object)) {
            MemberAccess a = namer.nameLoaded("read_next_tag", Long.parseLong(load[0]), Arch.X86_64, load[1],
                    Long.parseLong(load[2]), Long.parseLong(use[2]), "mov rax, qword ptr [rdi + 0x40]");
            assertThat(a.expression()).as(a.statement()).isEqualTo("o->next->in.tag");
            assertThat(a.member()).isEqualTo("in.tag (long int) at offset 0x10 of struct outer");
        }
    }

    @Test
    void aPointerLoadedFromAnIntegerIsNotFollowed() throws Exception {
        try (AccessNamer namer = AccessNamer.open(access(5))) {
            MemberAccess a = namer.nameLoaded("read_y", 0, Arch.X86_64, "rdi", 0x2c, 8, "mov rax, qword ptr [rdi + 0x2c]");
            assertThat(a.known()).isFalse();
            assertThat(a.statement()).contains("o->in.pts[2].y is not a pointer");
        }
    }

    /** uaf-poison: {@code mov rax, qword ptr [rbx]} at +0x17 loads s->ops; {@code mov edx, dword ptr [rax + 8]} faults at +0x24. */
    @Test
    void theCrashLabsUseAfterFreeThroughALoadedPointer() throws Exception {
        Path ko = CACHE.resolve("x86_64/modules/lab_uaf.ko");
        assumeTrue(Files.isRegularFile(ko), "no " + ko + ": run lab/check.sh x86_64 first");
        try (AccessNamer namer = AccessNamer.open(ko)) {
            assertThat(namer.name("lab_uaf_show", 0x24, Arch.X86_64, "rax", 8).known()).isFalse();
            MemberAccess a = namer.nameLoaded("lab_uaf_show", 0x17, Arch.X86_64, "rbx", 0, 8, "mov rax, qword ptr [rbx]");
            assertThat(a.expression()).as(a.statement()).isEqualTo("s->ops->version");
        }
    }

    /**
     * The access of seed 004 ({@code ldr x0, [x19, #200]} in mod_sysfs_setup) in Debian's arm64
     * 6.1.0-56 vmlinux, where mod_sysfs_setup+0xe8 is that instruction.
     */
    @Test
    void aVmlinuxFunctionsParameter() throws Exception {
        Path vmlinux = CACHE.resolve("arm64/root/usr/lib/debug/boot/vmlinux-6.1.0-56-arm64");
        assumeTrue(Files.isRegularFile(vmlinux), "no " + vmlinux + ": run lab/check.sh arm64 first");
        try (AccessNamer namer = AccessNamer.open(vmlinux)) {
            MemberAccess a = namer.name("mod_sysfs_setup", 0xe8, Arch.ARM64, "x19", 200);
            assertThat(a.expression()).as(a.statement()).isEqualTo("mod->holders_dir");
            assertThat(a.member()).isEqualTo("holders_dir (struct kobject *) at offset 0xc8 of struct module");
        }
    }

    /** Damaged files give an answer or a one-line error, never another exception, a hang or a crash. */
    @Test
    void damagedDebugInfoIsAnErrorOrAnAnswer(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] good = Files.readAllBytes(access(5));
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 300; i++) {
            byte[] bad = good.clone();
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                bad[64 + random.nextInt(bad.length - 64)] = (byte) random.nextInt(256);
            }
            Path file = Files.write(dir.resolve("bad" + i + ".o"), bad);
            try (AccessNamer namer = AccessNamer.open(file)) {
                for (String function : List.of("read_y", "consume_then_next")) {
                    assertThat(namer.name(function, 0xd, Arch.X86_64, "rbx", 0x40).statement()).isNotBlank();
                    assertThat(namer.nameLoaded(function, 0, Arch.X86_64, "rdi", 0x40, 0x10, "mov rax, [rdi+0x40]")
                            .statement()).isNotBlank();
                }
            } catch (java.io.IOException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
            }
        }
    }

    @Test
    void registersWithoutADwarfNumberAreSaidSo() throws Exception {
        try (AccessNamer namer = AccessNamer.open(access(5))) {
            MemberAccess a = namer.name("read_y", 0, Arch.X86_64, "xmm0", 0x2c);
            assertThat(a.known()).isFalse();
            assertThat(a.statement()).contains("no DWARF register number");
        }
        assertThat(AccessNamer.dwarfRegister(Arch.X86_64, "RBX")).isEqualTo(3);
        assertThat(AccessNamer.dwarfRegister(Arch.X86_64, "r12d")).isEqualTo(12);
        assertThat(AccessNamer.dwarfRegister(Arch.ARM64, "w19")).isEqualTo(19);
    }

    /**
     * The crash lab's oopses: the faulting function+offset from the console's RIP line, the base
     * register and offset of the faulting instruction its Code: bytes decode to.
     */
    @ParameterizedTest
    @CsvSource({
            "proc-null-read, lab_proc_null, rax, 16, item->value",
            "inline-helper, lab_inline, rax, 8, header->len",
            "timer-null, lab_timer, rax, 8, stats->ticks",
            "gpf-non-canonical, lab_gpf, rax, 8, node->value",
    })
    void theCrashLabsFaultingAccesses(String console, String module, String register, long displacement, String expected)
            throws Exception {
        Path ko = CACHE.resolve("x86_64/modules/" + module + ".ko");
        Path log = FIXTURES.resolve("x86_64/" + console + ".log");
        assumeTrue(Files.isRegularFile(ko) && Files.isRegularFile(log), "no " + ko + ": run lab/check.sh x86_64 first");
        Matcher rip = Pattern.compile("RIP: 0010:(\\w+)\\+0x([0-9a-f]+)/").matcher(Files.readString(log));
        assertThat(rip.find()).isTrue();
        try (AccessNamer namer = AccessNamer.open(ko)) {
            MemberAccess a = namer.name(rip.group(1), Long.parseLong(rip.group(2), 16), Arch.X86_64, register, displacement);
            assertThat(a.expression()).as(a.statement()).isEqualTo(expected);
        }
    }
}
