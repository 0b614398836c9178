package io.calroom.principal;

import java.util.List;
import java.util.Set;

/**
 * Directory search for principal-property-search (RFC 3744 §9.4) and CalendarServer's
 * principal search: case-insensitive matching on names, e-mail and addresses, always inside
 * one org (the org is part of every query, never a filter applied afterwards).
 */
public interface PrincipalSearch {
    /** What can be searched. */
    enum Attribute { DISPLAY_NAME, EMAIL, ADDRESS, CALENDAR_USER_TYPE, FIRST_NAME, LAST_NAME, NAME }

    enum MatchType { CONTAINS, STARTS_WITH, ENDS_WITH, EQUALS }

    /** One condition: an attribute matching a value. */
    record Term(Attribute attribute, String value, MatchType matchType) {}

    /** Terms combined with AND ({@code allOf}) or OR, restricted to kinds and calendar-user types. */
    record Query(long orgId, List<Term> terms, boolean allOf, Set<PrincipalKind> kinds, Set<String> calendarUserTypes,
                        int limit) {
        public Query {
            terms = List.copyOf(terms);
            kinds = Set.copyOf(kinds);
            calendarUserTypes = Set.copyOf(calendarUserTypes);
        }
    }

    List<Principal> search(Query q);
}
