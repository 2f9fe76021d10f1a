package io.jenkins.plugins.salesforce.ui;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.htmlunit.HttpMethod;
import org.junit.jupiter.api.Test;

/**
 * docs/permissions.md says, for every REST endpoint of the Salesforce Orgs page, the permission it needs at the root.
 * The permission matrices test each endpoint with the permission {@link OrgsActionCalls} gives it: this test holds the
 * page to the same catalogue, so that the table cannot drift from what the tests pin.
 */
class PermissionsDocTest {
    @Test
    void everyRestEndpointIsInTheMatrixWithThePermissionItIsTestedWith() throws IOException {
        List<String[]> rows = matrixRows(read("docs/permissions.md"));
        List<String> wrong = new ArrayList<>();
        for (OrgsActionCalls.Call call : OrgsActionCalls.every("prod", "hub", "force://x:y:z@example.com")) {
            String endpoint = endpointOf(call);
            String[] row = rows.stream()
                    .filter(r -> names(r[1], endpoint) && method(r[1], call))
                    .findFirst()
                    .orElse(null);
            if (row == null) {
                wrong.add(call + ": no row names `" + endpoint + "`");
            } else if (!row[2].contains(permissionOf(call.needs()))) {
                wrong.add(
                        call + ": the root column of '" + row[0] + "' does not ask for " + permissionOf(call.needs()));
            }
        }
        assertThat(wrong, is(empty()));
    }

    /**
     * The endpoint a call reaches: the page itself, {@code api/json}, {@code entry/<id>/} or one of its forms
     * ({@code entry/<id>/update}), or an action's name.
     */
    private static String endpointOf(OrgsActionCalls.Call call) {
        String path = call.path();
        if (path.isEmpty()) {
            return "page";
        }
        if (path.startsWith("entry/")) {
            String rest = path.substring(path.indexOf('/', "entry/".length()) + 1);
            return "entry/<id>/" + rest; // the org's page, or one of its forms
        }
        if (path.startsWith("api/json")) {
            return "api/json";
        }
        int end = path.indexOf('?');
        return end < 0 ? path : path.substring(0, end);
    }

    private static boolean names(String restColumn, String endpoint) {
        return endpoint.equals("page") ? restColumn.contains(" page") : restColumn.contains("`" + endpoint + "`");
    }

    /**
     * {@code org} is three rows: reading it (GET), asking it for a secret (POST, with its {@code authType}) and
     * removing it (DELETE); an auth URL export is a row of its own.
     */
    private static boolean method(String restColumn, OrgsActionCalls.Call call) {
        if (!call.path().startsWith("org") || call.path().startsWith("orgs")) {
            return true;
        }
        if (call.method() == HttpMethod.GET) {
            return restColumn.contains("`GET`");
        }
        if (call.method() == HttpMethod.DELETE) {
            return restColumn.contains("`DELETE`");
        }
        boolean export = call.body() != null && call.body().contains("sfdxAuthUrl");
        return restColumn.contains("`POST`") && restColumn.contains("sfdxAuthUrl") == export;
    }

    private static String permissionOf(OrgsActionCalls.Needs needs) {
        return switch (needs) {
            case VIEW -> "Credentials/View";
            case USE -> "Credentials/UseItem";
            case WRITE -> "Credentials/";
        };
    }

    /** The rows of the page's first table: capability, REST endpoints, at the root, ... */
    private static List<String[]> matrixRows(String page) {
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : page.lines().toList()) {
            if (line.startsWith("| Capability |")) {
                inTable = true;
                continue;
            }
            if (inTable && line.startsWith("|---")) {
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable) {
                String[] cells = line.substring(1, line.length() - 1).split("\\|");
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cells[i].strip();
                }
                rows.add(cells);
            }
        }
        assertThat("docs/permissions.md has its matrix", rows.isEmpty(), is(false));
        return rows;
    }

    private static String read(String relative) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(relative))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException(relative + " not found above " + Path.of("").toAbsolutePath());
        }
        return Files.readString(dir.resolve(relative), StandardCharsets.UTF_8);
    }
}
