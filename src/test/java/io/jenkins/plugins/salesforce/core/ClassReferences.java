package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The references between compiled classes, read with the JDK's {@code jdeps}, so that every reference counts, not only
 * imports. The layering tests of the core ({@link CoreLayersTest}) and of the Jenkins side read them this way.
 */
public final class ClassReferences {

    /** One class referring to another. */
    public record Reference(String from, String to) {}

    private ClassReferences() {}

    /**
     * Every reference of a class under the package {@code root} (or its subpackages) to another such class, in the
     * compiled tree that holds {@code anyClass}.
     */
    public static List<Reference> of(Class<?> anyClass, String root) throws Exception {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("jdeps not found: run the tests on a JDK."));
        Path classes = Path.of(
                anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "-verbose:class",
                "-filter:none",
                "-e",
                Pattern.quote(root) + "(\\..*)?",
                classes.toString());
        assertThat("jdeps " + classes + ": " + err, rc, is(0));
        Pattern edge = Pattern.compile("^\\s+(" + Pattern.quote(root) + "[\\w.$]*)\\s+->\\s+([\\w.$]+)\\s");
        List<Reference> references = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = edge.matcher(line);
            if (m.find()) {
                references.add(new Reference(m.group(1), m.group(2)));
            }
        }
        return references;
    }
}
