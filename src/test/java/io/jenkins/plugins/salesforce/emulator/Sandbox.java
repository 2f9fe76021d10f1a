package io.jenkins.plugins.salesforce.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sandbox of a production org: its definition (the SandboxInfo row), its SandboxProcess rows and the sandbox org.
 * Create one with {@link Org#sandbox(String)}. The helpers put it in each state of a sandbox's {@code SandboxProcess}
 * row and its {@code sandboxAuth} answer (copying, completed, refreshed, deleted, not yet ready to authorise).
 */
public final class Sandbox {
    private final SalesforceEmulator emulator;
    private final Org production;
    private final String name;
    private final String sandboxInfoId;
    private final Instant infoCreatedDate;
    private final List<SandboxProcess> processes = new CopyOnWriteArrayList<>();
    private volatile Org org;
    private volatile String licenseType = "DEVELOPER";
    private volatile String description;
    private volatile boolean infoDeleted;
    private volatile boolean authReady = true;
    private volatile User createdBy;
    private volatile boolean sandboxAuthReturnsTestLoginUrl;

    Sandbox(
            SalesforceEmulator emulator,
            Org production,
            String name,
            String sandboxInfoId,
            Instant infoCreatedDate,
            User createdBy) {
        this.emulator = emulator;
        this.production = production;
        this.name = name;
        this.sandboxInfoId = sandboxInfoId;
        this.infoCreatedDate = infoCreatedDate;
        this.createdBy = createdBy;
    }

    // ---------------------------------------------------------------- states

    /** Sets the status of the newest process row; any status but {@code Completed} clears its EndDate. */
    public Sandbox status(String status) {
        SandboxProcess p = currentProcess();
        p.status(status);
        if ("Completed".equals(status)) {
            if (p.endDate() == null) {
                p.endDate(emulator.clock().instant());
            }
            p.copyProgress(100);
            p.sandboxOrganization(org.id15());
        } else {
            p.endDate(null);
            p.copyProgress(Math.min(p.copyProgress(), 90));
        }
        return this;
    }

    /** Whether sandboxAuth works yet; false makes it answer 400 INVALID_STATUS (copy done, auth not ready). */
    public Sandbox authReady(boolean ready) {
        this.authReady = ready;
        return this;
    }

    /** Who created (or last refreshed) the sandbox; sandboxAuth refuses anyone else with 404 NOT_FOUND. */
    public Sandbox createdBy(User productionUser) {
        this.createdBy = productionUser;
        currentProcess().createdBy(productionUser);
        return this;
    }

    /** Deletes the sandbox: every process row {@code Deleted}, SandboxInfo {@code IsDeleted}, the org deleted (420). */
    public Sandbox delete() {
        for (SandboxProcess p : processes) {
            p.status("Deleted");
        }
        infoDeleted = true;
        org.delete();
        return this;
    }

    /** Removes every trace from the production org's queries: no SandboxInfo or SandboxProcess rows at all. */
    public Sandbox remove() {
        processes.clear();
        production.removeSandbox(this);
        return this;
    }

    /** Adds a second non-deleted {@code Completed} process row for the same name (the "more than 1 record" case). */
    public SandboxProcess duplicateProcess() {
        Instant now = emulator.clock().instant();
        SandboxProcess p =
                new SandboxProcess(emulator.ids().next("0GR"), this, now, "Completed", now, 100, org.id15(), createdBy);
        processes.add(p);
        return p;
    }

    /**
     * Refreshes the sandbox: the old org is deleted and its process row becomes {@code Deleted}; a new org (new id,
     * new host, users copied again) gets a new {@code Completed} row created by {@code createdBy}.
     */
    public Sandbox refresh() {
        for (SandboxProcess p : processes) {
            p.status("Deleted");
        }
        org.delete();
        emulator.populateSandbox(this);
        return this;
    }

    public Sandbox licenseType(String licenseType) {
        this.licenseType = licenseType;
        return this;
    }

    public Sandbox description(String description) {
        this.description = description;
        return this;
    }

    /** Makes sandboxAuth answer {@code loginUrl} = the test host instead of the sandbox's instance URL. */
    public Sandbox sandboxAuthReturnsTestLoginUrl(boolean test) {
        this.sandboxAuthReturnsTestLoginUrl = test;
        return this;
    }

    // ---------------------------------------------------------------- getters

    public String name() {
        return name;
    }

    public Org production() {
        return production;
    }

    /** The sandbox org (after {@link #refresh()}, the new one). */
    public Org org() {
        return org;
    }

    /** The sandbox copy of a production user: {@code admin@acme.com} gives {@code admin@acme.com.uat}. */
    public User userFor(User productionUser) {
        return org.findUserHere(sandboxUsername(productionUser));
    }

    public String sandboxInfoId() {
        return sandboxInfoId;
    }

    public Instant infoCreatedDate() {
        return infoCreatedDate;
    }

    public String licenseType() {
        return licenseType;
    }

    public String description() {
        return description;
    }

    public boolean isInfoDeleted() {
        return infoDeleted;
    }

    public boolean isAuthReady() {
        return authReady;
    }

    public User createdBy() {
        return createdBy;
    }

    public boolean sandboxAuthReturnsTestLoginUrl() {
        return sandboxAuthReturnsTestLoginUrl;
    }

    /** Process rows, oldest first. */
    public List<SandboxProcess> processes() {
        return List.copyOf(processes);
    }

    /** The newest process row. */
    public SandboxProcess currentProcess() {
        if (processes.isEmpty()) {
            throw new IllegalStateException("Sandbox " + name + " has no process rows (removed?)");
        }
        return processes.get(processes.size() - 1);
    }

    // ---------------------------------------------------------------- internal

    void org(Org org) {
        this.org = org;
    }

    void addProcess(SandboxProcess p) {
        processes.add(p);
    }

    String sandboxUsername(User productionUser) {
        return productionUser.username() + "." + name.toLowerCase(Locale.ROOT);
    }

    static Duration copyTime() {
        return Duration.ofMinutes(70);
    }

    @Override
    public String toString() {
        return "Sandbox[" + name + " of " + production.name() + ", "
                + (processes.isEmpty() ? "removed" : currentProcess().status()) + "]";
    }
}
