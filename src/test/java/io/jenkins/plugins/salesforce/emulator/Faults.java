package io.jenkins.plugins.salesforce.emulator;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The fault rules of one emulator. Example:
 *
 * <pre>{@code
 * emulator.faults().on(Endpoint.TOKEN).forOrg(prod).times(2).respond(Fault.http503Html());
 * emulator.faults().on(Endpoint.QUERY, Endpoint.TOOLING_QUERY).once().respond(Fault.invalidSessionId());
 * }</pre>
 */
public final class Faults {
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    Faults() {}

    /** Starts a rule for requests to these endpoints. */
    public FaultRule.Builder on(Endpoint first, Endpoint... more) {
        return new FaultRule.Builder(this, EnumSet.of(first, more));
    }

    /** Starts a rule for requests to any endpoint. */
    public FaultRule.Builder onEveryEndpoint() {
        return new FaultRule.Builder(this, EnumSet.allOf(Endpoint.class));
    }

    /** Registered rules, spent ones included, in registration order. */
    public List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    /** Removes every rule. */
    public void clear() {
        rules.clear();
    }

    void add(FaultRule rule) {
        rules.add(rule);
    }

    /**
     * Finds the first rule that applies to a request and consumes one use of it. The org and grant type are computed
     * only when a rule filters on them (computing the org may read the request body).
     */
    synchronized Fault match(Endpoint endpoint, int port, Supplier<Org> org, Supplier<String> grantType) {
        for (FaultRule rule : rules) {
            if (!rule.isActive() || !rule.coarseMatch(endpoint, port)) {
                continue;
            }
            Org o = rule.needsOrg() ? org.get() : null;
            String g = rule.needsGrantType() ? grantType.get() : null;
            if (rule.fineMatch(o, g) && rule.consume()) {
                return rule.fault();
            }
        }
        return null;
    }
}
