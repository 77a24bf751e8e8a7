package dev.bulwark.tools.business.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Functions the SQL tools never call, whatever the role's privileges.
 */
final class DangerousFunctions {

    private static final Set<String> NAMES = Set.of(
            // settings and role: a statement must not switch off its own timeout or change who it runs as
            "set_config",
            // where the server runs (addresses, ports, settings such as listen_addresses, file paths): never to a
            // client
            "current_setting",
            "inet_server_addr",
            "inet_server_port",
            "inet_client_addr",
            "inet_client_port",
            "pg_current_logfile",
            "database_path",
            // SQL text executed from inside a statement would bypass the parser
            "query_to_xml",
            "query_to_xmlschema",
            "query_to_xml_and_xmlschema",
            "cursor_to_xml",
            "cursor_to_xmlschema",
            "ts_stat",
            "ts_rewrite",
            // H2: files, other databases, scripts
            "file_read",
            "file_write",
            "csvread",
            "csvwrite",
            "link_schema");

    private static final List<String> PREFIXES = List.of(
            "pg_read_",
            "pg_ls_",
            "pg_stat_file",
            "pg_file_",
            "pg_logdir_", // server files
            "lo_", // large objects: import/export files
            "dblink", // other servers, arbitrary SQL
            "pg_advisory",
            "pg_try_advisory", // session locks outlive the transaction
            "pg_terminate_",
            "pg_cancel_",
            "pg_reload_",
            "pg_rotate_",
            "pg_promote",
            "pg_switch_",
            "pg_create_",
            "pg_drop_",
            "pg_replication_",
            "pg_logical_",
            "pg_wal_",
            "pg_backup_",
            "pg_start_backup",
            "pg_stop_backup",
            "pg_stat_reset",
            "pg_log_",
            "pg_notify",
            "pg_import_",
            "database_to_xml",
            "schema_to_xml",
            "table_to_xml", // tables named in text, unchecked
            "pg_show_",
            "pg_hba_",
            "pg_ident_",
            "pg_stat_get_"); // settings, client addresses

    private DangerousFunctions() {}

    /**
     * Whether the function named by these name parts (possibly schema-qualified, possibly quoted) is refused: matched
     * on the unqualified, lower-cased name, so {@code pg_catalog."PG_READ_FILE"} is caught as {@code pg_read_file}.
     */
    static boolean isDangerous(List<String> nameParts) {
        if (nameParts == null || nameParts.isEmpty()) {
            return true;
        }
        String name = unquote(nameParts.get(nameParts.size() - 1)).toLowerCase(Locale.ROOT);
        return NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
    }

    static String unquote(String identifier) {
        String text = identifier.strip();
        if (text.length() >= 2
                && (text.startsWith("\"") && text.endsWith("\"") || text.startsWith("`") && text.endsWith("`"))) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        return text;
    }
}
