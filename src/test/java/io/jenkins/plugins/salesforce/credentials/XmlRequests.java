package io.jenkins.plugins.salesforce.credentials;

import hudson.cli.CLICommandInvoker;
import hudson.security.csrf.CrumbIssuer;
import jakarta.servlet.ServletRequest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.jvnet.hudson.test.JenkinsRule;

/** Sends credentials as XML the way REST and CLI clients do, for the XML submission tests (as an administrator). */
final class XmlRequests {
    private XmlRequests() {}

    /** POSTs an XML body to a Jenkins path with a crumb; the answer whatever its status. */
    static WebResponse postXml(JenkinsRule j, String path, String xml) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();
        wc.setThrowExceptionOnFailingStatusCode(false);
        WebRequest req = new WebRequest(new URI(j.getURL() + path).toURL(), HttpMethod.POST);
        CrumbIssuer crumbs = j.jenkins.getCrumbIssuer();
        req.setAdditionalHeader(crumbs.getCrumbRequestField(), crumbs.getCrumb((ServletRequest) null));
        req.setAdditionalHeader("Content-Type", "application/xml");
        req.setRequestBody(xml);
        return wc.loadWebResponse(req);
    }

    /** Runs a CLI command with a text on stdin. */
    static CLICommandInvoker.Result cli(JenkinsRule j, String command, String stdin, String... args) {
        return new CLICommandInvoker(j, command)
                .withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))
                .invokeWithArgs(args);
    }
}
