package io.jenkins.plugins.salesforce;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;

import io.jenkins.plugins.salesforce.core.ClassReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jenkins side is layered above the core: the top-level package (the service that wires the core, the global
 * configuration, the folder property, the credential interface) at the bottom, {@code credentials} above it, and the
 * steps, the binding and the UI on top. Read from the compiled classes with the JDK's {@code jdeps}, so that every
 * reference counts, not only imports.
 */
class JenkinsLayersTest {
    private static final String ROOT = "io.jenkins.plugins.salesforce";
    /** Every reference of a plugin class to another, as {@code from -> to}. */
    private static final List<String> REFERENCES = new ArrayList<>();

    @BeforeAll
    static void readTheCompiledClasses() throws Exception {
        for (ClassReferences.Reference r : ClassReferences.of(SalesforceService.class, ROOT)) {
            REFERENCES.add(r.from() + " -> " + r.to());
        }
        assertThat(REFERENCES, hasItem(ROOT + ".SalesforceService -> " + ROOT + ".SalesforceConfiguration"));
    }

    @Test
    void theTopLevelPackageRefersToNoPackageAboveIt() {
        assertThat(references("[A-Z]", "credentials|steps|ui|binding"), empty());
    }

    @Test
    void theCredentialTypesReferToNoStepBindingOrPage() {
        assertThat(references("credentials\\.", "steps|ui|binding"), empty());
    }

    /** The references from classes of one package to classes of the others (subpackages under ROOT). */
    private static List<String> references(String from, String to) {
        Pattern p = Pattern.compile(
                Pattern.quote(ROOT) + "\\." + from + "[\\w$]* -> " + Pattern.quote(ROOT) + "\\.(" + to + ")\\..*");
        return REFERENCES.stream().filter(r -> p.matcher(r).matches()).toList();
    }
}
