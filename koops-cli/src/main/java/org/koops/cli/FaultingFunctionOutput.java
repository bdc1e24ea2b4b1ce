package org.koops.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.koops.debuginfo.MemberAccess;
import org.koops.disasm.FaultingFunction;

/** A {@link FaultingFunction} as {@code koops disasm --object} shows it, in text and in JSON. */
final class FaultingFunctionOutput {
    private FaultingFunctionOutput() {
    }

    /** The function's listing as crash's {@code dis -l} shows it, then what was accessed. */
    static void print(PrintWriter out, FaultingFunction f, Path object) {
        if (f.name() == null) {
            out.println("(" + f.problem() + ")");
            out.println();
            return;
        }
        if (f.listing() != null) {
            out.println("-- " + f.name() + " in " + object + ": " + f.listing().check());
            f.listing().lines().forEach(out::println);
        } else {
            out.println("(" + f.name() + " not listed: " + f.problem() + ")");
        }
        MemberAccess a = f.access();
        if (a != null) {
            out.println("Accessed: " + (a.known() ? a.statement() : "not determined: " + a.statement()));
        }
        out.println();
    }

    /** {@code node} (a report's code) with the function's listing and the access added. */
    static ObjectNode json(ObjectNode node, FaultingFunction f, Path object) {
        ObjectNode function = node.putObject("function").put("object", object.toString()).put("name", f.name());
        ArrayNode lines = function.putArray("lines");
        if (f.listing() != null) {
            f.listing().lines().forEach(lines::add);
        }
        function.put("check", f.listing() == null ? null : f.listing().check()).put("problem", f.problem());
        MemberAccess a = f.access();
        if (a == null) {
            node.putNull("access");
            return node;
        }
        ObjectNode access = node.putObject("access").put("known", a.known()).put("expression", a.expression())
                .put("variable", a.variable()).put("type", a.type());
        if (a.known()) {
            access.put("offset", a.offset());
        } else {
            access.putNull("offset");
        }
        access.put("member", a.member());
        a.others().forEach(access.putArray("others")::add);
        access.put("statement", a.statement());
        return node;
    }
}
