package io.jenkins.plugins.salesforce.emulator;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoqlTest {
    private static final Soql.Table TABLE = new Soql.Table(
            "Thing",
            List.of("Id", "Name", "Status", "Rank"),
            List.of(
                    row("1", "uat", "Completed", 3),
                    row("2", "UAT", "Deleted", 1),
                    row("3", "qa", "Completed", 2),
                    row("4", null, "Pending", null)));

    private static Map<String, Object> row(String id, String name, String status, Integer rank) {
        Map<String, Object> m = new HashMap<>();
        m.put("Id", id);
        m.put("Name", name);
        m.put("Status", status);
        m.put("Rank", rank);
        return m;
    }

    private static List<Object> ids(String soql) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> r : Soql.run(Soql.parse(soql), TABLE)) {
            out.add(r.get("Id"));
        }
        return out;
    }

    @Test
    void equalityOnTextIgnoresCaseAndKeywordsAnyCase() {
        assertThat(ids("select id from Thing where NAME = 'Uat'"), is(List.of("1", "2")));
        assertThat(ids("SELECT Id FROM Thing WHERE Name='uat' AND Status != 'deleted'"), is(List.of("1")));
    }

    @Test
    void orderByLimitNullsAndIn() {
        assertThat(ids("SELECT Id FROM Thing ORDER BY Rank DESC"), is(List.of("1", "3", "2", "4")));
        assertThat(ids("SELECT Id FROM Thing ORDER BY Rank"), is(List.of("4", "2", "3", "1")));
        assertThat(ids("SELECT Id FROM Thing ORDER BY Rank ASC NULLS LAST LIMIT 2"), is(List.of("2", "3")));
        assertThat(ids("SELECT Id FROM Thing WHERE Status IN ('Pending', 'Deleted')"), is(List.of("2", "4")));
        assertThat(ids("SELECT Id FROM Thing WHERE Name = null"), is(List.of("4")));
        assertThat(ids("SELECT Id FROM Thing WHERE Rank = 2"), is(List.of("3")));
        assertThat(ids("SELECT Id FROM Thing WHERE Name = 'it\\'s'"), is(List.of()));
    }

    @Test
    void selectedFieldsComeBackInCanonicalSpellingAndOrder() {
        Map<String, Object> r = Soql.run(Soql.parse("SELECT status, ID FROM Thing LIMIT 1"), TABLE)
                .get(0);
        assertThat(new ArrayList<>(r.keySet()), is(List.of("Status", "Id")));
    }

    @Test
    void aRelatedRecordsFieldComesBackNestedWithOnlyTheSelectedFields() {
        Map<String, Object> owner = new HashMap<>();
        owner.put("attributes", Map.of("type", "User"));
        owner.put("Username", "ada@example.com");
        owner.put("Email", "ada@example.com");
        Map<String, Object> owned = row("1", "uat", "Completed", 1);
        owned.put("Owner", owner);
        Map<String, Object> orphan = row("2", "qa", "Completed", 2);
        orphan.put("Owner", null);
        Soql.Table table = new Soql.Table(
                "Thing", List.of("Id", "Name", "Status", "Rank", "Owner.Username"), List.of(owned, orphan));

        List<Map<String, Object>> rows =
                Soql.run(Soql.parse("SELECT Id, owner.username FROM Thing WHERE Owner.Username != null"), table);
        assertThat(rows.size(), is(1));
        assertThat(
                rows.get(0).get("Owner"),
                is(Map.of("attributes", Map.of("type", "User"), "Username", "ada@example.com")));
        Map<String, Object> none = Soql.run(Soql.parse("SELECT Owner.Username FROM Thing WHERE Id = '2'"), table)
                .get(0);
        assertThat(none.containsKey("Owner"), is(true));
        assertThat(none.get("Owner"), is((Object) null));
    }

    @Test
    void unknownFieldsAreInvalidFieldWithTheirColumn() {
        Soql.SoqlException e =
                assertThrows(Soql.SoqlException.class, () -> Soql.run(Soql.parse("SELECT Id, Nope FROM Thing"), TABLE));
        assertThat(e.errorCode, is("INVALID_FIELD"));
        assertThat(
                e.getMessage(),
                is("\nSELECT Id, Nope FROM Thing\n           ^\nERROR at Row:1:Column:12\n"
                        + Responses.invalidFieldMessage("Nope", "Thing")));
    }

    @Test
    void whatTheReaderDoesNotKnowIsAMalformedQuery() {
        for (String bad : new String[] {
            "",
            "SELECT",
            "SELECT Id",
            "SELECT Id FROM Thing WHERE Name = 'a' OR Id = '1'",
            "SELECT COUNT() FROM Thing",
            "SELECT Id FROM Thing LIMIT x",
            "SELECT Id FROM Thing WHERE Name LIKE 'a'",
            "SELECT Id FROM Thing WHERE Name = 'open",
            "SELECT Id FROM Thing trailing"
        }) {
            Soql.SoqlException e = assertThrows(Soql.SoqlException.class, () -> Soql.parse(bad), bad);
            assertThat(bad, e.errorCode, is("MALFORMED_QUERY"));
        }
        assertThat(
                assertThrows(Soql.SoqlException.class, () -> Soql.parse("SELECT Id FROM Thing trailing"))
                        .getMessage(),
                containsString("unexpected token: 'trailing'"));
    }
}
