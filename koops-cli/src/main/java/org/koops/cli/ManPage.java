package org.koops.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The manual page koops(1), in man(7) macros, written from the picocli commands: every command of
 * {@link CommandTable} under its heading, with its synopsis, description, arguments, options, exit codes
 * and examples, so that the page cannot drift from {@code --help}. The package build runs it:
 * {@code java -cp koops.jar org.koops.cli.ManPage koops.1.gz} (compressed for a {@code .gz} name).
 */
final class ManPage {
    /** The environment variables koops reads, each with what it does: the help has no place for them. */
    private static final Map<String, String> ENVIRONMENT = orderedMap(
            "KOOPS_CAPSTONE", "off: ignore an installed Capstone and decode Code: bytes with objdump.",
            "KOOPS_TOKEN", "The API token of koops submit when --token is not given.",
            "KOOPS_DB_PASSWORD", "The database password of koops serve and koops token.",
            "NO_COLOR", "Set: --color=auto does not colour.",
            "XDG_CACHE_HOME", "Where the index cache of vmlinux files is kept (koops/index), else ~/.cache.",
            "DEBUGINFOD_URLS", "The debuginfod servers debug files are fetched from; DEBUGINFOD_CACHE_PATH keeps them.",
            "JAVA_HOME", "The Java runtime the koops launcher starts, else java on the PATH.");

    /** The files of an installed koops. */
    private static final Map<String, String> FILES = orderedMap(
            "/usr/share/koops/koops.jar", "koops itself.",
            "/var/cache/koops/koops.jsa", "The class-data-sharing archive of the installed Java runtime, made at"
                    + " installation and again when a Java runtime is installed or upgraded.",
            "/etc/default/koops", "The options of the koops service (koops serve, koops.service).",
            "/var/lib/koops", "The service's embedded database.",
            "/usr/share/doc/koops/examples", "A crash log to try koops on.");

    private ManPage() {
    }

    public static void main(String[] args) throws IOException {
        String page = page(KoopsCommand.commandLine(), new KoopsCommand.Version().getVersion()[0]);
        if (args.length == 0) {
            System.out.print(page);
            return;
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(file.getParent());
        // Installed man pages are compressed (Debian policy 12.1).
        try (OutputStream out = args[0].endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(page.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The page of {@code root} and its subcommands, for {@code version} (e.g. {@code koops 0.1.0}). */
    static String page(CommandLine root, String version) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        CommandSpec spec = root.getCommandSpec();
        out.println(".TH KOOPS 1 \"\" \"" + escape(version) + "\" \"User Commands\"");
        out.println(".SH NAME");
        out.println("koops \\- explains Linux kernel crash logs");
        out.println(".SH SYNOPSIS");
        out.println(".B koops");
        out.println(".I COMMAND");
        out.println("[\\fIOPTION\\fR...] [\\fIARGUMENT\\fR...]");
        out.println(".SH DESCRIPTION");
        paragraphs(out, spec.usageMessage().description());
        out.println(".PP");
        out.println("Each command's \\fB\\-\\-help\\fR prints what this page says of it.");
        for (CommandTable.Section section : CommandTable.Section.values()) {
            out.println(".SH \"" + escape(section.heading.toUpperCase(Locale.ROOT)) + "\"");
            for (CommandTable.Row row : CommandTable.ROWS) {
                CommandLine command = root.getSubcommands().get(row.name());
                if (row.section() == section && command != null) {
                    command(out, command, "koops " + row.name());
                }
            }
        }
        out.println(".SH ENVIRONMENT");
        definitions(out, ENVIRONMENT);
        out.println(".SH FILES");
        definitions(out, FILES);
        out.println(".SH EXAMPLES");
        examples(out, spec.usageMessage());
        out.println(".SH \"SEE ALSO\"");
        out.println("\\fBobjdump\\fR(1), \\fBaddr2line\\fR(1), \\fBdmesg\\fR(1), \\fBjournalctl\\fR(1);"
                + " the kernel's scripts/decode_stacktrace.sh and scripts/decodecode");
        out.flush();
        return text.toString();
    }

    private static void command(PrintWriter out, CommandLine command, String name) {
        CommandSpec spec = command.getCommandSpec();
        UsageMessageSpec usage = spec.usageMessage();
        out.println(".SS \"" + escape(name) + "\"");
        String synopsis = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .synopsis(0).strip().replaceAll("\\s+", " ");
        out.println(".B " + escape(synopsis.replaceFirst("^Usage: ", "")));
        out.println(".PP");
        paragraphs(out, usage.description());
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                item(out, "\\fI" + escape(p.paramLabel()) + "\\fR", p.renderedDescription());
            }
        }
        for (OptionSpec o : spec.options()) {
            if (!o.hidden() && !o.usageHelp() && !o.versionHelp()) {
                String names = String.join(", ", List.of(o.names()).stream().map(n -> "\\fB" + escape(n) + "\\fR").toList());
                String label = o.typeInfo().isBoolean() ? "" : "=\\fI" + escape(o.paramLabel()) + "\\fR";
                item(out, names + label, o.renderedDescription());
            }
        }
        if (!usage.exitCodeList().isEmpty()) {
            out.println(".PP");
            out.println("Exit codes:");
            usage.exitCodeList().forEach((code, meaning) -> item(out, "\\fB" + escape(code) + "\\fR", new String[] {meaning}));
        }
        if (usage.footer().length > 0) {
            out.println(".PP");
            out.println("Examples:");
            examples(out, usage);
        }
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
                command(out, sub.getValue(), name + " " + sub.getKey());
            }
        }
    }

    private static void examples(PrintWriter out, UsageMessageSpec usage) {
        out.println(".PP");
        out.println(".RS 4");
        out.println(".nf");
        for (String line : usage.footer()) {
            for (String part : plain(line).split("\n", -1)) {
                out.println(escape(part.replaceFirst("^  ", "")));
            }
        }
        out.println(".fi");
        out.println(".RE");
    }

    private static void paragraphs(PrintWriter out, String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.println(".PP");
            }
            out.println(escape(plain(lines[i]).strip()));
        }
    }

    private static void item(PrintWriter out, String tag, String[] description) {
        out.println(".TP");
        out.println(tag);
        out.println(escape(String.join(" ", description).strip()));
    }

    private static void definitions(PrintWriter out, Map<String, String> rows) {
        rows.forEach((name, meaning) -> item(out, "\\fB" + escape(name) + "\\fR", new String[] {meaning}));
    }

    /** picocli's text with its two format specifiers, %n and %%, resolved. */
    private static String plain(String s) {
        return s.replace("%n", "\n").replace("%%", "%");
    }

    /** Text as troff reads it literally: backslashes and minus signs escaped, no line starting a request. */
    static String escape(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
