-- Multi-tenant directory: groups, typed resource policies, resource access lists, service
-- tokens, and the OIDC subject of just-in-time provisioned users.

ALTER TABLE principals ADD COLUMN oidc_subject text;
ALTER TABLE principals ADD COLUMN first_name text;
ALTER TABLE principals ADD COLUMN last_name text;
CREATE UNIQUE INDEX principals_oidc_subject_uq ON principals (org_id, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- Named sets of users within an org, from the admin API or an OIDC groups claim.
CREATE TABLE groups (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$'),
    display_name  text,
    source        text NOT NULL DEFAULT 'admin' CHECK (source IN ('admin', 'oidc')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, name)
);

CREATE TABLE group_members (
    group_id      bigint NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    principal_id  bigint NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, principal_id)
);
CREATE INDEX group_members_principal_idx ON group_members (principal_id);

-- The typed booking policy of a room or resource (one row per resource principal).
CREATE TABLE resource_policies (
    principal_id                  bigint PRIMARY KEY REFERENCES principals(id) ON DELETE CASCADE,
    capacity                      integer CHECK (capacity IS NULL OR capacity >= 0),
    location                      text,
    equipment                     text[] NOT NULL DEFAULT '{}',
    tags                          text[] NOT NULL DEFAULT '{}',
    auto_schedule_mode            text NOT NULL DEFAULT 'automatic' CHECK (auto_schedule_mode IN
                                      ('automatic', 'accept-always', 'decline-always', 'accept-if-free', 'decline-if-busy', 'manual')),
    restricted_access             boolean NOT NULL DEFAULT false,
    multiple_bookings             integer NOT NULL DEFAULT 1 CHECK (multiple_bookings >= 1),
    max_booking_duration_seconds  bigint CHECK (max_booking_duration_seconds IS NULL OR max_booking_duration_seconds > 0),
    -- how far ahead a booking may start
    booking_window_start_seconds  bigint CHECK (booking_window_start_seconds IS NULL OR booking_window_start_seconds > 0),
    -- the minimum notice before a booking starts
    booking_window_end_seconds    bigint CHECK (booking_window_end_seconds IS NULL OR booking_window_end_seconds >= 0),
    recurring_conflicts           text NOT NULL DEFAULT 'per-occurrence' CHECK (recurring_conflicts IN ('per-occurrence', 'whole-series')),
    timezone                      text NOT NULL DEFAULT 'UTC'
);

-- Working hours of a resource, in its time zone: bookings outside are declined.
CREATE TABLE resource_working_hours (
    principal_id  bigint NOT NULL REFERENCES resource_policies(principal_id) ON DELETE CASCADE,
    weekday       smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),  -- ISO: 1 = Monday
    start_time    time NOT NULL,
    end_time      time NOT NULL,
    CHECK (end_time > start_time),
    PRIMARY KEY (principal_id, weekday, start_time)
);

-- Who may do what with a resource: a person or a group, per kind of grant.
CREATE TABLE resource_access (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resource_id         bigint NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
    kind                text NOT NULL CHECK (kind IN ('allowed-booker', 'auto-accept', 'manager-read', 'manager-read-write')),
    grantee_principal   bigint REFERENCES principals(id) ON DELETE CASCADE,
    grantee_group       bigint REFERENCES groups(id) ON DELETE CASCADE,
    CHECK (num_nonnulls(grantee_principal, grantee_group) = 1)
);
CREATE UNIQUE INDEX resource_access_principal_uq ON resource_access (resource_id, kind, grantee_principal) WHERE grantee_principal IS NOT NULL;
CREATE UNIQUE INDEX resource_access_group_uq ON resource_access (resource_id, kind, grantee_group) WHERE grantee_group IS NOT NULL;
CREATE INDEX resource_access_grantee_idx ON resource_access (grantee_principal);

-- Service credentials for programs that proxy CalDAV or call the admin API: shown once,
-- stored as a SHA-256 hash (the token itself carries 256 random bits).
CREATE TABLE api_tokens (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name          text NOT NULL,
    token_hash    text NOT NULL UNIQUE,
    scopes        text[] NOT NULL DEFAULT ARRAY['caldav-proxy', 'admin'],
    send_imip     boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz
);
