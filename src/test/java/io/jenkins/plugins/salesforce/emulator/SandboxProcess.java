package io.jenkins.plugins.salesforce.emulator;

import java.time.Instant;

/** One SandboxProcess row (a create or refresh of a sandbox), as the Tooling API shows it. Setters return {@code this}. */
public final class SandboxProcess {
    private final String id;
    private final Sandbox sandbox;
    private final Instant createdDate;
    private volatile String status;
    private volatile Instant endDate;
    private volatile int copyProgress;
    private volatile String sandboxOrganization;
    private volatile User createdBy;

    SandboxProcess(
            String id,
            Sandbox sandbox,
            Instant createdDate,
            String status,
            Instant endDate,
            int copyProgress,
            String sandboxOrganization,
            User createdBy) {
        this.id = id;
        this.sandbox = sandbox;
        this.createdDate = createdDate;
        this.status = status;
        this.endDate = endDate;
        this.copyProgress = copyProgress;
        this.sandboxOrganization = sandboxOrganization;
        this.createdBy = createdBy;
    }

    /** {@code Pending}, {@code Processing}, {@code Activating}, {@code Completed}, {@code Deleting}, {@code Deleted}... */
    public SandboxProcess status(String status) {
        this.status = status;
        return this;
    }

    public SandboxProcess endDate(Instant endDate) {
        this.endDate = endDate;
        return this;
    }

    public SandboxProcess copyProgress(int percent) {
        this.copyProgress = percent;
        return this;
    }

    /** The 15-character id of the sandbox org, or null while copying. */
    public SandboxProcess sandboxOrganization(String id15) {
        this.sandboxOrganization = id15;
        return this;
    }

    public SandboxProcess createdBy(User user) {
        this.createdBy = user;
        return this;
    }

    public String id() {
        return id;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public String status() {
        return status;
    }

    public Instant createdDate() {
        return createdDate;
    }

    public Instant endDate() {
        return endDate;
    }

    public int copyProgress() {
        return copyProgress;
    }

    public String sandboxOrganization() {
        return sandboxOrganization;
    }

    public User createdBy() {
        return createdBy;
    }

    boolean isDeletedRow() {
        return status != null && status.startsWith("Del");
    }

    @Override
    public String toString() {
        return "SandboxProcess[" + id + ", " + sandbox.name() + ", " + status + "]";
    }
}
