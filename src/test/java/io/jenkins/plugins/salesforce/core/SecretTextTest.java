package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

class SecretTextTest {

    @Test
    void toStringNeverShowsTheValue() {
        SecretText secret = SecretText.of("5Aep861CANARYrefresh");
        assertThat(secret.toString(), not(containsString("CANARY")));
        assertThat(String.valueOf(secret), is("****"));
        assertThat("token=" + secret, is("token=****"));
    }

    @Test
    void revealGivesTheValueBack() {
        assertThat(SecretText.of("abc").reveal(), is("abc"));
    }

    @Test
    void anEmptyClientSecretIsAllowedButBlankOptionalValuesAreAbsent() {
        assertThat(SecretText.of("").isEmpty(), is(true));
        assertThat(SecretText.ofNullable("  "), is(nullValue()));
        assertThat(SecretText.ofNullable(null), is(nullValue()));
    }

    @Test
    void equalityIsByValue() {
        assertThat(SecretText.of("a").equals(SecretText.of("a")), is(true));
        assertThat(SecretText.of("a").equals(SecretText.of("b")), is(false));
    }
}
