package io.jenkins.plugins.salesforce.core.oauth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class CertificatePemTest {
    private static final Instant END = Instant.parse("2027-03-01T12:00:00Z");

    @Test
    void theEndDateOfACertificateIsItsNotAfter() {
        String pem = TestKeys.certificate(TestKeys.rsa(), Date.from(END));

        assertThat(CertificatePem.notAfter(pem, "certificate"), is(END));
    }

    @Test
    void surroundingBlankLinesDoNotMatter() {
        String pem = "\n  " + TestKeys.certificate(TestKeys.rsa(), Date.from(END)) + "\n\n";

        assertThat(CertificatePem.notAfter(pem, "certificate"), is(END));
    }

    @Test
    void ofAChainTheFirstCertificateCounts() {
        Instant later = END.plusSeconds(86_400L * 365);
        String chain = TestKeys.certificate(TestKeys.rsa(), Date.from(END))
                + TestKeys.certificate(TestKeys.rsa(), Date.from(later));

        assertThat(CertificatePem.notAfter(chain, "certificate"), is(END));
    }

    @Test
    void textThatIsNotAPemCertificateIsBadInputNamingTheField() {
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> CertificatePem.notAfter("hello", "certificate"));

        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.field(), is("certificate"));
        assertThat(e.getMessage(), containsString("'certificate' is not a PEM certificate"));
        assertThat(e.getMessage(), containsString("Fix: Paste the certificate"));
        assertThat(e.getCause(), is(nullValue()));
    }

    @Test
    void anEmptyFieldIsBadInputToo() {
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> CertificatePem.notAfter(null, "certificate"));

        assertThat(e.field(), is("certificate"));
    }

    @Test
    void damagedPemIsBadInputWithoutTheParsersExceptionOrTheText() {
        String pem = TestKeys.certificate(TestKeys.rsa(), Date.from(END));
        String damaged = pem.replaceFirst("\n[A-Za-z0-9+/]{20}", "\n!!!!damaged!!!!!!!!!");

        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> CertificatePem.notAfter(damaged, "certificate"));

        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("not a readable X.509 certificate"));
        assertThat(e.getCause(), is(nullValue()));
        assertThat(e.getMessage(), not(containsString("damaged!")));
    }

    @Test
    void aPrivateKeyInTheFieldIsNamedAsSuchAndNeverQuoted() {
        String key = TestKeys.pkcs8(TestKeys.rsa().getPrivate());

        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> CertificatePem.notAfter(key, "certificate"));

        assertThat(e.getMessage(), containsString("'certificate' holds a private key, not a certificate."));
        for (String line : TestKeys.bodyLines(key)) {
            assertThat(e.getMessage(), not(containsString(line)));
        }
    }
}
