package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile files: every outcome is an answer or a one-line {@link DebugInfoException},
 * never another exception, a hang or an OutOfMemoryError; a file cut short is reported as truncated.
 */
class HostileFilesTest {
    private static final long SEED = 20240521L;

    @TempDir
    Path dir;

    @Test
    void aFileCutAnywhereIsTruncatedNeverInvalid() throws Exception {
        byte[] original = Files.readAllBytes(TestObjects.module());
        Map<DebugInfoException.Kind, Integer> outcomes = new EnumMap<>(DebugInfoException.Kind.class);
        List<String> wrong = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int length = 0; length < original.length; length += Math.max(1, original.length / 400)) {
                DebugInfoException e = exercise(write(java.util.Arrays.copyOf(original, length)), "cut at " + length);
                if (e != null) {
                    outcomes.merge(e.kind(), 1, Integer::sum);
                    if (e.kind() != DebugInfoException.Kind.TRUNCATED) {
                        wrong.add(length + ": " + e.getMessage());
                    }
                }
            }
        });
        assertThat(wrong).as("cuts reported as something else than truncated").isEmpty();
        assertThat(outcomes.get(DebugInfoException.Kind.TRUNCATED)).isGreaterThan(100);
    }

    @Test
    void corruptedBytesGiveAnAnswerOrAOneLineError() throws Exception {
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (Path object : List.of(TestObjects.module(), TestObjects.program())) {
            byte[] original = Files.readAllBytes(object);
            ElfFile elf = ElfFile.open(object);
            List<ElfSection> debug = elf.sections.stream().filter(s -> s.name().startsWith(".debug")
                    || s.name().startsWith(".rela.debug") || s.name().equals(".symtab")).toList();
            elf.close();
            Random random = new Random(SEED);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int mutant = 0; mutant < 300; mutant++) {
                    byte[] bytes = original.clone();
                    StringBuilder what = new StringBuilder(object.getFileName() + " mutant " + mutant + ":");
                    for (int flips = 1 + random.nextInt(6); flips > 0; flips--) {
                        // Mostly inside the debug sections and tables, where the decoding is intricate.
                        ElfSection s = debug.get(random.nextInt(debug.size()));
                        int at = random.nextInt(10) < 8 && s.size() > 0 ? (int) (s.offset() + random.nextInt((int) s.size()))
                                : random.nextInt(bytes.length);
                        bytes[at] = (byte) (random.nextInt(4) == 0 ? 0xff : random.nextInt(256));
                        what.append(" 0x").append(Integer.toHexString(at));
                    }
                    DebugInfoException e = exercise(write(bytes), what.toString());
                    outcomes.merge(e == null ? "answered" : e.kind().name(), 1, Integer::sum);
                }
            });
        }
        // Both answers and errors show the mutations reach the decoding, not just the headers.
        assertThat(outcomes).as(outcomes.toString()).containsKeys("answered", "INVALID");
    }

    @Test
    void hostileHeaderFieldsAreNamedWithTheirOffset() throws Exception {
        byte[] original = Files.readAllBytes(TestObjects.module());
        assertThat(messageAfter(original, bytes -> bytes.putLong(0x28, 1L << 40))).matches(
                "truncated module.o section header table at offset 0x10000000000: the file ends at 0x[0-9a-f]+,"
                        + " before the end of its 1 entries of 64 bytes");
        assertThat(messageAfter(original, bytes -> bytes.putShort(0x3c, (short) 0xfff0))).matches(
                "truncated module.o section header table at offset 0x[0-9a-f]+: the file ends at 0x[0-9a-f]+,"
                        + " before the end of its 65520 entries of 64 bytes");
        assertThat(messageAfter(original, bytes -> bytes.put(4, (byte) 7)))
                .isEqualTo("invalid module.o ELF header at offset 0x4: unknown ELF class 7");
        assertThat(messageAfter(original, bytes -> bytes.putShort(0x3a, (short) 8)))
                .isEqualTo("invalid module.o ELF header at offset 0x3a: section header size 8 is smaller than 64");
        assertThat(messageAfter(new byte[] {0x7f, 'E', 'L'}, bytes -> { }))
                .isEqualTo("truncated module.o ELF header at offset 0x0: the file is too short for an ELF header");
        assertThat(messageAfter("#!/bin/sh\necho not an ELF file\n".getBytes(), bytes -> { }))
                .isEqualTo("invalid module.o ELF header at offset 0x0: not an ELF file (no \\x7fELF magic)");
    }

    @Test
    void relocationTablesThatNeedTheirOwnTargetAreACycleNotARecursion() throws Exception {
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(TestObjects.module())).order(ByteOrder.LITTLE_ENDIAN);
        long headers = elf.getLong(0x28);
        int size = elf.getShort(0x3a);
        int count = elf.getShort(0x3c);
        int changed = 0;
        for (int i = 0; i < count; i++) {
            int at = (int) headers + i * size;
            if (elf.getInt(at + 4) == 4 /* SHT_RELA */) {
                elf.putInt(at + 0x28, elf.getInt(at + 0x2c)); // sh_link, its symbol table, := sh_info, the section it relocates
                changed++;
            }
        }
        assertThat(changed).as("relocation tables").isPositive();
        DebugInfoException e = exercise(write(elf.array()), "relocations of a section through itself");
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("a cycle of relocation tables");
    }

    @Test
    void namesTheFileGivesAreShownOnOneLine() {
        assertThat(DebugInfoException.invalid("x.o .te\nxt\u001b[2J", 0x10, "size 3 of \u0085").getMessage())
                .isEqualTo("invalid x.o .te\\x0axt\\x1b[2J at offset 0x10: size 3 of \\x85");
        assertThat(DebugInfoException.truncated("x.o " + "n".repeat(1000), 0, "cut").getMessage()).hasSizeLessThan(600);
    }

    private String messageAfter(byte[] original, java.util.function.Consumer<ByteBuffer> change) throws Exception {
        byte[] bytes = original.clone();
        change.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        Path file = dir.resolve("module.o");
        Files.write(file, bytes);
        try (Symbolizer s = Symbolizer.open(file)) {
            return "opened";
        } catch (DebugInfoException e) {
            return e.getMessage();
        }
    }

    private Path write(byte[] bytes) throws Exception {
        Path file = dir.resolve("damaged.o");
        Files.write(file, bytes);
        return file;
    }

    /** Looks up through a symbolizer opened plainly and through one prepared on two threads: the outcome is the same. */
    private static DebugInfoException exercise(Path file, String what) {
        DebugInfoException plain = exercise(file, what, false);
        DebugInfoException prepared = exercise(file, what + " (prepared)", true);
        assertThat(prepared == null ? null : prepared.getMessage()).as(what)
                .isEqualTo(plain == null ? null : plain.getMessage());
        return plain;
    }

    private static DebugInfoException exercise(Path file, String what, boolean prepared) {
        try (Symbolizer s = prepared ? Symbolizer.openPrepared(file, null) : Symbolizer.open(file)) {
            s.buildId();
            s.debugLink();
            s.hasDebugInfo();
            for (String name : List.of("demo_show", "demo_store", "main", "classify", "lookup")) {
                s.resolve(name, 0x10, null, true);
            }
            // The module's code starts at 0, the program's at 0x1040.
            for (long a = 0; a < 0x300; a++) {
                s.symbolize(a);
                s.symbolize(a + 0x1040);
            }
            return null;
        } catch (DebugInfoException e) {
            assertThat(e.getMessage()).as(what).doesNotContain("\n").contains(" at offset 0x");
            return e;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            e.printStackTrace();
            fail(what + ": " + e);
            return null;
        }
    }
}
