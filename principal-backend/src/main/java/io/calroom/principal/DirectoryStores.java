package io.calroom.principal;

import io.calroom.principal.directory.ApiTokenStore;
import io.calroom.principal.directory.DelegationStore;
import io.calroom.principal.directory.GroupStore;
import io.calroom.principal.directory.OrgStore;
import io.calroom.principal.directory.ResourceDirectory;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.principal.directory.UserDirectory;
import io.calroom.schema.CalendarStores;
import io.calroom.schema.Database;

/**
 * The directory's stores (principals, orgs, users, resources and their policies, groups,
 * delegations, service tokens, principal search) and the {@link AccountProvisioner} that creates
 * principals with their calendar home, built once at start-up over the {@link Database} and handed to the
 * code that needs them. Inside {@link Database#transaction} every store's statements belong to the
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
        var dsl = database.dsl();
        PrincipalStore principals = new PrincipalStore(dsl);
        ResourcePolicyStore policies = new ResourcePolicyStore(dsl);
        AccountProvisioner accounts = new AccountProvisioner(database, principals, CalendarStores.over(database).collections(), hasher);
        return new DirectoryStores(principals, new OrgStore(dsl), new UserDirectory(dsl, principals, accounts, hasher),
                new ResourceDirectory(dsl, principals, policies, accounts), policies, new GroupStore(dsl),
                new DelegationStore(dsl, principals), new ApiTokenStore(dsl), new PrincipalSearch(dsl), accounts);
    }
}
