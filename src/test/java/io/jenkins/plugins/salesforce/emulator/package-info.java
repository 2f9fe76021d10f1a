/**
 * A Salesforce emulator for tests (and for trying the plugin by hand, see {@link
 * io.jenkins.plugins.salesforce.emulator.SalesforceEmulatorMain}): plain HTTP on 127.0.0.1 (or HTTPS with a test CA,
 * {@code builder().https()}, which the real {@code sf} CLI needs), with state, faults and request counters. It answers
 * the Salesforce endpoints of {@code docs/salesforce-endpoints.md}; {@code docs/emulator.md} tells a user how to run
 * it.
 *
 * <h2>Hosts are ports</h2>
 * Each simulated host is its own server on its own port, all sharing one state: the login host
 * ({@link io.jenkins.plugins.salesforce.emulator.SalesforceEmulator#loginUrl()}, playing
 * {@code https://login.salesforce.com}), the test host ({@code testUrl()}, playing {@code https://test.salesforce.com})
 * and one instance (My Domain) host per org ({@link io.jenkins.plugins.salesforce.emulator.Org#instanceUrl()}). All are
 * {@code http://127.0.0.1:<port>} origins ({@code https://} in HTTPS mode, where every URL the emulator hands out,
 * {@code instance_url} and identity URLs included, is https), so the plugin must allow {@code http://127.0.0.1} (or
 * {@code https://127.0.0.1}) as an admin-added host.
 * The token, revoke and introspect endpoints answer on every host: the login host serves production-type orgs, the
 * test host sandboxes and scratch orgs, an instance host its own org. The REST API and frontdoor answer on instance
 * hosts only; identity and userinfo everywhere.
 *
 * <h2>Seeding</h2>
 * <pre>{@code
 * try (SalesforceEmulator emulator = SalesforceEmulator.start()) {      // MutableClock at 2026-11-23T08:00Z
 *     Org prod = emulator.productionOrg("acme").devHub(true);            // 00D000000000001EAA, "Acme"
 *     User admin = prod.user("admin@acme.com");                         // 005000000000001AAA
 *     ConnectedApp app = emulator.connectedApp("3MVG9FAKEconsumerKey.x1").secret("FAKESECRET123");
 *     String authUrl = emulator.authUrlFor(admin, app);                 // force://key:secret:token@127.0.0.1:port
 *     Sandbox uat = prod.sandbox("uat");                                // org + SandboxInfo + Completed SandboxProcess
 *     ScratchOrgInfo scratch = prod.scratchOrg("test-abc@example.com").withSfdxAuthUrl();
 *     emulator.faults().on(Endpoint.TOKEN).forOrg(prod).times(2).respond(Fault.http503Html());
 *     // ... run the client against authUrl ...
 *     assertThat(emulator.requests().count(Endpoint.TOKEN, GrantTypes.REFRESH_TOKEN), is(3));
 *     emulator.clock().advance(Duration.ofHours(2));                    // every session issued so far has expired
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.jenkins.plugins.salesforce.emulator.SalesforceEmulator}: start ({@code start()}, {@code builder()}
 *       with {@code clock}, {@code loginPort}, {@code basePort}, {@code strictJwtExpiry}, {@code https()}), orgs
 *       ({@code productionOrg}, {@code developerEdition}), apps ({@code connectedApp}, {@code platformCli}), credentials
 *       ({@code authUrlFor}, {@code issueRefreshToken}, {@code issueAccessToken}, {@code issueAuthCode}), inspection
 *       ({@code orgs}, {@code org(id)}, {@code findUser}, {@code refreshToken(value)}, {@code accessToken(value)},
 *       {@code refreshTokens}, {@code accessTokens}, {@code authCodes}, {@code otps}), {@code faults()},
 *       {@code requests()}, {@code clock()}, {@code resetRequestsAndFaults()}, {@code close()}.</li>
 *   <li>{@link io.jenkins.plugins.salesforce.emulator.Org}: {@code user}, {@code sandbox}, {@code scratchOrg}, and the
 *       state setters {@code devHub}, {@code isSandbox}, {@code trialExpirationDate}, {@code organizationType},
 *       {@code namespacePrefix}, {@code sessionTimeout} (default 2 h), {@code apiVersions}, {@code ipRestricted},
 *       {@code deactivate}, {@code delete} (420 "Data Not Available"), {@code jwtReplicationDelay(k)},
 *       {@code scratchOrgInfoCustomFields(false)} (INVALID_FIELD), {@code changeInstanceUrl()}.</li>
 *   <li>{@link io.jenkins.plugins.salesforce.emulator.User}: {@code preAuthorize(app)} (needed for JWT),
 *       {@code deactivate}, {@code freeze}, {@code refreshTokens}, {@code identityUrl}.</li>
 *   <li>{@link io.jenkins.plugins.salesforce.emulator.ConnectedApp}: {@code secret}, {@code callbackUrls},
 *       {@code certificate(PublicKey)}, {@code refreshTokenPolicy}, {@code rotateRefreshTokens},
 *       {@code maxApprovalsPerUser} (default 5), {@code installedOnlyIn}, {@code externalClientApp} (app_not_found
 *       where not installed), {@code jwtAccessTokens} (eyJ... tokens).</li>
 *   <li>{@link io.jenkins.plugins.salesforce.emulator.Sandbox}: {@code status("Processing")}, {@code authReady(false)}
 *       (INVALID_STATUS), {@code createdBy(user)}, {@code delete}, {@code remove}, {@code duplicateProcess},
 *       {@code refresh}, {@code userFor(prodUser)}.</li>
 *   <li>{@link io.jenkins.plugins.salesforce.emulator.ScratchOrgInfo}: {@code status}, {@code error(code)},
 *       {@code delete}, {@code withSfdxAuthUrl()}, {@code sfdxAuthUrl("force://PlatformCLI::undefined@...")},
 *       {@code pooltag}, {@code allocationStatus}, {@code withAuthCode()} (the one-time {@code AuthCode} a signup
 *       row gets at once, for the waiting client's login to the new org).</li>
 *   <li>Tokens ({@link io.jenkins.plugins.salesforce.emulator.RefreshToken},
 *       {@link io.jenkins.plugins.salesforce.emulator.AccessToken}, {@link io.jenkins.plugins.salesforce.emulator.AuthCode})
 *       can be revoked or expired at a chosen clock time ({@code expireAt}).</li>
 * </ul>
 *
 * <h2>Faults</h2>
 * {@link io.jenkins.plugins.salesforce.emulator.Faults#on} names endpoints; the rule can be narrowed with
 * {@code forOrg}, {@code forGrant}, {@code onHost}, limited with {@code times}/{@code once}/{@code afterCalls}, and is
 * registered by {@code respond(Fault)}. Rules are permanent unless limited and tried in registration order.
 * {@link io.jenkins.plugins.salesforce.emulator.Fault} has a factory for every Salesforce error of the spec, the
 * transport faults (5xx, 420, slow, resets, truncated JSON, HTML proxy page, empty body) and any custom answer. Canned
 * answers change no state; {@code resetAfterBody()} and {@code resetMidResponse()} process the request first.
 * <b>Note:</b> the JDK {@code HttpClient} (21 to 25) itself retries a GET or HEAD once, silently, when the connection
 * closes before any response byte ({@code resetBeforeBody()}, {@code resetAfterBody()}); POSTs are not retried (unless
 * {@code jdk.httpclient.enableAllMethodRetry} is set). So one client attempt at a GET costs two emulator requests under
 * such a fault; use {@code times(2)} per attempt, or {@code resetMidResponse()}, which the JDK never retries.
 *
 * <h2>Counters and log</h2>
 * {@link io.jenkins.plugins.salesforce.emulator.RequestLog} counts every request on arrival (faulted ones too), per
 * endpoint and per grant type, and renders a log with every secret replaced by {@code ****}. No {@code toString()} of
 * this package shows a token, secret, code, OTP or assertion.
 */
package io.jenkins.plugins.salesforce.emulator;
