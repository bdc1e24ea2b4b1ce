package org.koops.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.koops.server.ServerMain;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * koops's subcommands, one row each: its name, its class and the heading of {@code koops --help} (and of
 * the man page) it is listed under. A new command is one row. The user's commands come first; koops's
 * measures of itself (its speed, its agreement with other tools) under a heading of their own.
 */
final class CommandTable {
    /** The headings of the command list, in the order of the help. */
    enum Section {
        USE("Commands"),
        MEASURE("Measuring koops (speed, agreement with other tools)");

        final String heading;

        Section(String heading) {
            this.heading = heading;
        }
    }

    /** A subcommand: {@code name} is that of its {@code @Command} (KoopsCommandTest checks it). */
    record Row(String name, Class<?> type, Section section) {
    }

    private static final Map<String, Class<?>> SERVER = ServerMain.commands();

    static final List<Row> ROWS = List.of(
            new Row("explain", ExplainCommand.class, Section.USE),
            new Row("list", ListCommand.class, Section.USE),
            new Row("dmesg", DmesgCommand.class, Section.USE),
            new Row("decode", DecodeCommand.class, Section.USE),
            new Row("addr2line", Addr2lineCommand.class, Section.USE),
            new Row("disasm", DisasmCommand.class, Section.USE),
            new Row("submit", SubmitCommand.class, Section.USE),
            new Row("serve", SERVER.get("serve"), Section.USE),
            new Row("token", SERVER.get("token"), Section.USE),
            new Row("completion", CompletionCommand.class, Section.USE),
            new Row("corpus", CorpusCommand.class, Section.MEASURE),
            new Row("bench", BenchCommand.class, Section.MEASURE),
            new Row("bench-symbols", BenchSymbolsCommand.class, Section.MEASURE),
            new Row("bench-disasm", BenchDisasmCommand.class, Section.MEASURE),
            new Row("bench-dump", BenchDumpCommand.class, Section.MEASURE),
            new Row("bench-server", SERVER.get("bench-server"), Section.MEASURE));

    private CommandTable() {
    }

    /** Each subcommand class by its name, in the order of the help. */
    static Map<String, Class<?>> commands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        ROWS.forEach(r -> commands.put(r.name(), r.type()));
        return Collections.unmodifiableMap(commands);
    }

    /** Has {@code cmd}'s help list its subcommands under the table's headings instead of picocli's one list. */
    static void groupHelp(CommandLine cmd) {
        Map<String, CommandLine.IHelpSectionRenderer> sections = cmd.getHelpSectionMap();
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandTable::commandList);
    }

    private static String commandList(CommandLine.Help help) {
        StringBuilder text = new StringBuilder();
        for (Section section : Section.values()) {
            Map<String, CommandLine.Help> listed = new LinkedHashMap<>();
            for (Row row : ROWS) {
                CommandLine.Help command = help.subcommands().get(row.name());
                if (row.section() == section && command != null) {
                    listed.put(row.name(), command);
                }
            }
            if (!listed.isEmpty()) {
                text.append(help.createHeading("%n" + section.heading + ":%n")).append(help.commandList(listed));
            }
        }
        return text.toString();
    }
}
