package org.koops.debuginfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.koops.model.Arch;

/**
 * Names what a faulting instruction accessed from the DWARF of a vmlinux or {@code .ko}: the
 * variable or parameter whose value was in the instruction's base register at that pc, and the
 * member of its pointed-to type at the instruction's offset.
 *
 * <pre>{@code
 * try (AccessNamer namer = AccessNamer.open(Path.of("lab_proc_null.ko"))) {
 *     MemberAccess a = namer.name("lab_proc_null_show", 0x13, Arch.X86_64, "rax", 0x10);
 *     System.out.println(a.statement()); // item->value: item (struct lab_item *) was in RAX ...
 * }
 * }</pre>
 *
 * <p>The pc's function and the subroutines inlined and blocks nested in it (DWARF 5 §3.3, §3.4, §3.5)
 * give the variables in scope, innermost first; a variable is in the register when its
 * DW_AT_location, an expression or a location list entry covering the pc, says so exactly (see
 * {@link VariableLocation}). Its type is followed through typedefs and qualifiers to the pointed-to
 * type, and the offset through its members (§5.7.6), nested structures, unions and arrays. When the
 * register holds no named variable, or a type is missing, the access is said to be unknown.
 */
public final class AccessNamer implements AutoCloseable {
    private static final int DW_TAG_array_type = 0x01;
    private static final int DW_TAG_class_type = 0x02;
    private static final int DW_TAG_enumeration_type = 0x04;
    private static final int DW_TAG_formal_parameter = 0x05;
    private static final int DW_TAG_member = 0x0d;
    private static final int DW_TAG_pointer_type = 0x0f;
    private static final int DW_TAG_structure_type = 0x13;
    private static final int DW_TAG_subroutine_type = 0x15;
    private static final int DW_TAG_typedef = 0x16;
    private static final int DW_TAG_union_type = 0x17;
    private static final int DW_TAG_subrange_type = 0x21;
    private static final int DW_TAG_base_type = 0x24;
    private static final int DW_TAG_const_type = 0x26;
    private static final int DW_TAG_variable = 0x34;
    private static final int DW_TAG_volatile_type = 0x35;
    private static final int DW_TAG_restrict_type = 0x37;
    private static final int DW_TAG_atomic_type = 0x47;
    private static final int DW_OP_plus_uconst = 0x23;
    /** Types nest a few levels; a reference cycle in damaged DWARF must not recurse without end. */
    private static final int MAX_DEPTH = 32;
    private static final String[] X86_64 = {"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp"};

    private final Symbolizer file;
    /** Whether closing this closes the file: not when the file is shared with a {@link KernelDebugInfo}. */
    private final boolean ownsFile;
    private final ElfFile elf;
    private final SymbolTable symbols;
    /** Set by {@link #dwarf()} before any DIE is read. */
    private Dwarf dwarf;

    private AccessNamer(Symbolizer file, boolean ownsFile) {
        this.file = file;
        this.ownsFile = ownsFile;
        this.elf = file.elf();
        this.symbols = file.symbolTable();
    }

    /** Opens an ELF file with debug info; errors are one line and name the file. */
    public static AccessNamer open(Path file) throws IOException {
        return new AccessNamer(Symbolizer.open(file), true);
    }

    /** A namer reading a file its owner has opened and will close. */
    static AccessNamer sharing(Symbolizer file) {
        return new AccessNamer(file, false);
    }

    /**
     * The DWARF register number of a register as an instruction or a register dump names it
     * ({@code rbx}, {@code RBX}, {@code ebx}, {@code bl}, {@code r8d}; {@code x0}, {@code w0}), or -1 (DWARF for
     * x86-64 psABI §3.6.2 Table 3.36; DWARF for the Arm 64-bit Architecture §4.1).
     */
    public static int dwarfRegister(Arch arch, String register) {
        String r = register.toLowerCase(Locale.ROOT);
        if (arch == Arch.X86_64) {
            for (int i = 0; i < X86_64.length; i++) {
                String base = X86_64[i].substring(1);
                boolean low = i < 4 ? r.equals(base.charAt(0) + "l") || r.equals(base.charAt(0) + "h") : r.equals(base + "l");
                if (r.equals(X86_64[i]) || r.equals("e" + base) || r.equals(base) || low) {
                    return i;
                }
            }
            var m = java.util.regex.Pattern.compile("r(\\d+)[dwb]?").matcher(r);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                return n >= 8 && n <= 15 ? n : -1;
            }
            return -1;
        }
        if (arch == Arch.ARM64) {
            if (r.equals("sp")) {
                return 31;
            }
            var m = java.util.regex.Pattern.compile("[xw](\\d+)").matcher(r);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                return n <= 30 ? n : -1;
            }
        }
        return -1;
    }

    /**
     * What the instruction at {@code function+offset} accessed through {@code register} plus
     * {@code displacement}.
     *
     * @param register     the base register, as the instruction or the register dump names it
     * @param displacement what the instruction adds to the register (displacement and scaled index)
     */
    public MemberAccess name(String function, long offset, Arch arch, String register, long displacement)
            throws DebugInfoException {
        return name(function, offset, arch, register, displacement, null);
    }

    /**
     * What an instruction accessed at {@code displacement} from a pointer an earlier instruction of
     * the same function loaded into its base register: {@code mov rax, [rbx]} at {@code loadOffset},
     * then {@code mov edx, [rax + 8]} is {@code s->ops->version} when {@code s} was in RBX at the load.
     * The caller makes sure nothing wrote the register between the load and the access.
     *
     * @param loadOffset       the load's offset into {@code function}
     * @param loadRegister     the load's base register
     * @param loadDisplacement what the load adds to it
     * @param displacement     what the access adds to the loaded pointer
     * @param load             the load instruction's text, for the statement
     */
    public MemberAccess nameLoaded(String function, long loadOffset, Arch arch, String loadRegister, long loadDisplacement,
                                   long displacement, String load) throws DebugInfoException {
        return name(function, loadOffset, arch, loadRegister, loadDisplacement, new Then(displacement, load));
    }

    /** The access through the pointer a load put in a register. */
    private record Then(long displacement, String load) {
    }

    private MemberAccess name(String function, long offset, Arch arch, String register, long displacement, Then then)
            throws DebugInfoException {
        int number = dwarfRegister(arch, register);
        if (number < 0) {
            return MemberAccess.unknown("no DWARF register number is known for " + register + " on " + arch.id());
        }
        Dwarf d = dwarf();
        if (d == null) {
            return MemberAccess.unknown(elf.name() + " has no DWARF debug info to name the access with");
        }
        String at = function + "+0x" + Long.toHexString(offset);
        MemberAccess found = null;
        for (Symbol s : symbols.named(function)) {
            if (Long.compareUnsigned(offset, s.size()) >= 0) {
                continue;
            }
            try {
                MemberAccess a = name(d, s.address() + offset, at, register.toUpperCase(Locale.ROOT), number, displacement,
                        then);
                if (a.known() || found == null) {
                    found = a;
                }
                if (a.known()) {
                    break;
                }
            } catch (UncheckedDebugInfoException e) {
                throw e.getCause();
            }
        }
        return found != null ? found : MemberAccess.unknown(elf.name() + " has no function " + function + " holding offset 0x"
                + Long.toHexString(offset));
    }

    private MemberAccess name(Dwarf d, long pc, String at, String register, int number, long displacement, Then then)
            throws DebugInfoException {
        Unit unit = d.unitAt(pc);
        if (unit == null) {
            return MemberAccess.unknown("the debug info of " + elf.name() + " does not cover " + at);
        }
        List<DieAttributes> inScope = inScope(unit, pc);
        if (inScope.isEmpty()) {
            return MemberAccess.unknown("the debug info has no variable or parameter in scope at " + at);
        }
        Slice loclists = elf.debugSection(".debug_loclists");
        Slice loc = elf.debugSection(".debug_loc");
        List<DieAttributes> held = new ArrayList<>();
        List<Long> addends = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        List<String> optimisedOut = new ArrayList<>();
        for (DieAttributes v : inScope) {
            VariableLocation where = VariableLocation.at(v, pc, loclists, loc);
            String n = origin(v, -1).name();
            if (n == null || names.contains(n)) {
                continue;
            }
            names.add(n);
            if (where == null) {
                optimisedOut.add(n);
            } else if (where.register() == number) {
                held.add(v);
                addends.add(where.addend());
            } else {
                elsewhere.add(where.register() < 0 ? n : n + " (" + registerName(where.register(), register) + ")");
            }
        }
        String loaded = then == null ? "" : "the pointer was loaded by " + then.load() + " at " + at + ", but ";
        if (held.isEmpty()) {
            return MemberAccess.unknown(loaded + "no variable or parameter in scope at " + at + " is in " + register
                    + " there, by the debug info" + (elsewhere.isEmpty() ? "" : "; elsewhere: " + String.join(", ", elsewhere))
                    + (optimisedOut.isEmpty() ? "" : "; optimised out there: " + String.join(", ", optimisedOut))
                    + ": the pointer is a value the compiler did not name");
        }
        // Several variables may hold the register (a pointer and its container_of): the first whose
        // type explains the access names it, the rest are mentioned.
        MemberAccess first = null;
        for (int i = 0; i < held.size(); i++) {
            List<String> others = new ArrayList<>();
            for (int k = 0; k < held.size(); k++) {
                if (k != i) {
                    others.add(origin(held.get(k), -1).name());
                }
            }
            MemberAccess a = describe(held.get(i), addends.get(i), others, at, register, displacement, then, loaded);
            if (a.known()) {
                return a;
            }
            first = first == null ? a : first;
        }
        return first;
    }

    /** The access through variable {@code v}, which is {@code register} plus {@code addend} at {@code at}. */
    private MemberAccess describe(DieAttributes v, long addend, List<String> others, String at, String register,
                                  long displacement, Then then, String loaded) {
        String variable = origin(v, -1).name();
        long type = origin(v, DieAttributes.DW_AT_type).reference(DieAttributes.DW_AT_type);
        long offset = displacement - addend;
        String in = addend == 0 ? " was in " + register + " at " + at
                : " was " + register + (addend < 0 ? " - " : " + ") + hex(Math.abs(addend)) + " at " + at;
        if (type < 0) {
            return new MemberAccess(null, variable, null, offset, null, others, loaded + variable + in
                    + ", but the debug info gives it no type");
        }
        String typeName = typeName(type, 0);
        String also = others.isEmpty() ? "" : " (so " + (others.size() == 1 ? "was " : "were ") + String.join(", ", others)
                + ")";
        String heldText = variable + " (" + typeName + ")" + in + also;
        Access path = new Access(variable);
        if (!through(type, offset, path, heldText)) {
            return new MemberAccess(null, variable, typeName, offset, path.member, others, loaded + path.why);
        }
        if (then != null) {
            DieAttributes leaf = path.remainder == 0 ? strip(path.leaf, 0) : null;
            if (leaf == null || leaf.tag != DW_TAG_pointer_type) {
                return new MemberAccess(null, variable, typeName, offset, path.member, others, loaded + path.text
                        + " is not a pointer: it does not say what is at offset " + hex(then.displacement()) + " of what"
                        + " was loaded");
            }
            String loadedFrom = path.text.toString();
            if (!through(path.leaf, then.displacement(), path, loadedFrom + " was loaded by " + then.load() + " at " + at
                    + ", where " + heldText)) {
                return new MemberAccess(null, variable, typeName, offset, path.member, others, path.why);
            }
            String expression = path.text.toString();
            return new MemberAccess(expression, variable, typeName, then.displacement(), path.member, others, expression
                    + ": " + loadedFrom + " was loaded by " + then.load() + " at " + at + ", where " + heldText
                    + (path.member == null ? "" : "; " + path.member));
        }
        String expression = path.text.toString();
        return new MemberAccess(expression, variable, typeName, offset, path.member, others, expression + ": " + heldText
                + (path.member == null ? "" : "; " + path.member));
    }

    /**
     * Follows the pointer of {@code type} to {@code offset} in what it points to, appending to
     * {@code path}; false with {@link Access#why} (beginning with {@code held}) when the type does not tell.
     */
    private boolean through(long type, long offset, Access path, String held) {
        if (path.text.charAt(0) == '*') {
            path.text.insert(0, '(').append(')');
        }
        String typeName = typeName(type, 0);
        DieAttributes t = strip(type, 0);
        if (t == null || t.tag != DW_TAG_pointer_type) {
            path.why = held + ", but it is a " + typeName + ", not a pointer: its type does not say what is at offset "
                    + hex(offset);
            return false;
        }
        long pointee = t.reference(DieAttributes.DW_AT_type);
        if (pointee < 0) {
            path.why = held + ", but it is a void *: no type says what is at offset " + hex(offset);
            return false;
        }
        DieAttributes p = strip(pointee, 0);
        boolean aggregate = p != null && (p.tag == DW_TAG_structure_type || p.tag == DW_TAG_union_type
                || p.tag == DW_TAG_class_type);
        if (aggregate) {
            path.leaf = pointee;
            path.remainder = offset;
            int mark = path.text.length();
            if (!descend(pointee, offset, "->", path, 0)) {
                path.why = held + ", but " + path.why;
                return false;
            }
            if (path.text.length() > mark + 2) {
                path.member = path.text.substring(mark + 2) + " (" + typeName(path.leaf, 0) + ") at offset "
                        + hex(offset - path.remainder) + " of " + typeName(p.offset, 0) + (path.remainder == 0 ? "" : ", its byte " + hex(path.remainder));
            }
            return true;
        }
        long size = sizeOf(pointee, 0);
        if (offset == 0) {
            path.text.insert(0, '*');
        } else if (size > 0 && offset % size == 0) {
            path.text.append('[').append(offset / size).append(']');
        } else {
            path.why = held + ", but offset " + hex(offset) + " is not a whole number of " + typeName(pointee, 0) + " ("
                    + (size > 0 ? size + " bytes" : "of unknown size") + ")";
            return false;
        }
        path.leaf = pointee;
        path.remainder = 0;
        return true;
    }

    /** What an access expression is built of while descending through the members. */
    private static final class Access {
        final StringBuilder text;
        String member;
        String why;
        /** The type reached and the offset left inside it. */
        long leaf = -1;
        long remainder;

        Access(String variable) {
            this.text = new StringBuilder(variable);
        }
    }

    /** Appends the members and indexes at {@code offset} inside {@code type}; false with {@link Access#why} when there are none. */
    private boolean descend(long type, long offset, String separator, Access path, int depth) {
        DieAttributes t = strip(type, depth);
        if (t == null || depth > MAX_DEPTH) {
            return true;
        }
        switch (t.tag) {
            case DW_TAG_structure_type, DW_TAG_union_type, DW_TAG_class_type -> {
                String name = typeName(t.offset, depth);
                if (t.has(DieAttributes.DW_AT_declaration) || !t.hasChildren) {
                    path.why = name + " is only declared in this unit: its members are not known";
                    return false;
                }
                for (DieAttributes m : children(t)) {
                    if (m.tag != DW_TAG_member) {
                        continue;
                    }
                    long start = memberOffset(m);
                    long memberType = m.reference(DieAttributes.DW_AT_type);
                    long size = sizeOf(memberType, depth + 1);
                    DieAttributes mt = strip(memberType, depth + 1);
                    boolean flexible = size < 0 && mt != null && mt.tag == DW_TAG_array_type;
                    boolean covers = offset >= start && (size > 0 ? offset < start + size : flexible || offset == start);
                    if (start < 0 || !covers) {
                        continue;
                    }
                    String member = m.name();
                    String next = separator;
                    if (member != null) {
                        path.text.append(separator).append(member);
                        next = ".";
                    }
                    path.leaf = memberType;
                    path.remainder = offset - start;
                    return descend(memberType, offset - start, next, path, depth + 1);
                }
                long size = sizeOf(type, depth);
                path.why = offset < 0 ? "offset " + hex(offset) + " is before the " + name + " it points to: the pointer"
                        + " may be to a member of a larger object"
                        : "offset " + hex(offset) + " of " + name + (size >= 0 && offset >= size ? " is past its end ("
                        + size + " bytes)" : " is in no member (padding)");
                return false;
            }
            case DW_TAG_array_type -> {
                long element = t.reference(DieAttributes.DW_AT_type);
                long size = sizeOf(element, depth + 1);
                if (size <= 0) {
                    path.why = "the elements of " + typeName(type, depth) + " have no known size";
                    return false;
                }
                path.text.append('[').append(offset / size).append(']');
                path.leaf = element;
                path.remainder = offset % size;
                return descend(element, offset % size, ".", path, depth + 1);
            }
            default -> {
                return true;
            }
        }
    }

    /** DW_AT_data_member_location as a constant or {@code DW_OP_plus_uconst n}; 0 for union members; -1 otherwise. */
    private static long memberOffset(DieAttributes m) {
        int at = DieAttributes.DW_AT_data_member_location;
        if (!m.has(at)) {
            return m.has(DieAttributes.DW_AT_data_bit_offset) ? m.value(DieAttributes.DW_AT_data_bit_offset) / 8 : 0;
        }
        if (m.isConstant(at)) {
            return m.value(at);
        }
        if (m.length(at) > 0) {
            Cursor c = new Cursor(m.unit.dwarf.info, (int) m.value(at));
            if (c.u8() == DW_OP_plus_uconst) {
                long v = c.uleb();
                return c.pos == m.value(at) + m.length(at) ? v : -1;
            }
        }
        return -1;
    }

    /** The size in bytes of a type, or -1 when the DWARF does not give it. */
    private long sizeOf(long type, int depth) {
        DieAttributes t = strip(type, depth);
        if (t == null || depth > MAX_DEPTH) {
            return -1;
        }
        if (t.has(DieAttributes.DW_AT_byte_size) && t.isConstant(DieAttributes.DW_AT_byte_size)) {
            return t.value(DieAttributes.DW_AT_byte_size);
        }
        if (t.tag == DW_TAG_pointer_type) {
            return t.unit.header.addressSize();
        }
        if (t.tag == DW_TAG_array_type) {
            long element = sizeOf(t.reference(DieAttributes.DW_AT_type), depth + 1);
            long count = 1;
            boolean any = false;
            for (DieAttributes r : children(t)) {
                if (r.tag != DW_TAG_subrange_type) {
                    continue;
                }
                any = true;
                if (r.isConstant(DieAttributes.DW_AT_count)) {
                    count *= r.value(DieAttributes.DW_AT_count);
                } else if (r.isConstant(DieAttributes.DW_AT_upper_bound)) {
                    count *= r.value(DieAttributes.DW_AT_upper_bound) + 1;
                } else {
                    return -1;
                }
            }
            return any && element >= 0 ? element * count : -1;
        }
        return -1;
    }

    /** The type at {@code offset} without its typedefs and qualifiers; {@code null} for void. */
    private DieAttributes strip(long offset, int depth) {
        for (int hop = depth; hop <= MAX_DEPTH && offset >= 0; hop++) {
            DieAttributes t = die(offset);
            switch (t.tag) {
                case DW_TAG_typedef, DW_TAG_const_type, DW_TAG_volatile_type, DW_TAG_restrict_type, DW_TAG_atomic_type ->
                        offset = t.reference(DieAttributes.DW_AT_type);
                default -> {
                    return t;
                }
            }
        }
        return null;
    }

    /** A type as C writes it: {@code struct lab_item *}, {@code const char *}, {@code u64}. */
    private String typeName(long offset, int depth) {
        if (offset < 0) {
            return "void";
        }
        if (depth > MAX_DEPTH) {
            return "...";
        }
        DieAttributes t = die(offset);
        String name = t.name();
        long inner = t.reference(DieAttributes.DW_AT_type);
        return switch (t.tag) {
            case DW_TAG_structure_type -> "struct " + (name == null ? "<anonymous>" : name);
            case DW_TAG_union_type -> "union " + (name == null ? "<anonymous>" : name);
            case DW_TAG_class_type -> "class " + (name == null ? "<anonymous>" : name);
            case DW_TAG_enumeration_type -> "enum " + (name == null ? "<anonymous>" : name);
            case DW_TAG_pointer_type -> pointer(typeName(inner, depth + 1));
            case DW_TAG_const_type -> "const " + typeName(inner, depth + 1);
            case DW_TAG_volatile_type -> "volatile " + typeName(inner, depth + 1);
            case DW_TAG_atomic_type -> "_Atomic " + typeName(inner, depth + 1);
            case DW_TAG_restrict_type -> typeName(inner, depth + 1) + " restrict";
            case DW_TAG_array_type -> typeName(inner, depth + 1) + "[]";
            case DW_TAG_subroutine_type -> "function";
            default -> name != null ? name : "<unnamed type>";
        };
    }

    private static String pointer(String to) {
        return to.endsWith("*") ? to + "*" : to + " *";
    }

    private DieAttributes die(long offset) {
        return DieAttributes.read(dwarf.unitContaining(offset), (int) offset);
    }

    /** The DIE {@code v} takes {@code attribute} (its name when -1) from: itself or its abstract origins. */
    private DieAttributes origin(DieAttributes v, int attribute) {
        DieAttributes d = v;
        for (int hop = 0; hop < MAX_DEPTH; hop++) {
            boolean has = attribute < 0 ? d.has(DwarfCodes.DW_AT_name) : d.has(attribute);
            long next = d.reference(DwarfCodes.DW_AT_abstract_origin);
            if (has || next < 0) {
                return d;
            }
            d = die(next);
        }
        return d;
    }

    private static List<DieAttributes> children(DieAttributes parent) {
        List<DieAttributes> list = new ArrayList<>();
        if (!parent.hasChildren) {
            return list;
        }
        Unit unit = parent.unit;
        Die d = new Die();
        unit.readDie(parent.offset, d, true);
        int pos = d.next;
        int end = unit.header.end();
        while (pos < end) {
            unit.readDie(pos, d, true);
            if (d.isNull()) {
                break;
            }
            list.add(DieAttributes.read(unit, pos));
            pos = unit.skip(d);
        }
        return list;
    }

    /**
     * The variables and parameters of the function at {@code pc} and of the blocks and inlined
     * subroutines around {@code pc} in it, innermost scope first.
     */
    private static List<DieAttributes> inScope(Unit unit, long pc) {
        List<List<Integer>> levels = new ArrayList<>();
        Die d = new Die();
        Die root = unit.root();
        if (!root.hasChildren) {
            return List.of();
        }
        int pos = root.next;
        int end = unit.header.end();
        boolean top = true;
        while (pos < end) {
            List<Integer> variables = new ArrayList<>();
            int into = -1;
            int intoBlock = -1;
            while (pos < end) {
                unit.readDie(pos, d, true);
                if (d.isNull()) {
                    break;
                }
                boolean scope = d.tag == DwarfCodes.DW_TAG_subprogram || d.tag == DwarfCodes.DW_TAG_inlined_subroutine
                        || d.tag == DwarfCodes.DW_TAG_lexical_block;
                if (!top && (d.tag == DW_TAG_variable || d.tag == DW_TAG_formal_parameter)) {
                    variables.add(d.offset);
                } else if (scope && d.hasChildren && into < 0) {
                    if (d.hasPc() && contains(unit.ranges(d), pc)) {
                        into = d.next;
                    } else if (!d.hasPc() && d.tag == DwarfCodes.DW_TAG_lexical_block && !top && intoBlock < 0) {
                        intoBlock = d.next;
                    }
                }
                pos = unit.skip(d);
            }
            levels.add(variables);
            top = false;
            if (into < 0) {
                into = intoBlock;
            }
            if (into < 0) {
                break;
            }
            pos = into;
        }
        Collections.reverse(levels);
        List<DieAttributes> found = new ArrayList<>();
        for (List<Integer> level : levels) {
            for (int offset : level) {
                found.add(DieAttributes.read(unit, offset));
            }
        }
        return found;
    }

    private static boolean contains(long[] ranges, long pc) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (Long.compareUnsigned(ranges[i], pc) <= 0 && Long.compareUnsigned(pc, ranges[i + 1]) < 0) {
                return true;
            }
        }
        return false;
    }

    /** A DWARF register's name in the style of {@code like} (RAX, x0), else {@code DWARF register N}. */
    private static String registerName(int number, String like) {
        boolean upper = !like.equals(like.toLowerCase(Locale.ROOT));
        String name;
        if (like.toLowerCase(Locale.ROOT).startsWith("r") || like.toLowerCase(Locale.ROOT).startsWith("e")) {
            name = number < X86_64.length ? X86_64[number] : number <= 15 ? "r" + number : null;
        } else if (like.toLowerCase(Locale.ROOT).startsWith("x") || like.toLowerCase(Locale.ROOT).startsWith("w")) {
            name = number <= 30 ? "x" + number : number == 31 ? "sp" : null;
        } else {
            name = null;
        }
        return name == null ? "DWARF register " + number : upper ? name.toUpperCase(Locale.ROOT) : name;
    }

    private static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    /** Whether the file has DWARF debug info. */
    public boolean hasDebugInfo() throws DebugInfoException {
        return dwarf() != null;
    }

    private Dwarf dwarf() throws DebugInfoException {
        dwarf = file.dwarfOrNull();
        return dwarf;
    }

    @Override
    public void close() throws IOException {
        if (ownsFile) {
            file.close();
        }
    }
}
