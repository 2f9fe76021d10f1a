package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Salesforce's own domains: the hosts that serve the API and the Lightning Experience domains that do not. */
class SalesforceDomainsTest {

    @ParameterizedTest(name = "{0} is lightning: {1}")
    @CsvSource({
        "acme.lightning.force.com, true",
        "Acme.Lightning.Force.Com, true",
        "acme.lightning.force.com:443, true",
        "acme.lightning.crmforce.mil, true",
        "acme.lightning.sfcrmapps.cn, true",
        "lightning.force.com, true",
        "acme.my.salesforce.com, false",
        "acmelightning.force.com, false",
        "acme.lightning.force.com.evil.com, false",
        "acme.my-lightning.com, false"
    })
    void lightningDomainsAreRecognisedOnADotBoundary(String host, boolean lightning) {
        assertThat(SalesforceDomains.isLightningDomain(host), is(lightning));
    }

    @Test
    void nullIsNotALightningDomain() {
        assertThat(SalesforceDomains.isLightningDomain(null), is(false));
    }

    @ParameterizedTest(name = "{0} is a Salesforce host: {1}")
    @CsvSource({
        "acme.my.salesforce.com, true",
        "ACME.MY.SALESFORCE.COM, true",
        "acme.force.com, true",
        "acme.my.salesforce.mil, true",
        "acme.my.sfcrmproducts.cn, true",
        "salesforce.com, false",
        "evilsalesforce.com, false",
        "salesforce.com.evil.com, false"
    })
    void salesforceHostsEndWithASuffixOnADotBoundary(String host, boolean salesforce) {
        assertThat(SalesforceDomains.isSalesforceHost(host), is(salesforce));
    }

    @Test
    void nullIsNotASalesforceHost() {
        assertThat(SalesforceDomains.isSalesforceHost(null), is(false));
    }
}
