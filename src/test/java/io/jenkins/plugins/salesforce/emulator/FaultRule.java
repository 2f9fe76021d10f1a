package io.jenkins.plugins.salesforce.emulator;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A registered fault: which requests it applies to and how many more times. Build one with
 * {@link Faults#on(Endpoint, Endpoint...)}; cancel it with {@link #cancel()}.
 */
public final class FaultRule {
    private final Set<Endpoint> endpoints;
    private final Org org;
    private final String grantType;
    private final int port;
    private final int skip;
    private final Fault fault;
    private int remaining;
    private int seen;
    private int hits;
    private boolean cancelled;

    private FaultRule(Builder b, Fault fault) {
        this.endpoints = b.endpoints;
        this.org = b.org;
        this.grantType = b.grantType;
        this.port = b.port;
        this.skip = b.skip;
        this.remaining = b.times;
        this.fault = fault;
    }

    /** How many requests this rule has faulted. */
    public synchronized int hits() {
        return hits;
    }

    /** How many more requests it will fault; -1 for a permanent rule. */
    public synchronized int remaining() {
        return remaining;
    }

    public synchronized boolean isActive() {
        return !cancelled && remaining != 0;
    }

    public synchronized void cancel() {
        cancelled = true;
    }

    public Fault fault() {
        return fault;
    }

    /** Whether the rule's filters need the org of the request (which may mean reading the request body). */
    boolean needsOrg() {
        return org != null;
    }

    boolean needsGrantType() {
        return grantType != null;
    }

    /** Static filters that need nothing from the request body. */
    boolean coarseMatch(Endpoint endpoint, int requestPort) {
        return endpoints.contains(endpoint) && (port == 0 || port == requestPort);
    }

    boolean fineMatch(Org requestOrg, String requestGrant) {
        return (org == null || org == requestOrg)
                && (grantType == null || grantType.equals(GrantTypes.normalise(requestGrant)));
    }

    /** Counts a matching request; true if the fault applies to it (after the skipped ones, while times remain). */
    synchronized boolean consume() {
        if (!isActive()) {
            return false;
        }
        seen++;
        if (seen <= skip) {
            return false;
        }
        if (remaining > 0) {
            remaining--;
        }
        hits++;
        return true;
    }

    @Override
    public synchronized String toString() {
        return "FaultRule[" + fault + " on " + endpoints + (org != null ? " for " + org.name() : "")
                + (grantType != null ? " grant " + grantType : "") + (port != 0 ? " port " + port : "")
                + (skip > 0 ? " after " + skip : "") + ", remaining " + (remaining < 0 ? "always" : remaining)
                + ", hits " + hits + (cancelled ? ", cancelled" : "") + "]";
    }

    /** Narrows a rule before {@link #respond(Fault)} registers it. By default a rule is permanent. */
    public static final class Builder {
        private final Faults faults;
        private final Set<Endpoint> endpoints;
        private Org org;
        private String grantType;
        private int port;
        private int skip;
        private int times = -1;

        Builder(Faults faults, Set<Endpoint> endpoints) {
            this.faults = faults;
            this.endpoints = EnumSet.copyOf(endpoints);
        }

        /**
         * Only requests concerning this org: to its instance host, or to a login host with its refresh token, code,
         * assertion subject or access token.
         */
        public Builder forOrg(Org org) {
            this.org = Objects.requireNonNull(org, "org");
            return this;
        }

        /** Only token requests with this {@code grant_type} ({@code jwt-bearer} is accepted for the JWT urn). */
        public Builder forGrant(String grantType) {
            this.grantType = GrantTypes.normalise(Objects.requireNonNull(grantType, "grantType"));
            return this;
        }

        /** Only requests to this host, given as an origin such as {@code emulator.loginUrl()} or {@code org.instanceUrl()}. */
        public Builder onHost(String origin) {
            this.port = SalesforceEmulator.portOf(origin);
            return this;
        }

        /** Only the next {@code n} matching requests (default: every one, permanently). */
        public Builder times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be at least 1");
            }
            this.times = n;
            return this;
        }

        public Builder once() {
            return times(1);
        }

        /** Let the first {@code n} matching requests through untouched. */
        public Builder afterCalls(int n) {
            this.skip = n;
            return this;
        }

        /** Registers the rule. Rules are tried in registration order; the first that applies wins. */
        public FaultRule respond(Fault fault) {
            FaultRule rule = new FaultRule(this, Objects.requireNonNull(fault, "fault"));
            faults.add(rule);
            return rule;
        }
    }
}
