package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.Descriptor.FormException;
import hudson.util.ListBoxModel;
import java.util.Arrays;
import java.util.List;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The Boolean step parameters that may be left out, and then mean something of their own: {@code
 * salesforceOrgs(devHub:)} (left out: Dev Hubs and other orgs), {@code updateSalesforceOrg(devHub:, defaultDevHub:)}
 * and {@code registerSalesforceOrg(devHub:, defaultDevHub:, allowAuthUrlExport:)} (left out: leave as it is). Their
 * forms show a select of three choices; the empty choice must mean "left out", never {@code false}, through the
 * Snippet Generator's endpoint, through the step's form, and in the generated script.
 */
@WithJenkins
class OptionalBooleanFieldTest {
    private static final List<Boolean> CHOICES = Arrays.asList(null, true, false);

    /** What the Snippet Generator page posts for the salesforceOrgs form: every field, empty ones as "". */
    private static String orgsForm(String devHub) {
        return "{'stapler-class': '" + SalesforceOrgsStep.class.getName() + "', 'type': '', 'devHub': '" + devHub
                + "', 'metadata': ''}";
    }

    private static String updateForm(String devHub, String defaultDevHub) {
        return "{'stapler-class': '" + UpdateSalesforceOrgStep.class.getName() + "', 'org': 'hub', 'devHub': '" + devHub
                + "', 'defaultDevHub': '" + defaultDevHub + "', 'metadata': '', 'store': ''}";
    }

    private static String registerForm(String devHub, String defaultDevHub, String allowAuthUrlExport) {
        return "{'stapler-class': '" + RegisterSalesforceOrgStep.class.getName() + "', 'id': '', 'authUrlFile': '',"
                + " 'authUrlCredentialsId': 'hub-url', 'devHub': '" + devHub + "', 'defaultDevHub': '"
                + defaultDevHub + "', 'allowAuthUrlExport': '" + allowAuthUrlExport + "', 'metadata': '',"
                + " 'description': '', 'store': ''}";
    }

    @Test
    void theSnippetGeneratorWritesNoDevHubForTheAnyChoiceOfSalesforceOrgs(JenkinsRule j) throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        st.assertGenerateSnippet(orgsForm(""), "salesforceOrgs()", null);
        st.assertGenerateSnippet(orgsForm("true"), "salesforceOrgs devHub: true", null);
        st.assertGenerateSnippet(orgsForm("false"), "salesforceOrgs devHub: false", null);
    }

    @Test
    void theSnippetGeneratorWritesNeitherFlagForLeaveAsItIsOfUpdateSalesforceOrg(JenkinsRule j) throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        st.assertGenerateSnippet(updateForm("", ""), "updateSalesforceOrg 'hub'", null);
        st.assertGenerateSnippet(updateForm("true", ""), "updateSalesforceOrg devHub: true, org: 'hub'", null);
        st.assertGenerateSnippet(updateForm("false", ""), "updateSalesforceOrg devHub: false, org: 'hub'", null);
        st.assertGenerateSnippet(updateForm("", "true"), "updateSalesforceOrg defaultDevHub: true, org: 'hub'", null);
        st.assertGenerateSnippet(updateForm("", "false"), "updateSalesforceOrg defaultDevHub: false, org: 'hub'", null);
        st.assertGenerateSnippet(
                updateForm("false", "false"),
                "updateSalesforceOrg defaultDevHub: false, devHub: false, org: 'hub'",
                null);
    }

    @Test
    void theSnippetGeneratorWritesNoFlagLeftAsItIsForRegisterSalesforceOrg(JenkinsRule j) throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        st.assertGenerateSnippet(
                registerForm("", "", ""), "registerSalesforceOrg authUrlCredentialsId: 'hub-url'", null);
        st.assertGenerateSnippet(
                registerForm("false", "", "true"),
                "registerSalesforceOrg allowAuthUrlExport: true, authUrlCredentialsId: 'hub-url', devHub: false",
                null);
        st.assertGenerateSnippet(
                registerForm("", "true", "false"),
                "registerSalesforceOrg allowAuthUrlExport: false, authUrlCredentialsId: 'hub-url', defaultDevHub: true",
                null);
    }

    @Test
    void theScriptSyntaxRoundTripsForEachChoice(JenkinsRule j) throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        for (Boolean devHub : CHOICES) {
            SalesforceOrgsStep orgs = new SalesforceOrgsStep();
            orgs.setDevHub(devHub);
            st.assertRoundTrip(orgs, devHub == null ? "salesforceOrgs()" : "salesforceOrgs devHub: " + devHub);
        }
        st.assertRoundTrip(update(null, null), "updateSalesforceOrg 'hub'");
        st.assertRoundTrip(update(null, true), "updateSalesforceOrg defaultDevHub: true, org: 'hub'");
        st.assertRoundTrip(update(true, false), "updateSalesforceOrg defaultDevHub: false, devHub: true, org: 'hub'");
        st.assertRoundTrip(update(false, null), "updateSalesforceOrg devHub: false, org: 'hub'");

        String from = "authUrlCredentialsId: 'hub-url'";
        st.assertRoundTrip(register(null, null, null), "registerSalesforceOrg " + from);
        st.assertRoundTrip(
                register(null, true, false),
                "registerSalesforceOrg allowAuthUrlExport: false, " + from + ", defaultDevHub: true");
        st.assertRoundTrip(
                register(true, false, null), "registerSalesforceOrg " + from + ", defaultDevHub: false, devHub: true");
        st.assertRoundTrip(
                register(false, null, true),
                "registerSalesforceOrg allowAuthUrlExport: true, " + from + ", devHub: false");
    }

    @Test
    void theSalesforceOrgsFormKeepsEachOfTheThreeChoices(JenkinsRule j) throws Exception {
        for (Boolean devHub : CHOICES) {
            SalesforceOrgsStep before = new SalesforceOrgsStep();
            before.setDevHub(devHub);
            before.setMetadata("team=core");
            SalesforceOrgsStep after = new StepConfigTester(j).configRoundTrip(before);
            assertEquals(devHub, after.getDevHub(), "devHub after the form, chosen " + devHub);
            j.assertEqualDataBoundBeans(before, after);
        }
    }

    @Test
    void theUpdateSalesforceOrgFormKeepsEachOfTheThreeChoicesOfBothFlags(JenkinsRule j) throws Exception {
        for (Boolean[] flags : latinSquare()) {
            UpdateSalesforceOrgStep before = update(flags[0], flags[1]);
            UpdateSalesforceOrgStep after = new StepConfigTester(j).configRoundTrip(before);
            String chosen = " (chosen devHub " + flags[0] + ", defaultDevHub " + flags[1] + ")";
            assertEquals(flags[0], after.getDevHub(), "devHub after the form" + chosen);
            assertEquals(flags[1], after.getDefaultDevHub(), "defaultDevHub after the form" + chosen);
            j.assertEqualDataBoundBeans(before, after);
        }
    }

    @Test
    void theRegisterSalesforceOrgFormKeepsEachOfTheThreeChoicesOfEveryFlag(JenkinsRule j) throws Exception {
        for (Boolean[] flags : latinSquare()) {
            RegisterSalesforceOrgStep before = register(flags[0], flags[1], flags[2]);
            RegisterSalesforceOrgStep after = new StepConfigTester(j).configRoundTrip(before);
            String chosen = " (chosen " + Arrays.toString(flags) + ")";
            assertEquals(flags[0], after.getDevHub(), "devHub after the form" + chosen);
            assertEquals(flags[1], after.getDefaultDevHub(), "defaultDevHub after the form" + chosen);
            assertEquals(flags[2], after.getAllowAuthUrlExport(), "allowAuthUrlExport after the form" + chosen);
            j.assertEqualDataBoundBeans(before, after);
        }
    }

    @Test
    void eachSelectOffersLeftOutTrueAndFalseWithTheLeftOutChoiceFirst(JenkinsRule j) {
        SalesforceOrgsStep.DescriptorImpl orgs = j.jenkins.getDescriptorByType(SalesforceOrgsStep.DescriptorImpl.class);
        UpdateSalesforceOrgStep.DescriptorImpl update =
                j.jenkins.getDescriptorByType(UpdateSalesforceOrgStep.DescriptorImpl.class);
        RegisterSalesforceOrgStep.DescriptorImpl register =
                j.jenkins.getDescriptorByType(RegisterSalesforceOrgStep.DescriptorImpl.class);
        List<ListBoxModel> all = List.of(
                orgs.doFillDevHubItems(),
                update.doFillDevHubItems(),
                update.doFillDefaultDevHubItems(),
                register.doFillDevHubItems(),
                register.doFillDefaultDevHubItems(),
                register.doFillAllowAuthUrlExportItems());
        for (ListBoxModel choices : all) {
            assertThat(choices.stream().map(o -> o.value).toList(), is(List.of("", "true", "false")));
        }
        assertThat(orgs.doFillDevHubItems().get(0).name, is("Dev Hubs and other orgs"));
        assertThat(update.doFillDevHubItems().get(0).name, is("Leave as it is"));
        assertThat(update.doFillDefaultDevHubItems().get(0).name, is("Leave as it is"));
        for (ListBoxModel choices : all.subList(3, 6)) {
            assertThat(choices.get(0).name, startsWith("Leave as it is (a new org: "));
        }
    }

    @Test
    void aValueTheSelectNeverOffersIsRefusedNamingTheField(JenkinsRule j) {
        UpdateSalesforceOrgStep.DescriptorImpl update =
                j.jenkins.getDescriptorByType(UpdateSalesforceOrgStep.DescriptorImpl.class);
        FormException e = assertThrows(
                FormException.class,
                () -> update.newInstance(
                        (StaplerRequest2) null,
                        JSONObject.fromObject("{'org': 'hub', 'devHub': '', 'defaultDevHub': 'yes'}")));
        assertThat(e.getFormField(), is("defaultDevHub"));
        assertThat(e.getMessage(), containsString("'defaultDevHub'"));
        assertThat(e.getMessage(), containsString("'yes'"));
    }

    private static UpdateSalesforceOrgStep update(Boolean devHub, Boolean defaultDevHub) {
        UpdateSalesforceOrgStep step = new UpdateSalesforceOrgStep("hub");
        step.setDevHub(devHub);
        step.setDefaultDevHub(defaultDevHub);
        return step;
    }

    private static RegisterSalesforceOrgStep register(Boolean devHub, Boolean defaultDevHub, Boolean export) {
        RegisterSalesforceOrgStep step = new RegisterSalesforceOrgStep();
        step.setAuthUrlCredentialsId("hub-url");
        step.setDevHub(devHub);
        step.setDefaultDevHub(defaultDevHub);
        step.setAllowAuthUrlExport(export);
        return step;
    }

    /**
     * Each of the three choices once for each flag, never the same choice for two flags in one row: {devHub,
     * defaultDevHub, allowAuthUrlExport}.
     */
    private static List<Boolean[]> latinSquare() {
        return List.of(
                new Boolean[] {null, true, false}, new Boolean[] {true, false, null}, new Boolean[] {false, null, true
                });
    }
}
