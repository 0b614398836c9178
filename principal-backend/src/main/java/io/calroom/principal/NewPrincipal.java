package io.calroom.principal;

/** What a principal is created with. {@code password} is the clear text, or null for none. */
public record NewPrincipal(
        long orgId,
        PrincipalKind kind,
        String name,
        String calendarUserType,
        String displayName,
        String email,
        Role role,
        String password) {
}
