package io.jenkins.plugins.salesforce.core.orgs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where registered orgs live: the port the Jenkins credential stores implement (the core's
 * {@link InMemoryOrgStore} serves tests, benchmarks and the emulator demo). The {@link OrgRegistry} holds the
 * rules; a store keeps the few invariants that must hold under concurrent writers, listed here.
 *
 * <h2>Invariants (every implementation)</h2>
 * <ol>
 *   <li><b>Unique id.</b> At most one org per {@link OrgRecord#id()}.
 *   <li><b>One org per username.</b> At most one org per username, compared case-insensitively (Salesforce usernames
 *       are). A JIT sandbox whose username is not yet known is identified by its sandbox name (case-insensitive) and
 *       its production org id instead; at most one JIT sandbox per such pair.
 *   <li><b>At most one default Dev Hub.</b> The default Dev Hub is the store's, not each org's: a store names at most
 *       one of its Dev Hubs as its default, and the records it returns carry {@link OrgRecord#defaultDevHub()} when
 *       they are that org. A record handed to {@link #save} or {@link #update} with the flag set makes the org the
 *       default (the old default stops being it in the same step); with the flag off, an org that was the default
 *       stops being it. Removing the default org clears the default. (The Jenkins stores keep the default as a
 *       setting of the store, which configuration as code or an administrator may point at an org the store does not
 *       hold; {@link #defaultDevHub()} then throws.)
 * </ol>
 *
 * <h2>Atomicity</h2>
 * Each method is atomic: it sees one consistent state of the store and leaves one. Readers never observe a state
 * that breaks an invariant (for example two defaults, or a half-applied upsert). {@link #atomically(Supplier)} runs
 * a read-modify-write sequence of the registry with no other writer in between. The Jenkins implementation does so
 * by holding <em>the store's lock</em> (one lock per credential store, reentrant) around every write and every
 * {@code atomically} block, and saves the store once at the end of the block; reads may use a snapshot.
 * Nothing that calls Salesforce runs inside the lock: the registry validates first, then writes.
 *
 * <h2>Views over several stores</h2>
 * In Jenkins a run sees the credentials of its folders and of the system. An implementation that presents such a
 * view returns, from {@code find...}, the org of the nearest store, and from {@link #defaultDevHub()}, the nearest
 * store's default (folder, then parent folders, then system: the nearest store that names a default); {@link #list()}
 * may then hold several records flagged default, one per store. Writes go to one store. The registry asks
 * {@link #defaultDevHub()}, never the flags.
 *
 * <p>Only {@link #findRegistered(String)} returns a secret; every other method returns {@link OrgRecord}s.
 */
public interface OrgStore {

    /** Every registered org, without secrets, as one consistent snapshot. */
    List<OrgRecord> list();

    /** The org with this id (exact match), or empty. */
    Optional<OrgRecord> findById(String id);

    /** The org with this id together with its secret, for the token service; empty when there is none. */
    Optional<RegisteredOrg> findRegistered(String id);

    /** The org with this username, compared case-insensitively, or empty. */
    default Optional<OrgRecord> findByUsername(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return list().stream()
                .filter(r -> OrgRecordRules.sameUsername(r.username(), username))
                .findFirst();
    }

    /** Every JIT sandbox registered under this sandbox name (case-insensitive), whatever its production org. */
    default List<OrgRecord> findJitSandboxes(String sandboxName) {
        return list().stream()
                .filter(r -> r.isJitSandbox() && OrgRecordRules.sameSandboxName(r.sandboxName(), sandboxName))
                .toList();
    }

    /** The JIT sandbox with this name (case-insensitive) under the production org with this id, or empty. */
    default Optional<OrgRecord> findJitSandbox(String sandboxName, String productionOrgId) {
        return findJitSandboxes(sandboxName).stream()
                .filter(r -> r.productionOrgId().equals(productionOrgId))
                .findFirst();
    }

    /**
     * Saves an org: an upsert by username, atomically.
     * <ul>
     *   <li>If an org with the same username exists (case-insensitive; for a JIT sandbox without a username, the same
     *       sandbox name under the same production org), it is replaced and <b>keeps its id</b>; the id given is
     *       ignored. Registering the same username twice therefore updates, never duplicates.
     *   <li>Otherwise, the org with the given id is replaced (an edit that changes the username), or the org is
     *       added.
     *   <li>The default flag is obeyed: {@code defaultDevHub=true} makes this org the default Dev Hub and clears the
     *       old default in the same step; {@code false} leaves this org not the default.
     * </ul>
     *
     * @return the record as stored (with the id that applies)
     * @throws io.jenkins.plugins.salesforce.core.SalesforceAuthException NOT_ALLOWED when a JIT sandbox's username
     *     belongs to one org and its sandbox name (under its production org) to another (the store is left unchanged)
     */
    OrgRecord save(RegisteredOrg org);

    /**
     * Saves an org whose auth URL Salesforce rotated (the refresh grant returned a new refresh token): the same as
     * {@link #save} (the default), for a store that records when an org's secret was rotated.
     */
    default OrgRecord saveRotated(RegisteredOrg org) {
        return save(org);
    }

    /**
     * Told after each successful grant with the secret of the org with this id (an auth URL's refresh grant or a JWT
     * bearer grant), for a store that records when a secret was last used; does nothing by default. Called on the
     * token's path, outside {@link #atomically}: it must be quick, must not write on every call (a busy org gets many
     * tokens: see {@link OrgDates#grantWorthRecording}) and must not throw.
     */
    default void granted(String id, Instant at) {}

    /**
     * Replaces the non-secret part of the org with {@code record.id()}, keeping its secret: metadata and flag updates,
     * discovered fields. The kind cannot change. The default flag is obeyed as in {@link #save}.
     *
     * @return the record as stored
     * @throws io.jenkins.plugins.salesforce.core.SalesforceAuthException NOT_FOUND when there is no such org,
     *     BAD_INPUT when the kind differs, NOT_ALLOWED when the new username belongs to another org
     */
    OrgRecord update(OrgRecord record);

    /** Removes the org with this id; returns it, or empty when there was none. */
    Optional<OrgRecord> remove(String id);

    /**
     * Makes the org with this id the store's default Dev Hub, in place of the old default, in one atomic step.
     *
     * @return the new default, as stored
     * @throws io.jenkins.plugins.salesforce.core.SalesforceAuthException NOT_FOUND when there is no such org,
     *     WRONG_ORG_TYPE when it is not a Dev Hub (nothing changes then)
     */
    OrgRecord setDefaultDevHub(String id);

    /**
     * The default Dev Hub, or empty when none is set.
     *
     * @throws io.jenkins.plugins.salesforce.core.SalesforceAuthException NOT_FOUND or WRONG_ORG_TYPE, naming the
     *     setting and the fix, when the store's default names an org it does not hold or one that is not a Dev Hub
     */
    default Optional<OrgRecord> defaultDevHub() {
        return list().stream().filter(OrgRecord::defaultDevHub).findFirst();
    }

    /**
     * The key under which a token service keeps the token of the org with this id. Token services that share one
     * cache ({@code TokenService.forStore}) must never mix up two orgs, so the key is unique across every store that
     * shares the cache. A single store returns the id (the default); a view over several stores prefixes the id with
     * the store the org is found in, because two stores may each hold an org with the same id.
     */
    default String tokenCacheKey(String id) {
        return id;
    }

    /**
     * The orgs that the credential of the org with this id may refer to, such as a JIT sandbox's production org. A
     * single store answers with itself (the default). A view over several stores answers with the org's own store
     * and the stores above it, never a nearer one: a folder's credential named like the production org of a JIT
     * sandbox stored further up must not change whose sandbox that credential reaches.
     */
    default OrgStore scopeOf(String id) {
        return this;
    }

    /**
     * Runs {@code work} with no other writer in between: every read and write {@code work} makes through this store
     * sees the effects of the previous ones and no one else's. Reentrant. Readers outside the block may see the
     * intermediate states, each of which keeps the invariants. {@code work} must not call Salesforce or wait for
     * other threads.
     */
    <T> T atomically(Supplier<T> work);
}
