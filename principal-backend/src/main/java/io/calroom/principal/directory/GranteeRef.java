package io.calroom.principal.directory;

/**
 * Who a grant is for, by name within the org: a user ({@code alice}) or a group ({@code group:staff}).
 */
public sealed interface GranteeRef permits GranteeRef.User, GranteeRef.Group {
    String GROUP_PREFIX = "group:";

    String name();

    /** The wire form: the user name, or {@code group:} and the group name. */
    String format();

    record User(String name) implements GranteeRef {
        public String format() {
            return name;
        }
    }

    record Group(String name) implements GranteeRef {
        public String format() {
            return GROUP_PREFIX + name;
        }
    }

    /** {@code group:staff} is a group, anything else a user name. Does not check the name's syntax. */
    static GranteeRef parse(String s) {
        return s.startsWith(GROUP_PREFIX) ? new Group(s.substring(GROUP_PREFIX.length())) : new User(s);
    }

    /** True when the name part is a syntactically valid user or group name. */
    default boolean isWellFormed() {
        return Names.isPrincipalName(name());
    }
}
