package io.jenkins.plugins.salesforce.steps;

import java.util.List;
import org.jenkinsci.plugins.credentialsbinding.impl.BindingStep;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every step and the binding through the Snippet Generator's model, and the step forms through their config.jelly. */
@WithJenkins
class SalesforceStepsSnippetTest {

    @Test
    void snippetRoundTrips(JenkinsRule j) throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);

        WithSalesforceOrgStep with = new WithSalesforceOrgStep();
        with.setOrg("prod");
        st.assertRoundTrip(with, "withSalesforceOrg(org: 'prod') {\n    // some block\n}");
        WithSalesforceOrgStep hub = new WithSalesforceOrgStep();
        hub.setDevHub(true);
        st.assertRoundTrip(hub, "withSalesforceOrg(devHub: true) {\n    // some block\n}");
        WithSalesforceOrgStep unregisteredSandbox = new WithSalesforceOrgStep();
        unregisteredSandbox.setSandbox("hotfix");
        unregisteredSandbox.setProductionOrg("prod");
        st.assertRoundTrip(
                unregisteredSandbox,
                "withSalesforceOrg(productionOrg: 'prod', sandbox: 'hotfix') {\n    // some block\n}");
        WithSalesforceOrgStep unregisteredScratch = new WithSalesforceOrgStep();
        unregisteredScratch.setScratchOrg("test-xyz@example.com");
        unregisteredScratch.setDevHubOrg("hub");
        st.assertRoundTrip(
                unregisteredScratch,
                "withSalesforceOrg(devHubOrg: 'hub', scratchOrg: 'test-xyz@example.com') {\n    // some block\n}");

        RefreshSalesforceTokenStep refresh = new RefreshSalesforceTokenStep();
        st.assertRoundTrip(refresh, "refreshSalesforceToken()");
        refresh.setMinValidity(10);
        st.assertRoundTrip(refresh, "refreshSalesforceToken minValidity: 10");

        SalesforceAccessTokenStep token = new SalesforceAccessTokenStep();
        token.setOrg("prod");
        st.assertRoundTrip(token, "salesforceAccessToken org: 'prod'");
        token.setAuthType("sfdxAuthUrl");
        st.assertRoundTrip(token, "salesforceAccessToken authType: 'sfdxAuthUrl', org: 'prod'");
        token.setAuthType("accessToken"); // the default is not written
        st.assertRoundTrip(token, "salesforceAccessToken org: 'prod'");

        SandboxAuthStep sandbox = new SandboxAuthStep("uat");
        st.assertRoundTrip(sandbox, "sandboxAuth 'uat'");
        sandbox.setProductionOrg("prod");
        sandbox.setFrontdoor(true);
        st.assertRoundTrip(sandbox, "sandboxAuth frontdoor: true, productionOrg: 'prod', sandboxName: 'uat'");

        ScratchOrgAuthStep scratch = new ScratchOrgAuthStep("a@b.c");
        scratch.setDevHub("hub");
        st.assertRoundTrip(scratch, "scratchOrgAuth devHub: 'hub', username: 'a@b.c'");

        SalesforceFrontdoorUrlStep frontdoor = new SalesforceFrontdoorUrlStep("uat");
        st.assertRoundTrip(frontdoor, "salesforceFrontdoorUrl 'uat'");
        frontdoor.setRepository("acme/app");
        frontdoor.setProductionOrg("prod");
        frontdoor.setClassic(true);
        frontdoor.setStartPath("/lightning/page/home");
        st.assertRoundTrip(
                frontdoor,
                "salesforceFrontdoorUrl classic: true, org: 'uat', productionOrg: 'prod',"
                        + " repository: 'acme/app', startPath: '/lightning/page/home'");

        SalesforceOrgsStep orgs = new SalesforceOrgsStep();
        st.assertRoundTrip(orgs, "salesforceOrgs()");
        orgs.setType("Sandbox");
        orgs.setDevHub(false);
        orgs.setMetadata("team=core");
        st.assertRoundTrip(orgs, "salesforceOrgs devHub: false, metadata: 'team=core', type: 'Sandbox'");

        st.assertRoundTrip(new SalesforceTestConnectionStep("prod"), "salesforceTestConnection 'prod'");

        RegisterSalesforceOrgStep register = new RegisterSalesforceOrgStep();
        register.setId("uat");
        register.setAuthUrlFile("uat.json");
        register.setMetadata("team=core");
        register.setStore("folder");
        st.assertRoundTrip(
                register,
                "registerSalesforceOrg authUrlFile: 'uat.json', id: 'uat', metadata: 'team=core', store: 'folder'");
        RegisterSalesforceOrgStep fromCredential = new RegisterSalesforceOrgStep();
        fromCredential.setAuthUrlCredentialsId("hub-url");
        fromCredential.setDevHub(true);
        fromCredential.setDefaultDevHub(true);
        fromCredential.setAllowAuthUrlExport(true);
        st.assertRoundTrip(
                fromCredential,
                "registerSalesforceOrg allowAuthUrlExport: true, authUrlCredentialsId:"
                        + " 'hub-url', defaultDevHub: true, devHub: true");

        RegisterSalesforceOrgStep jwt = new RegisterSalesforceOrgStep();
        jwt.setType("jwt");
        jwt.setClientId("3MVG9x");
        jwt.setLoginUrl("https://login.salesforce.com");
        jwt.setUsername("ci@acme.com");
        jwt.setPrivateKeyCredentialsId("hub-key");
        jwt.setPassphraseCredentialsId("hub-key-passphrase");
        jwt.setAudience("https://acme.my.salesforce.com");
        st.assertRoundTrip(
                jwt,
                "registerSalesforceOrg audience: 'https://acme.my.salesforce.com', clientId: '3MVG9x', loginUrl:"
                        + " 'https://login.salesforce.com', passphraseCredentialsId: 'hub-key-passphrase',"
                        + " privateKeyCredentialsId: 'hub-key', type: 'jwt', username: 'ci@acme.com'");
        RegisterSalesforceOrgStep app = new RegisterSalesforceOrgStep();
        app.setType("clientCredentials");
        app.setClientId("3MVG9x");
        app.setMyDomainUrl("https://acme.my.salesforce.com");
        app.setClientSecretCredentialsId("app-secret");
        app.setPrivateKeyFile(" ");
        st.assertRoundTrip(
                app,
                "registerSalesforceOrg clientId: '3MVG9x', clientSecretCredentialsId: 'app-secret', myDomainUrl:"
                        + " 'https://acme.my.salesforce.com', type: 'clientCredentials'");

        RegisterSalesforceJitSandboxStep jit = new RegisterSalesforceJitSandboxStep("uat");
        jit.setProductionOrg("prod");
        st.assertRoundTrip(jit, "registerSalesforceJitSandbox productionOrg: 'prod', sandboxName: 'uat'");
        jit.setId("uat-jit");
        jit.setMetadata("env=uat");
        jit.setStore("folder");
        st.assertRoundTrip(
                jit,
                "registerSalesforceJitSandbox id: 'uat-jit', metadata: 'env=uat', productionOrg: 'prod',"
                        + " sandboxName: 'uat', store: 'folder'");

        UpdateSalesforceOrgStep update = new UpdateSalesforceOrgStep("hub");
        update.setDevHub(true);
        update.setDefaultDevHub(true);
        update.setMetadata("repository=acme/app");
        st.assertRoundTrip(
                update,
                "updateSalesforceOrg defaultDevHub: true, devHub: true, metadata: 'repository=acme/app', org: 'hub'");

        st.assertRoundTrip(new RemoveSalesforceOrgStep("uat"), "removeSalesforceOrg 'uat'");

        SalesforceOrgBinding binding = new SalesforceOrgBinding("prod");
        st.assertRoundTrip(
                new BindingStep(List.of(binding)), "withCredentials([salesforceOrg('prod')]) {\n    // some block\n}");
        binding.setTokenVariable("TOKEN");
        st.assertRoundTrip(
                new BindingStep(List.of(binding)),
                "withCredentials([salesforceOrg(credentialsId: 'prod', tokenVariable: 'TOKEN')]) {\n"
                        + "    // some block\n}");
    }

    @Test
    void configFormRoundTrips(JenkinsRule j) throws Exception {
        WithSalesforceOrgStep with = new WithSalesforceOrgStep();
        with.setOrg("prod");
        j.assertEqualDataBoundBeans(with, new StepConfigTester(j).configRoundTrip(with));
        WithSalesforceOrgStep unregistered = new WithSalesforceOrgStep();
        unregistered.setScratchOrg("test-xyz@example.com");
        unregistered.setDevHubOrg("hub");
        unregistered.setMinValidity(10);
        j.assertEqualDataBoundBeans(unregistered, new StepConfigTester(j).configRoundTrip(unregistered));

        SalesforceAccessTokenStep token = new SalesforceAccessTokenStep();
        token.setOrg("prod");
        token.setAuthType("sfdxAuthUrl");
        j.assertEqualDataBoundBeans(token, new StepConfigTester(j).configRoundTrip(token));

        SandboxAuthStep sandbox = new SandboxAuthStep("uat");
        sandbox.setProductionOrg("prod");
        sandbox.setFrontdoor(true);
        j.assertEqualDataBoundBeans(sandbox, new StepConfigTester(j).configRoundTrip(sandbox));

        ScratchOrgAuthStep scratch = new ScratchOrgAuthStep("a@b.c");
        scratch.setDevHub("hub");
        j.assertEqualDataBoundBeans(scratch, new StepConfigTester(j).configRoundTrip(scratch));

        SalesforceFrontdoorUrlStep frontdoor = new SalesforceFrontdoorUrlStep("uat");
        frontdoor.setRepository("acme/app");
        frontdoor.setClassic(true);
        j.assertEqualDataBoundBeans(frontdoor, new StepConfigTester(j).configRoundTrip(frontdoor));

        SalesforceOrgsStep orgs = new SalesforceOrgsStep();
        orgs.setType("Sandbox");
        orgs.setDevHub(true);
        orgs.setMetadata("team=core");
        j.assertEqualDataBoundBeans(orgs, new StepConfigTester(j).configRoundTrip(orgs));

        SalesforceTestConnectionStep test = new SalesforceTestConnectionStep("prod");
        j.assertEqualDataBoundBeans(test, new StepConfigTester(j).configRoundTrip(test));

        RegisterSalesforceOrgStep register = new RegisterSalesforceOrgStep();
        register.setId("uat");
        register.setAuthUrlFile("uat.json");
        register.setDevHub(true);
        register.setMetadata("team=core");
        j.assertEqualDataBoundBeans(register, new StepConfigTester(j).configRoundTrip(register));

        UpdateSalesforceOrgStep update = new UpdateSalesforceOrgStep("hub");
        update.setMetadata("repository=acme/app");
        j.assertEqualDataBoundBeans(update, new StepConfigTester(j).configRoundTrip(update));

        RemoveSalesforceOrgStep remove = new RemoveSalesforceOrgStep("uat");
        remove.setStore("system");
        j.assertEqualDataBoundBeans(remove, new StepConfigTester(j).configRoundTrip(remove));
    }
}
