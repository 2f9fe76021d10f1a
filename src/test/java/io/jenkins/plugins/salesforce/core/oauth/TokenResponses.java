package io.jenkins.plugins.salesforce.core.oauth;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Token responses and form parsing for grant tests. */
final class TokenResponses {
    static final String ACCESS_TOKEN = "00D000000000001!AQ0AQFAKE.access.token.1";
    static final Predicate<URI> SALESFORCE_ONLY = u ->
            u.getHost() != null && "https".equals(u.getScheme()) && (u.getHost().endsWith(".salesforce.com"));

    private TokenResponses() {}

    static String success(String instance, String id) {
        return "{\"access_token\":\"" + ACCESS_TOKEN
                + "\",\"signature\":\"d3Jvbmc=\",\"scope\":\"refresh_token web api\","
                + "\"instance_url\":\"" + instance + "\",\"id\":\"" + id + "\",\"token_type\":\"Bearer\","
                + "\"issued_at\":\"1763890000123\"}";
    }

    static String success() {
        return success(
                "https://acme.my.salesforce.com",
                "https://login.salesforce.com/id/00D000000000001EAA/005000000000001AAA");
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
