package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.MinValidity;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Long build steps and short sessions: with Salesforce's recommended 15-minute session timeout, a 40-minute job split
 * into blocks that each ask for {@code minValidity} never starts a block with a token about to expire.
 */
class MinValidityTest {
    private final TokenRig rig =
            new TokenRig(new EmulatedOrgs(), new InMemoryOrgStore(), b -> b.sessionTimeout(Duration.ofMinutes(15)));
    private final EmulatedOrgs sf = rig.sf;

    @AfterEach
    void stop() {
        rig.close();
    }

    private TokenResult token(RegisteredOrg org, int minutes) {
        return MinValidity.token(
                rig.tokens,
                org,
                MinValidity.ofMinutes(minutes),
                sf.emulator.clock().instant());
    }

    @Test
    void aCachedTokenThatWouldExpireTooSoonIsReplacedFirst() {
        rig.authUrlOrg("prod", sf.admin);
        RegisteredOrg prod = rig.store.findRegistered("prod").orElseThrow();
        TokenResult first = token(prod, 5);
        sf.emulator.clock().advance(Duration.ofMinutes(6));
        assertThat(
                "9 minutes left of a 15-minute session: enough for 5",
                token(prod, 5).accessToken(),
                is(first.accessToken()));

        TokenResult replaced = token(prod, 10);
        assertThat("9 minutes left are not 10", replaced.accessToken(), not(first.accessToken()));
        assertThat(rig.tokenRequests(), is(2));
        assertThat(rig.tokens.token("prod").accessToken(), is(replaced.accessToken()));
    }

    @Test
    void aFortyMinuteJobInTenMinuteBlocksGetsATokenValidForEachBlock() {
        rig.authUrlOrg("prod", sf.admin);
        RegisteredOrg prod = rig.store.findRegistered("prod").orElseThrow();
        for (int block = 0; block < 4; block++) {
            TokenResult t = token(prod, 10);
            assertThat(
                    "block " + block,
                    t.expiresAt().isBefore(sf.emulator.clock().instant().plus(Duration.ofMinutes(10))),
                    is(false));
            sf.emulator.clock().advance(Duration.ofMinutes(10)); // the block's work
            assertThat(sf.emulator.accessToken(t.accessToken().reveal()).user(), is(sf.admin));
        }
    }

    @Test
    void aMinValidityNoTokenCanMeetIsRefusedNamingBothDurations() {
        rig.authUrlOrg("prod", sf.admin);
        RegisteredOrg prod = rig.store.findRegistered("prod").orElseThrow();
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> token(prod, 40));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.field(), is("minValidity"));
        assertThat(e.getMessage(), containsString("valid for 15 minutes, less than the 40 minutes of 'minValidity'"));
    }

    @Test
    void minValidityIsZeroOrOneMinuteToADay() {
        assertThat(MinValidity.ofMinutes(null), is(Duration.ZERO));
        assertThat(MinValidity.ofMinutes(0), is(Duration.ZERO));
        assertThat(MinValidity.ofMinutes(1440), is(Duration.ofDays(1)));
        for (int bad : new int[] {-1, 1441}) {
            SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> MinValidity.ofMinutes(bad));
            assertThat(e.field(), is("minValidity"));
        }
    }

    @Test
    void aStepKeepsNoneForNullOrZeroAndTheMinutesOtherwise() {
        assertThat(MinValidity.given(null), is(nullValue()));
        assertThat(MinValidity.given(0), is(nullValue()));
        assertThat(MinValidity.given(10), is(10));
        assertThat("checked when used, not when kept", MinValidity.given(-1), is(-1));
    }
}
