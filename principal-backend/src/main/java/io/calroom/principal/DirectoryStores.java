package io.calroom.principal;

import io.calroom.principal.directory.ApiTokenStore;
import io.calroom.principal.directory.JooqApiTokenStore;
import io.calroom.principal.directory.DelegationStore;
import io.calroom.principal.directory.JooqDelegationStore;
import io.calroom.principal.directory.GroupStore;
import io.calroom.principal.directory.JooqGroupStore;
import io.calroom.principal.directory.OrgStore;
import io.calroom.principal.directory.JooqOrgStore;
import io.calroom.principal.directory.ResourceDirectory;
import io.calroom.principal.directory.JooqResourceDirectory;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.principal.directory.JooqResourcePolicyStore;
import io.calroom.principal.directory.UserDirectory;
import io.calroom.principal.directory.JooqUserDirectory;
import io.calroom.schema.CalendarStores;
import io.calroom.schema.Database;
import io.calroom.schema.store.CalendarCollectionStore;

/**
 * The directory's stores (principals, orgs, users, resources and their policies, groups,
 * delegations, service tokens, principal search) and the {@link AccountProvisioner} that creates
 * principals with their calendar home, built once at start-up over the {@link Database} and handed to the
 * code that needs them. Each store is an interface, implemented here over jOOQ and PostgreSQL. Inside {@link Database#transaction} every store's statements belong to the
 * thread's transaction, so the same instances serve reads and writes.
 */
public record DirectoryStores(
        PrincipalStore principals,
        OrgStore orgs,
        UserDirectory users,
        ResourceDirectory resources,
        ResourcePolicyStore resourcePolicies,
        GroupStore groups,
        DelegationStore delegations,
        ApiTokenStore apiTokens,
        PrincipalSearch search,
        AccountProvisioner accounts) {

    /** {@code hasher} hashes the passwords set through {@link #users()}. */
    public static DirectoryStores over(Database database, PasswordHasher hasher) {
        return over(database, CalendarStores.over(database).collections(), hasher);
    }

    /** With the calendar collections the server's other stores use: new accounts get their home there. */
    public static DirectoryStores over(Database database, CalendarCollectionStore collections, PasswordHasher hasher) {
        var dsl = database.dsl();
        PrincipalStore principals = new JooqPrincipalStore(dsl);
        ResourcePolicyStore policies = new JooqResourcePolicyStore(dsl);
        AccountProvisioner accounts = new AccountProvisioner(database, principals, collections, hasher);
        return new DirectoryStores(principals, new JooqOrgStore(dsl), new JooqUserDirectory(dsl, principals, accounts, hasher),
                new JooqResourceDirectory(dsl, principals, policies, accounts), policies, new JooqGroupStore(dsl),
                new JooqDelegationStore(dsl, principals), new JooqApiTokenStore(dsl), new JooqPrincipalSearch(dsl), accounts);
    }
}
