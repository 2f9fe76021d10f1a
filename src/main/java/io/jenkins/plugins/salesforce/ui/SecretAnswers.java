package io.jenkins.plugins.salesforce.ui;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.salesforce.SalesforceFlows;
import io.jenkins.plugins.salesforce.SalesforceUsage;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.flows.FrontdoorRequest;
import io.jenkins.plugins.salesforce.core.flows.FrontdoorUrl;
import io.jenkins.plugins.salesforce.core.orgs.UsageLog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.StaplerRequest2;

/** The secrets the REST actions of {@link OrgsRestActions} hand out, each recorded in its org's usage log. */
final class SecretAnswers {
    private SecretAnswers() {}

    /**
     * An org with the secret {@code authType} asks for added: a fresh token, or the auth URL where allowed; recorded
     * in the org's usage log.
     */
    static Map<String, Object> withSecret(
            StaplerRequest2 req, Orgs orgs, OrgView org, String ref, @CheckForNull String authType, String action) {
        String type = RequestBodies.text(authType);
        Map<String, Object> o = new LinkedHashMap<>(org.toMap());
        if ("accessToken".equals(type)) {
            o.putAll(CliEnvironment.tokenMap(orgs.tokens().token(ref)));
        } else if ("sfdxAuthUrl".equals(type)) {
            o.put("sfdxAuthUrl", orgs.tokens().authUrl(ref).reveal());
        } else {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    type == null ? "'authType' is missing." : "'authType' is not valid: '" + type + "'.",
                    "Use accessToken (a short-lived token) or sfdxAuthUrl (the auth URL, where the credential"
                            + " allows export); GET org answers the org without a secret.");
        }
        handedOut(req, orgs, org.getOrgId(), org.getUsername(), org.getId(), type, action);
        return o;
    }

    /** Records a secret an action handed out in the usage log of the org it came from ({@link SalesforceUsage}). */
    static void handedOut(
            StaplerRequest2 req, Orgs orgs, String orgId, String username, String id, String what, String detail) {
        SalesforceUsage.recordHandedOut(
                orgId, username, id, orgs.callerName(), UsageLog.Channel.REST, what, detail, req.getRemoteAddr());
    }

    static FrontdoorUrl frontdoor(
            Orgs orgs, String target, String repository, String productionOrg, boolean classic, String startPath) {
        return SalesforceFlows.get()
                .frontdoor(
                        orgs.tokens(),
                        new FrontdoorRequest(
                                RequestBodies.text(target),
                                RequestBodies.text(repository),
                                RequestBodies.text(productionOrg),
                                classic,
                                RequestBodies.text(startPath)));
    }
}
