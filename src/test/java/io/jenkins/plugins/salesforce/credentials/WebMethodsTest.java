package io.jenkins.plugins.salesforce.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.verb.POST;

/**
 * Every web method of the plugin's descriptors and settings is {@code @POST} and {@code @Restricted(NoExternalUse)}
 * (the CodeQL rules WebMethodMissingPostAnnotation and the house style). The permission each one checks is tested
 * in {@link PermissionsTest}.
 */
class WebMethodsTest {
    private static final List<Class<?>> WITH_WEB_METHODS = List.of(
            SalesforceAuthUrlCredentialsImpl.DescriptorImpl.class,
            SalesforceJwtCredentialsImpl.DescriptorImpl.class,
            SalesforceClientCredentialsImpl.DescriptorImpl.class,
            SalesforceJitSandboxCredentialsImpl.DescriptorImpl.class,
            SalesforceConfiguration.class);

    @Test
    void everyWebMethodIsPostAndRestricted() {
        int seen = 0;
        for (Class<?> c : WITH_WEB_METHODS) {
            for (Method m : c.getMethods()) {
                if (!m.getName().startsWith("do") || !Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                if (!m.getDeclaringClass().getName().startsWith("io.jenkins.plugins.salesforce")) {
                    continue; // inherited from Jenkins or the credentials plugin (doCheckId...)
                }
                seen++;
                assertThat(
                        c.getSimpleName() + "." + m.getName() + " is @POST",
                        m.getAnnotation(POST.class),
                        notNullValue());
                Restricted r = m.getAnnotation(Restricted.class);
                assertThat(c.getSimpleName() + "." + m.getName() + " is @Restricted", r, notNullValue());
                assertThat(List.of(r.value()).contains(NoExternalUse.class), is(true));
            }
        }
        assertThat(seen, greaterThan(15));
    }
}
