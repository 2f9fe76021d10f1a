package io.jenkins.plugins.salesforce.core.flows;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgResolver;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The logins of orgs that are not registered ({@code sandboxAuth}, {@code scratchOrgAuth}), kept as a registered org's
 * token is: handed out again until {@value #SKEW_MINUTES} minutes before the session timeout ends, so that a pipeline
 * asking in every stage costs Salesforce one login, not one per stage. A login belongs to exactly the credential it
 * went through: the key holds that production org's or Dev Hub's secret, so a changed credential (or another store's
 * credential for the same org) logs in afresh. A failed login is not kept. The login runs outside any lock: two
 * callers that miss at the same moment both log in, and the later login is the one kept (a sandbox login refreshes
 * its kept session, so that costs no approval). Only in this controller's memory.
 */
public final class UnregisteredTokens {
    /** Logins kept at most; past that the least used are forgotten, which costs them a new login. */
    static final long MAXIMUM_SIZE = 1_000;

    static final long SKEW_MINUTES = 5;

    /** What kind of login is kept: its token, and the id of the credential it went through. */
    record Kind<T>(String name, Class<T> type, Function<T, AccessToken> tokenOf, Function<T, String> throughIdOf) {}

    static final Kind<SandboxLogin> SANDBOX =
            new Kind<>("sandbox", SandboxLogin.class, SandboxLogin::accessToken, l -> l.production()
                    .id());

    static final Kind<ScratchOrgAuthFlow.Authenticated> SCRATCH = new Kind<>(
            "scratch", ScratchOrgAuthFlow.Authenticated.class, ScratchOrgAuthFlow.Authenticated::token, a -> a.result()
                    .devHubId());

    private static final Duration SKEW = Duration.ofMinutes(SKEW_MINUTES);

    private final Cache<Key, Kept> logins =
            Caffeine.newBuilder().maximumSize(MAXIMUM_SIZE).build();

    private record Key(OrgSecret through, String kind, String name) {}

    private record Kept(Object login, Instant staleAt) {}

    /** The kept login of that org through that credential, or a new one ({@code login}) kept in its place. */
    <T> T get(Kind<T> kind, RegisteredOrg through, String name, FlowContext context, Supplier<T> login) {
        return fresh(kind, through, name, context).orElseGet(() -> keep(kind, through, name, context, login.get()));
    }

    /**
     * The kept login of that org through the first of these credentials that has one, else a new one ({@code login},
     * which tries them itself) kept under the credential it went through.
     */
    <T> T firstOf(
            Kind<T> kind,
            List<OrgRecord> throughs,
            OrgResolver resolver,
            String name,
            FlowContext context,
            Supplier<T> login) {
        for (OrgRecord through : throughs) {
            var kept = fresh(kind, resolver.resolveRegistered(through.id()), name, context);
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        T made = login.get();
        return keep(kind, resolver.resolveRegistered(kind.throughIdOf().apply(made)), name, context, made);
    }

    private <T> Optional<T> fresh(Kind<T> kind, RegisteredOrg through, String name, FlowContext context) {
        Kept kept = logins.getIfPresent(key(kind, through, name));
        return kept != null && context.clock().instant().isBefore(kept.staleAt())
                ? Optional.of(kind.type().cast(kept.login()))
                : Optional.empty();
    }

    private <T> T keep(Kind<T> kind, RegisteredOrg through, String name, FlowContext context, T login) {
        Instant issued = kind.tokenOf().apply(login).issuedAt();
        logins.put(
                key(kind, through, name),
                new Kept(login, issued.plus(context.sessionTimeout()).minus(SKEW)));
        return login;
    }

    private static Key key(Kind<?> kind, RegisteredOrg through, String name) {
        return new Key(through.secret(), kind.name(), name.toLowerCase(Locale.ROOT));
    }

    /** How many logins are kept (approximately, as Caffeine counts). */
    long size() {
        return logins.estimatedSize();
    }
}
