package io.jenkins.plugins.salesforce.core.api;

/**
 * Who a token belongs to: the username from the identity service, and the org and user ids from the last two segments
 * of the token's identity URL.
 */
public record Identity(String username, String orgId, String userId) {}
