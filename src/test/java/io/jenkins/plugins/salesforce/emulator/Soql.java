package io.jenkins.plugins.salesforce.emulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SOQL the client sends, and no more: {@code SELECT f1, f2 FROM Object [WHERE a = 'x' [AND b != 'y' ...]]
 * [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...] [LIMIT n]}. Conditions are {@code =}, {@code !=} and
 * {@code IN (...)}; literals are quoted strings, numbers, {@code true}, {@code false}, {@code null} and bare words
 * (dates). Text equality ignores case, as SOQL's does. Errors carry Salesforce's error codes and the
 * {@code ERROR at Row:1:Column:N} layout.
 *
 * <p>A table may offer a field of a related record, such as {@code CreatedBy.Username}: its row then holds the related
 * record under the relationship name ({@code CreatedBy}, a map with its {@code attributes}, or null), and a query
 * that selects the field gets that record back with only the selected fields, nested as Salesforce nests it.
 */
final class Soql {
    /** A SOQL error: {@code MALFORMED_QUERY}, {@code INVALID_FIELD} or {@code INVALID_TYPE}, always HTTP 400. */
    static final class SoqlException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String errorCode;

        SoqlException(String errorCode, String message) {
            super(message);
            this.errorCode = errorCode;
        }
    }

    record Token(String text, int pos, boolean quoted) {
        boolean is(String keyword) {
            return !quoted && text.equalsIgnoreCase(keyword);
        }
    }

    record Field(String name, int pos) {}

    record Condition(Field field, boolean negated, List<Object> values) {}

    record Order(Field field, boolean descending, boolean nullsFirst) {}

    record Query(
            String text,
            List<Field> fields,
            String object,
            int objectPos,
            List<Condition> where,
            List<Order> orderBy,
            Integer limit) {}

    /** What an object looks like: its fields in canonical spelling, and its rows keyed by those names. */
    record Table(String object, List<String> fields, List<Map<String, Object>> rows) {}

    private static final Object NULL = new Object();

    private final String text;
    private final List<Token> tokens;
    private int i;

    private Soql(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    static Query parse(String soql) {
        if (soql == null || soql.isBlank()) {
            throw new SoqlException("MALFORMED_QUERY", "A query string has to be specified");
        }
        return new Soql(soql).query();
    }

    private Query query() {
        expect("SELECT");
        List<Field> fields = new ArrayList<>();
        do {
            Token t = next("a field name");
            if (peekIs("(")) {
                throw error(
                        "MALFORMED_QUERY",
                        t.pos,
                        "The emulator's SOQL reader does not support functions such as " + t.text + "()");
            }
            fields.add(new Field(t.text, t.pos));
        } while (accept(","));
        expect("FROM");
        Token object = next("an object name");
        List<Condition> where = new ArrayList<>();
        if (accept("WHERE")) {
            do {
                where.add(condition());
                if (peekIs("OR")) {
                    throw error("MALFORMED_QUERY", peek().pos, "The emulator's SOQL reader supports AND only");
                }
            } while (accept("AND"));
        }
        List<Order> orders = new ArrayList<>();
        if (accept("ORDER")) {
            expect("BY");
            do {
                Token f = next("a field name");
                boolean desc = false;
                if (accept("DESC")) {
                    desc = true;
                } else {
                    accept("ASC");
                }
                boolean nullsFirst = !desc;
                if (accept("NULLS")) {
                    if (accept("LAST")) {
                        nullsFirst = false;
                    } else {
                        expect("FIRST");
                        nullsFirst = true;
                    }
                }
                orders.add(new Order(new Field(f.text, f.pos), desc, nullsFirst));
            } while (accept(","));
        }
        Integer limit = null;
        if (accept("LIMIT")) {
            Token n = next("a number");
            try {
                limit = Integer.valueOf(n.text);
            } catch (NumberFormatException e) {
                throw error("MALFORMED_QUERY", n.pos, "unexpected token: '" + n.text + "'");
            }
        }
        if (i < tokens.size()) {
            Token t = tokens.get(i);
            throw error("MALFORMED_QUERY", t.pos, "unexpected token: '" + t.text + "'");
        }
        return new Query(text, fields, object.text, object.pos, where, orders, limit);
    }

    private Condition condition() {
        Token f = next("a field name");
        Field field = new Field(f.text, f.pos);
        if (accept("=")) {
            return new Condition(field, false, List.of(literal(next("a value"))));
        }
        if (accept("!=") || accept("<>")) {
            return new Condition(field, true, List.of(literal(next("a value"))));
        }
        boolean not = accept("NOT");
        if (accept("IN")) {
            expect("(");
            List<Object> values = new ArrayList<>();
            do {
                values.add(literal(next("a value")));
            } while (accept(","));
            expect(")");
            return new Condition(field, not, values);
        }
        Token t = i < tokens.size() ? tokens.get(i) : null;
        throw error(
                "MALFORMED_QUERY",
                t == null ? text.length() : t.pos,
                "The emulator's SOQL reader supports =, !=, IN and NOT IN only"
                        + (t == null ? "" : "; unexpected token: '" + t.text + "'"));
    }

    private static Object literal(Token t) {
        if (t.quoted) {
            return t.text;
        }
        String s = t.text.toLowerCase(Locale.ROOT);
        if (s.equals("null")) {
            return NULL;
        }
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        if (s.matches("-?\\d+(\\.\\d+)?")) {
            return Double.valueOf(s);
        }
        return t.text;
    }

    // ---------------------------------------------------------------- evaluation

    /** The selected fields in the table's spelling, in the query's order; INVALID_FIELD for an unknown one. */
    static List<String> columns(Query q, Table table) {
        Map<String, String> canonical = canonical(table);
        List<String> selected = new ArrayList<>();
        for (Field f : q.fields()) {
            selected.add(resolve(q, table, canonical, f));
        }
        return selected;
    }

    /** The table's field names by their lower-case form (SOQL names are case-insensitive). */
    private static Map<String, String> canonical(Table table) {
        Map<String, String> canonical = new LinkedHashMap<>();
        for (String f : table.fields()) {
            canonical.put(f.toLowerCase(Locale.ROOT), f);
        }
        return canonical;
    }

    /** Runs the query over a table; the caller has checked that {@code table} is the query's object. */
    static List<Map<String, Object>> run(Query q, Table table) {
        List<String> selected = columns(q, table);
        Map<String, String> canonical = canonical(table);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> whereFields = new ArrayList<>();
        for (Condition c : q.where()) {
            whereFields.add(resolve(q, table, canonical, c.field()));
        }
        for (Map<String, Object> row : table.rows()) {
            boolean keep = true;
            for (int k = 0; k < q.where().size() && keep; k++) {
                Condition c = q.where().get(k);
                Object v = value(row, whereFields.get(k));
                boolean any = c.values().stream().anyMatch(lit -> matches(v, lit));
                keep = c.negated() != any;
            }
            if (keep) {
                rows.add(row);
            }
        }
        Comparator<Map<String, Object>> order = null;
        for (Order o : q.orderBy()) {
            String name = resolve(q, table, canonical, o.field());
            Comparator<Map<String, Object>> c =
                    (a, b) -> compare(value(a, name), value(b, name), o.descending(), o.nullsFirst());
            order = order == null ? c : order.thenComparing(c);
        }
        if (order != null) {
            rows.sort(order);
        }
        if (q.limit() != null && rows.size() > q.limit()) {
            rows = new ArrayList<>(rows.subList(0, q.limit()));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> projected = new LinkedHashMap<>();
            for (String f : selected) {
                project(row, f, projected);
            }
            out.add(projected);
        }
        return out;
    }

    /** A field's value in a row; {@code Rel.Field} reads the related record held under {@code Rel}. */
    private static Object value(Map<String, Object> row, String field) {
        int dot = field.indexOf('.');
        if (dot < 0) {
            return row.get(field);
        }
        return row.get(field.substring(0, dot)) instanceof Map<?, ?> related
                ? related.get(field.substring(dot + 1))
                : null;
    }

    /** Copies a selected field; a related record's field goes into a map that holds that record's {@code attributes}. */
    @SuppressWarnings("unchecked")
    private static void project(Map<String, Object> row, String field, Map<String, Object> projected) {
        int dot = field.indexOf('.');
        if (dot < 0) {
            projected.put(field, row.get(field));
            return;
        }
        String relationship = field.substring(0, dot);
        if (!(row.get(relationship) instanceof Map<?, ?> related)) {
            projected.put(relationship, null);
            return;
        }
        Map<String, Object> nested = (Map<String, Object>) projected.computeIfAbsent(relationship, k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("attributes", related.get("attributes"));
            return m;
        });
        nested.put(field.substring(dot + 1), related.get(field.substring(dot + 1)));
    }

    private static String resolve(Query q, Table table, Map<String, String> canonical, Field f) {
        String name = canonical.get(f.name().toLowerCase(Locale.ROOT));
        if (name == null) {
            throw located(q.text(), f.pos(), "INVALID_FIELD", Responses.invalidFieldMessage(f.name(), table.object()));
        }
        return name;
    }

    private static boolean matches(Object value, Object literal) {
        if (literal == NULL) {
            return value == null;
        }
        if (value == null) {
            return false;
        }
        if (literal instanceof Double d && value instanceof Number n) {
            return n.doubleValue() == d;
        }
        return String.valueOf(value).equalsIgnoreCase(String.valueOf(literal));
    }

    private static int compare(Object a, Object b, boolean descending, boolean nullsFirst) {
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            return (a == null) == nullsFirst ? -1 : 1;
        }
        int c;
        if (a instanceof Number x && b instanceof Number y) {
            c = Double.compare(x.doubleValue(), y.doubleValue());
        } else {
            c = String.valueOf(a).compareToIgnoreCase(String.valueOf(b));
        }
        return descending ? -c : c;
    }

    // ---------------------------------------------------------------- errors

    static SoqlException located(String soql, int pos, String errorCode, String message) {
        String line = soql.replace('\n', ' ').replace('\r', ' ');
        return new SoqlException(
                errorCode,
                "\n" + line + "\n" + " ".repeat(Math.max(0, pos)) + "^\nERROR at Row:1:Column:" + (pos + 1) + "\n"
                        + message);
    }

    private SoqlException error(String errorCode, int pos, String message) {
        return located(text, pos, errorCode, message);
    }

    // ---------------------------------------------------------------- tokens

    private Token peek() {
        return i < tokens.size() ? tokens.get(i) : null;
    }

    private boolean peekIs(String s) {
        Token t = peek();
        return t != null && t.is(s);
    }

    private boolean accept(String s) {
        if (peekIs(s)) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(String s) {
        if (!accept(s)) {
            Token t = peek();
            throw error(
                    "MALFORMED_QUERY",
                    t == null ? text.length() : t.pos,
                    t == null ? "unexpected end of query, expecting " + s : "unexpected token: '" + t.text + "'");
        }
    }

    private Token next(String what) {
        Token t = peek();
        if (t == null) {
            throw error("MALFORMED_QUERY", text.length(), "unexpected end of query, expecting " + what);
        }
        i++;
        return t;
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int p = 0;
        while (p < s.length()) {
            char c = s.charAt(p);
            if (Character.isWhitespace(c)) {
                p++;
            } else if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                int start = p++;
                boolean closed = false;
                while (p < s.length()) {
                    char d = s.charAt(p++);
                    if (d == '\\' && p < s.length()) {
                        sb.append(s.charAt(p++));
                    } else if (d == '\'') {
                        closed = true;
                        break;
                    } else {
                        sb.append(d);
                    }
                }
                if (!closed) {
                    throw located(s, start, "MALFORMED_QUERY", "unterminated string literal");
                }
                out.add(new Token(sb.toString(), start, true));
            } else if (c == ',' || c == '(' || c == ')' || c == '=') {
                out.add(new Token(String.valueOf(c), p++, false));
            } else if (c == '!' || c == '<' || c == '>') {
                int start = p++;
                if (p < s.length() && (s.charAt(p) == '=' || s.charAt(p) == '>')) {
                    p++;
                }
                out.add(new Token(s.substring(start, p), start, false));
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == ':' || c == '+') {
                int start = p;
                while (p < s.length()) {
                    char d = s.charAt(p);
                    if (Character.isLetterOrDigit(d) || d == '_' || d == '.' || d == '-' || d == ':' || d == '+') {
                        p++;
                    } else {
                        break;
                    }
                }
                out.add(new Token(s.substring(start, p), start, false));
            } else {
                throw located(s, p, "MALFORMED_QUERY", "unexpected token: '" + c + "'");
            }
        }
        return out;
    }
}
